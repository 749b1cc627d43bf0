"use server";

import { requireRole } from "@/lib/auth/require";
import { queryText } from "@/lib/kb/query-input";
import { toLookupView, type LookupView } from "@/lib/search/lookup-view";
import { lookupText } from "@/lib/search/service";

/** Lookup for pasted text too long for a URL. */
export async function lookupAction(text: unknown): Promise<LookupView | { error: string }> {
  await requireRole("viewer");
  const parsed = queryText.safeParse(text);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid text" };
  return toLookupView(await lookupText(parsed.data));
}
