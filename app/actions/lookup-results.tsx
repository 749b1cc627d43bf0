"use server";

import { LookupResults } from "@/components/lookup-results";
import { requireRole } from "@/lib/auth/require";
import { queryText } from "@/lib/kb/query-input";
import { toLookupView } from "@/lib/search/lookup-view";
import { lookupText } from "@/lib/search/service";

/**
 * Lookup for pasted text too long for a URL, rendered on the server: the search box receives the
 * finished results, so the results view never ships to the browser as JavaScript.
 */
export async function lookupResultsAction(text: unknown): Promise<{ error: string } | { results: React.ReactNode }> {
  await requireRole("viewer");
  const parsed = queryText.safeParse(text);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid text" };
  return { results: <LookupResults result={toLookupView(await lookupText(parsed.data))} /> };
}
