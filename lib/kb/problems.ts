/**
 * A validation problem in the knowledge base as an editor sees it: the file (or document), the
 * field path inside it (`symptoms.0.signatures.1.display`) and what is wrong. The console shows
 * it beside the field; the command line prints `file: field: message`.
 */
import type { z } from "zod";

export interface KbProblem {
  file: string;
  field: string;
  message: string;
}

export function issuesOf(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message }));
}

export function formatProblem(p: KbProblem): string {
  return p.field ? `${p.file}: ${p.field}: ${p.message}` : `${p.file}: ${p.message}`;
}
