/**
 * Every `documented` basis (check, wizard weight, cause vantage note) quotes a sentence of a
 * source document. This collects those quotes with where they are used, and finds the ones
 * whose text is not in the cited article's source file (whitespace folded, nothing else).
 * Pure: the caller supplies the source text, so nothing here reads outside the repository.
 */
import type { BasisSeed, KbSeed } from "./seed-schema";

export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export interface QuoteSite {
  /** Where the basis is used: "check smtp.banner.masked → cisco-pix-mailguard", "wizard answer tls-yes → …". */
  where: string;
  article: string;
  quote: string;
}

export interface BasisSite {
  where: string;
  basis: BasisSeed | undefined;
}

/** Every check weight, wizard weight and cause vantage note with its basis (or undefined). */
export function basisSites(seed: KbSeed): BasisSite[] {
  const sites: BasisSite[] = [];
  for (const c of seed.checks) sites.push({ where: `check ${c.findingId} → ${c.cause}`, basis: c.basis });
  for (const category of seed.wizard.categories) {
    for (const w of category.causes) sites.push({ where: `wizard category ${category.key} → ${w.cause}`, basis: w.basis });
  }
  for (const question of seed.wizard.questions) {
    for (const answer of question.answers) {
      for (const w of answer.causes) sites.push({ where: `wizard answer ${answer.key} → ${w.cause}`, basis: w.basis });
    }
  }
  for (const cause of seed.causes) if (cause.vantage) sites.push({ where: `cause ${cause.key} vantage`, basis: cause.vantage.basis });
  return sites;
}

export function quoteSites(seed: KbSeed): QuoteSite[] {
  return basisSites(seed).flatMap((s) =>
    s.basis?.kind === "documented" ? [{ where: s.where, article: s.basis.article, quote: s.basis.quote }] : [],
  );
}

/** Quotes not found verbatim (whitespace folded) in their article's source document. */
export function missingQuotes(seed: KbSeed, readSource: (file: string) => string): Array<QuoteSite & { file: string | null }> {
  const fileOf = new Map(seed.articles.map((a) => [a.slug, a.sourceFile]));
  const folded = new Map<string, string>();
  const missing: Array<QuoteSite & { file: string | null }> = [];
  for (const site of quoteSites(seed)) {
    const file = fileOf.get(site.article) ?? null;
    if (!file) {
      missing.push({ ...site, file });
      continue;
    }
    if (!folded.has(file)) folded.set(file, foldWhitespace(readSource(file)));
    if (!folded.get(file)!.includes(foldWhitespace(site.quote))) missing.push({ ...site, file });
  }
  return missing;
}
