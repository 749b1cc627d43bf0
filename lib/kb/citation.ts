/**
 * How a source document is cited beside a quote: the kind of source (a Microsoft KB article, an
 * Exchange documentation topic, a practitioner's article), its number and revision, its title.
 */
export interface CitableSource {
  sourceKind: string;
  sourceTitle: string;
  kbNumber: string | null;
  revision: string | null;
}

export function citeSource(s: CitableSource): string {
  if (s.sourceKind === "microsoft-kb" && s.kbNumber) {
    return `Microsoft KB ${s.kbNumber}${s.revision ? ` rev ${s.revision}` : ""}: "${s.sourceTitle}"`;
  }
  if (s.sourceKind === "technet-topic") return `Exchange 2007 documentation: "${s.sourceTitle}"`;
  if (s.sourceKind === "practitioner") return `practitioner's article: "${s.sourceTitle}"`;
  return `"${s.sourceTitle}"`;
}
