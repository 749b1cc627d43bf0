import type { LookupResult } from "./kb-index";

/** What the results list renders: small and serializable (passed from server actions). */
export interface LookupView {
  signatures: LookupResult["signatures"];
  articles: LookupResult["articles"];
}

export function toLookupView(result: LookupResult): LookupView {
  return { signatures: result.signatures.slice(0, 40), articles: result.articles.slice(0, 20) };
}
