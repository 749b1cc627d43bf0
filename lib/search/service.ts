import { getDb } from "@/lib/db/client";
import { KbIndex, type LookupResult, type RankedArticle } from "./kb-index";
import { loadIndexDocuments, readKbRevision } from "./index-source";

/**
 * The process-wide search index, rebuilt when the knowledge base's revision changes.
 * The revision is read at most once per REVISION_CHECK_MS, so a KB update shows up within
 * that time on every app instance without per-request database work.
 */

const REVISION_CHECK_MS = 2_000;
/** Longest text accepted for search/lookup; the API rejects more with a clear message. */
export const MAX_QUERY_CHARS = 200_000;

interface IndexState {
  index: KbIndex;
  revision: number;
  checkedAt: number;
}

const globalForIndex = globalThis as unknown as {
  relaydeskIndex?: IndexState;
  relaydeskIndexLoading?: Promise<IndexState>;
};

async function build(): Promise<IndexState> {
  const db = getDb();
  const revision = await readKbRevision(db);
  const index = new KbIndex(await loadIndexDocuments(db));
  return { index, revision, checkedAt: Date.now() };
}

export async function getKbIndex(): Promise<KbIndex> {
  const state = globalForIndex.relaydeskIndex;
  if (state && Date.now() - state.checkedAt < REVISION_CHECK_MS) return state.index;
  if (!globalForIndex.relaydeskIndexLoading) {
    globalForIndex.relaydeskIndexLoading = (async () => {
      try {
        if (state) {
          const revision = await readKbRevision(getDb());
          if (revision === state.revision) {
            state.checkedAt = Date.now();
            return state;
          }
        }
        const next = await build();
        globalForIndex.relaydeskIndex = next;
        return next;
      } finally {
        globalForIndex.relaydeskIndexLoading = undefined;
      }
    })();
  }
  const loading = globalForIndex.relaydeskIndexLoading;
  // While a revision check is in flight, serve the current index rather than wait.
  if (state) {
    loading.catch((error: unknown) => console.error("relaydesk: search index refresh failed", error));
    return state.index;
  }
  return (await loading).index;
}

export async function searchArticles(query: string): Promise<RankedArticle[]> {
  const text = query.trim();
  if (!text) return [];
  return (await getKbIndex()).search(text);
}

export async function lookupText(text: string): Promise<LookupResult> {
  if (!text.trim()) return { signatures: [], articles: [] };
  return (await getKbIndex()).lookup(text);
}
