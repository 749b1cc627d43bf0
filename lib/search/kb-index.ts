import type { SignatureKind } from "@/lib/kb/seed-schema";
import { extractSignatures, normalizePhrase, type ExtractedSignature } from "@/lib/kb/signatures";
import { tokenize } from "./tokenize";

/**
 * In-memory search index over the knowledge base: BM25 over weighted article text plus an exact
 * index of typed signatures. The knowledge base is small and read-mostly, so each app instance
 * keeps one index and rebuilds it when the KB revision changes (see ./service.ts). This keeps
 * ranking identical on every database engine and lookups in the sub-millisecond range.
 */

export interface IndexSignature {
  kind: SignatureKind;
  value: string;
  display: string;
  qualifier: string | null;
  weight: number;
  symptomKey: string;
  symptomDescription: string;
}

export interface IndexDocument {
  slug: string;
  title: string;
  summary: string;
  /** Text fields with their boost: title 3, summary 2, symptoms 2, everything else 1. */
  fields: { text: string; boost: number }[];
  signatures: IndexSignature[];
}

export interface MatchedSignature {
  kind: SignatureKind | "term";
  value: string;
  display: string;
  symptom?: string;
  why: string;
}

export interface RankedArticle {
  slug: string;
  title: string;
  summary: string;
  score: number;
  matched: MatchedSignature[];
}

export interface LookupResult {
  signatures: { kind: SignatureKind; value: string; text: string; qualifier?: string }[];
  articles: RankedArticle[];
}

/** How much one matching signature of each kind says about an article. */
const KIND_WEIGHT: Record<SignatureKind, number> = {
  hresult: 6,
  banner: 6,
  "event-id": 5,
  winsock: 5,
  "log-line": 5,
  "enhanced-status": 4,
  keyword: 3,
  "smtp-reply": 1.5,
};

const PHRASE_KINDS = new Set<SignatureKind>(["log-line", "keyword"]);
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** Long pasted text is reduced to its most distinctive terms before scoring. */
const MAX_QUERY_TERMS = 32;
const MAX_RESULTS = 50;

interface Posting {
  docs: number[];
  tfs: number[];
}

interface PhraseEntry {
  phrase: string;
  kind: SignatureKind;
  value: string;
}

export class KbIndex {
  readonly size: number;
  private readonly docs: IndexDocument[];
  private readonly postings = new Map<string, Posting>();
  private readonly docLength: Float64Array;
  private readonly avgDocLength: number;
  /** `${kind}:${value}` → documents carrying that signature. */
  private readonly signatureDocs = new Map<string, { doc: number; sig: IndexSignature }[]>();
  /** First token of a phrase → phrases starting with it (candidate filter before substring test). */
  private readonly phrasesByFirstToken = new Map<string, PhraseEntry[]>();

  constructor(docs: IndexDocument[]) {
    this.docs = docs;
    this.size = docs.length;
    this.docLength = new Float64Array(docs.length);
    let total = 0;
    docs.forEach((doc, i) => {
      const tf = new Map<string, number>();
      for (const field of doc.fields) {
        for (const token of tokenize(field.text)) tf.set(token, (tf.get(token) ?? 0) + field.boost);
      }
      let length = 0;
      for (const [token, count] of tf) {
        length += count;
        let posting = this.postings.get(token);
        if (!posting) {
          posting = { docs: [], tfs: [] };
          this.postings.set(token, posting);
        }
        posting.docs.push(i);
        posting.tfs.push(count);
      }
      this.docLength[i] = length;
      total += length;

      for (const sig of doc.signatures) {
        const key = `${sig.kind}:${sig.value}`;
        let list = this.signatureDocs.get(key);
        if (!list) {
          list = [];
          this.signatureDocs.set(key, list);
        }
        list.push({ doc: i, sig });
        if (PHRASE_KINDS.has(sig.kind)) {
          const first = tokenize(sig.value)[0];
          if (!first) continue;
          let phrases = this.phrasesByFirstToken.get(first);
          if (!phrases) {
            phrases = [];
            this.phrasesByFirstToken.set(first, phrases);
          }
          if (!phrases.some((p) => p.phrase === sig.value && p.kind === sig.kind)) {
            phrases.push({ phrase: sig.value, kind: sig.kind, value: sig.value });
          }
        }
      }
    });
    this.avgDocLength = docs.length > 0 ? total / docs.length : 1;
  }

  /** Free-text search: words and codes; BM25 first, signatures as a strong boost. */
  search(query: string): RankedArticle[] {
    return this.rank(query, { textWeight: 1 }).articles;
  }

  /** Paste lookup: identifying signatures first, text relevance as a tie-breaker. */
  lookup(text: string): LookupResult {
    return this.rank(text, { textWeight: 0.25 });
  }

  private rank(input: string, options: { textWeight: number }): LookupResult {
    const scores = new Map<number, { score: number; matched: MatchedSignature[]; seen: Set<string> }>();
    const entry = (doc: number) => {
      let e = scores.get(doc);
      if (!e) {
        e = { score: 0, matched: [], seen: new Set() };
        scores.set(doc, e);
      }
      return e;
    };

    const extracted = extractSignatures(input);
    const normalized = ` ${normalizePhrase(input.length > 262_144 ? input.slice(0, 262_144) : input)} `;
    const queryTokens = tokenize(normalized);
    const phraseSignatures = this.matchPhrases(normalized, new Set(queryTokens));
    const allSignatures: ExtractedSignature[] = [...extracted, ...phraseSignatures];

    for (const sig of allSignatures) {
      const holders = this.signatureDocs.get(`${sig.kind}:${sig.value}`);
      if (!holders) continue;
      const docFrequency = new Set(holders.map((h) => h.doc)).size;
      const idf = Math.log(1 + this.size / docFrequency);
      for (const { doc, sig: stored } of holders) {
        const e = entry(doc);
        const dedupe = `${sig.kind}:${sig.value}`;
        if (e.seen.has(dedupe)) continue;
        e.seen.add(dedupe);
        let weight = KIND_WEIGHT[sig.kind] * stored.weight * idf;
        let why = `${describeKind(sig.kind)} ${stored.display}`;
        if (sig.kind === "event-id" && stored.qualifier && sig.qualifier) {
          const same = normalizePhrase(sig.qualifier).includes(normalizePhrase(stored.qualifier));
          weight *= same ? 1.5 : 0.5;
          why += same ? ` from ${stored.qualifier}` : ` (source ${sig.qualifier}, article expects ${stored.qualifier})`;
        }
        e.score += weight;
        e.matched.push({
          kind: sig.kind,
          value: sig.value,
          display: stored.display,
          symptom: stored.symptomDescription,
          why,
        });
      }
    }

    if (options.textWeight > 0) this.scoreTerms(queryTokens, options.textWeight, entry);

    const articles = [...scores.entries()]
      .filter(([, e]) => e.score > 0)
      .sort((a, b) => b[1].score - a[1].score || a[0] - b[0])
      .slice(0, MAX_RESULTS)
      .map(([doc, e]) => {
        const d = this.docs[doc]!;
        return {
          slug: d.slug,
          title: d.title,
          summary: d.summary,
          score: Math.round(e.score * 1000) / 1000,
          matched: e.matched,
        };
      });

    return {
      signatures: allSignatures.map((s) => ({
        kind: s.kind,
        value: s.value,
        text: s.text,
        ...(s.qualifier ? { qualifier: s.qualifier } : {}),
      })),
      articles,
    };
  }

  private matchPhrases(normalized: string, tokens: Set<string>): ExtractedSignature[] {
    const found: ExtractedSignature[] = [];
    for (const token of tokens) {
      const candidates = this.phrasesByFirstToken.get(token);
      if (!candidates) continue;
      for (const candidate of candidates) {
        if (containsPhrase(normalized, candidate.phrase)) {
          found.push({ kind: candidate.kind, value: candidate.value, text: candidate.phrase });
        }
      }
    }
    return found;
  }

  private scoreTerms(
    tokens: string[],
    textWeight: number,
    entry: (doc: number) => { score: number; matched: MatchedSignature[]; seen: Set<string> },
  ) {
    const unique = [...new Set(tokens)].filter((t) => this.postings.has(t));
    const idf = (t: string) => {
      const df = this.postings.get(t)!.docs.length;
      return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
    };
    const terms = unique
      .map((t) => ({ t, idf: idf(t) }))
      .sort((a, b) => b.idf - a.idf)
      .slice(0, MAX_QUERY_TERMS);
    for (const { t, idf: termIdf } of terms) {
      const posting = this.postings.get(t)!;
      for (let i = 0; i < posting.docs.length; i++) {
        const doc = posting.docs[i]!;
        const tf = posting.tfs[i]!;
        const norm = tf + BM25_K1 * (1 - BM25_B + (BM25_B * this.docLength[doc]!) / this.avgDocLength);
        const e = entry(doc);
        e.score += textWeight * termIdf * ((tf * (BM25_K1 + 1)) / norm);
        if (!e.seen.has(`term:${t}`) && e.matched.filter((m) => m.kind === "term").length < 8) {
          e.seen.add(`term:${t}`);
          e.matched.push({ kind: "term", value: t, display: t, why: `mentions "${t}"` });
        }
      }
    }
  }
}

function containsPhrase(haystack: string, phrase: string): boolean {
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(phrase, from);
    if (at === -1) return false;
    const before = haystack[at - 1] ?? " ";
    const after = haystack[at + phrase.length] ?? " ";
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
    from = at + 1;
  }
}

function describeKind(kind: SignatureKind): string {
  switch (kind) {
    case "smtp-reply":
      return "SMTP reply";
    case "enhanced-status":
      return "enhanced status code";
    case "hresult":
      return "error code";
    case "winsock":
      return "Winsock error";
    case "event-id":
      return "event ID";
    case "banner":
      return "banner shape";
    case "log-line":
      return "message text";
    case "keyword":
      return "keyword";
  }
}
