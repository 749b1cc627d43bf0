import { getDb } from "@/lib/db/client";
import { revisionCached } from "@/lib/kb/revision-cache";
import { KbIndex, type LookupResult, type RankedArticle } from "./kb-index";
import { loadIndexDocuments } from "./index-source";

/** Longest text accepted for search/lookup; the API rejects more with a clear message. */
export const MAX_QUERY_CHARS = 200_000;

/** The process-wide search index, rebuilt when the knowledge base's revision changes. */
export const getKbIndex = revisionCached("search-index", async () => new KbIndex(await loadIndexDocuments(getDb())), {
  serveStale: true,
});

export async function searchArticles(query: string): Promise<RankedArticle[]> {
  const text = query.trim();
  if (!text) return [];
  return (await getKbIndex()).searchCooperatively(text);
}

export async function lookupText(text: string): Promise<LookupResult> {
  if (!text.trim()) return { signatures: [], articles: [] };
  return (await getKbIndex()).lookupCooperatively(text);
}
