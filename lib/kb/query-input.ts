import { z } from "zod";
import { MAX_QUERY_CHARS } from "@/lib/search/service";

/**
 * Text pasted into search and lookup. Control characters (other than tab and line breaks) are
 * removed rather than rejected: pasted NDRs and event dumps often carry stray NULs or escape codes.
 */
export function cleanPastedText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, " ");
}

export const queryText = z
  .string({ error: "text must be a string" })
  .max(MAX_QUERY_CHARS, `text is too long: at most ${MAX_QUERY_CHARS.toLocaleString("en-US")} characters`)
  .transform(cleanPastedText);

export const lookupBody = z.object({ text: queryText }, { error: "expected a JSON object { \"text\": \"...\" }" });
