import type { SignatureKind } from "@/lib/kb/seed-schema";
import { drain, drainCooperatively } from "@/lib/cooperative";
import { extractSignatureSteps, normalizePhrase, trimPhrase, type ExtractedSignature } from "@/lib/kb/signatures";
import { tokenize, tokenizeSteps } from "./tokenize";

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
  /** Extra reasoning where kind and text do not say it all (an event from another source). */
  note?: string;
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
  "symptom-sentence": 4,
  "enhanced-status": 4,
  keyword: 3,
  "smtp-reply": 1.5,
};

const PHRASE_KINDS = new Set<SignatureKind>(["log-line", "symptom-sentence", "keyword"]);
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/** Long pasted text is reduced to its most distinctive terms before scoring. */
const MAX_QUERY_TERMS = 32;
const MAX_RESULTS = 20;
/** Results scoring under this fraction of the best result are dropped. */
const MIN_RELATIVE_SCORE = 0.1;

interface Posting {
  docs: number[];
  tfs: number[];
}

interface PhraseEntry {
  /** Normalized phrase; also the signature's value. */
  phrase: string;
  kind: SignatureKind;
}

export class KbIndex {
  readonly size: number;
  private readonly docs: IndexDocument[];
  private readonly postings = new Map<string, Posting>();
  private readonly docLength: Float64Array;
  private readonly avgDocLength: number;
  /**
   * A phrase's first two tokens (or its only token) → phrases starting with them: the candidate
   * filter before the substring test. Two tokens keep the candidate lists short even when a
   * common word starts many phrases.
   */
  private readonly phrasesByLead = new Map<string, PhraseEntry[]>();
  /**
   * Per signature key, the documents carrying it (one entry per document) with their
   * precomputed credit (kind weight x signature weight x idf) and normalized event source.
   */
  private readonly signatureCredits = new Map<string, { docs: Int32Array; credit: Float64Array; sources: (string | null)[] }>();
  private readonly scratch: { scores: Float64Array };

  constructor(docs: IndexDocument[]) {
    this.docs = docs;
    this.size = docs.length;
    this.docLength = new Float64Array(docs.length);
    let total = 0;
    /** `${kind}:${value}` → documents carrying that signature (build time only). */
    const signatureDocs = new Map<string, { doc: number; sig: IndexSignature }[]>();
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
        let list = signatureDocs.get(key);
        if (!list) {
          list = [];
          signatureDocs.set(key, list);
        }
        list.push({ doc: i, sig });
        if (PHRASE_KINDS.has(sig.kind)) {
          const lead = phraseLead(tokenize(sig.value));
          if (!lead) continue;
          let phrases = this.phrasesByLead.get(lead);
          if (!phrases) {
            phrases = [];
            this.phrasesByLead.set(lead, phrases);
          }
          if (!phrases.some((p) => p.phrase === sig.value && p.kind === sig.kind)) {
            phrases.push({ phrase: sig.value, kind: sig.kind });
          }
        }
      }
    });
    this.avgDocLength = docs.length > 0 ? total / docs.length : 1;
    for (const [key, holders] of signatureDocs) {
      // one credit per article per signature: the first symptom that carries it
      const first = holders.filter((h, i) => i === 0 || holders[i - 1]!.doc !== h.doc);
      const idf = Math.log(1 + this.size / first.length);
      this.signatureCredits.set(key, {
        docs: Int32Array.from(first, (h) => h.doc),
        credit: Float64Array.from(first, (h) => KIND_WEIGHT[h.sig.kind] * h.sig.weight * idf),
        sources: first.map((h) => (h.sig.kind === "event-id" && h.sig.qualifier ? normalizePhrase(h.sig.qualifier) : null)),
      });
    }
    this.scratch = { scores: new Float64Array(docs.length) };
  }

  /** Free-text search: words and codes; BM25 first, signatures as a strong boost. */
  search(query: string): RankedArticle[] {
    return drain(this.rank(query, { textWeight: 1 })).articles;
  }

  /** Paste lookup: identifying signatures first, text relevance as a tie-breaker. */
  lookup(text: string): LookupResult {
    return drain(this.rank(text, { textWeight: 0.25 }));
  }

  /** search() for request handlers: long input gives the event loop turns while it is read. */
  async searchCooperatively(query: string): Promise<RankedArticle[]> {
    return (await drainCooperatively(this.rank(query, { textWeight: 1 }))).articles;
  }

  /** lookup() for request handlers: a 200 KB paste does not hold up other requests. */
  lookupCooperatively(text: string): Promise<LookupResult> {
    return drainCooperatively(this.rank(text, { textWeight: 0.25 }));
  }

  /**
   * Reading the input (signatures, normalisation, tokens, phrases) yields between slices; the
   * scoring after it does not, so the shared score buffer is never used by two queries at once.
   */
  private *rank(input: string, options: { textWeight: number }): Generator<void, LookupResult> {
    const extracted = yield* extractSignatureSteps(input);
    const normalized = ` ${yield* normalizeSlices(input.length > 262_144 ? input.slice(0, 262_144) : input)} `;
    yield;
    const queryTokens = yield* tokenizeSteps(normalized);
    yield;
    const phraseSignatures = yield* this.matchPhrases(normalized, queryTokens);
    const allSignatures: ExtractedSignature[] = [...extracted, ...phraseSignatures];

    // Scores live in one reusable typed array; `touched` lists the documents that scored.
    // rank() is synchronous, so the buffers are never shared between two queries.
    const scores = this.scratch.scores;
    const touched: number[] = [];
    const touch = (doc: number, add: number) => {
      if (scores[doc] === 0) touched.push(doc);
      scores[doc]! += add;
    };

    const matchedKeys = new Set<string>();
    for (const sig of allSignatures) {
      const key = `${sig.kind}:${sig.value}`;
      if (matchedKeys.has(key)) continue;
      const entry = this.signatureCredits.get(key);
      if (!entry) continue;
      matchedKeys.add(key);
      // an event ID from the source the article names counts more; from another source, less
      const source = sig.kind === "event-id" && sig.qualifier ? normalizePhrase(sig.qualifier) : null;
      for (let i = 0; i < entry.docs.length; i++) {
        const expected = source ? entry.sources[i] : null;
        touch(entry.docs[i]!, expected ? entry.credit[i]! * (source!.includes(expected) ? 1.5 : 0.5) : entry.credit[i]!);
      }
    }

    if (options.textWeight > 0) {
      // When signatures already found candidates, very common words add noise, not evidence.
      const maxDf = touched.length > 0 ? Math.max(50, this.size * 0.02) : Infinity;
      for (const { posting, idf } of this.queryTerms(queryTokens, maxDf)) {
        for (let i = 0; i < posting.docs.length; i++) {
          const doc = posting.docs[i]!;
          const tf = posting.tfs[i]!;
          const norm = tf + BM25_K1 * (1 - BM25_B + (BM25_B * this.docLength[doc]!) / this.avgDocLength);
          touch(doc, options.textWeight * idf * ((tf * (BM25_K1 + 1)) / norm));
        }
      }
    }

    // Top results by score (ties: reading order); weak overlaps far below the best are noise.
    let best = 0;
    for (const doc of touched) best = Math.max(best, scores[doc]!);
    const cutoff = best * MIN_RELATIVE_SCORE;
    const top: number[] = [];
    for (const doc of touched) {
      const score = scores[doc]!;
      if (score <= 0 || score < cutoff) continue;
      if (top.length === MAX_RESULTS && !better(score, doc, top[top.length - 1]!)) continue;
      let at = top.length;
      while (at > 0 && better(score, doc, top[at - 1]!)) at--;
      top.splice(at, 0, doc);
      if (top.length > MAX_RESULTS) top.pop();
    }
    function better(score: number, doc: number, than: number) {
      const other = scores[than]!;
      return score > other || (score === other && doc < than);
    }

    const uniqueTokens = [...new Set(queryTokens)];
    const articles = top.map((doc) => {
      const d = this.docs[doc]!;
      return {
        slug: d.slug,
        title: d.title,
        summary: d.summary,
        score: Math.round(scores[doc]! * 1000) / 1000,
        matched: this.explain(doc, allSignatures, matchedKeys, uniqueTokens, options.textWeight > 0),
      };
    });
    for (const doc of touched) scores[doc] = 0;

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

  /** The most distinctive query terms that occur in the index, rarest first. */
  private queryTerms(tokens: string[], maxDf: number): { posting: Posting; idf: number }[] {
    const terms: { posting: Posting; idf: number }[] = [];
    for (const t of new Set(tokens)) {
      const posting = this.postings.get(t);
      if (!posting || posting.docs.length > maxDf) continue;
      const df = posting.docs.length;
      terms.push({ posting, idf: Math.log(1 + (this.size - df + 0.5) / (df + 0.5)) });
    }
    return terms.sort((a, b) => b.idf - a.idf).slice(0, MAX_QUERY_TERMS);
  }

  /** Why a result ranks: its matching signatures (with their symptoms), then shared words. */
  private explain(
    doc: number,
    signatures: ExtractedSignature[],
    matchedKeys: Set<string>,
    uniqueTokens: string[],
    withTerms: boolean,
  ): MatchedSignature[] {
    const matched: MatchedSignature[] = [];
    const seen = new Set<string>();
    for (const stored of this.docs[doc]!.signatures) {
      const key = `${stored.kind}:${stored.value}`;
      if (!matchedKeys.has(key) || seen.has(key)) continue;
      seen.add(key);
      const sig = signatures.find((s) => s.kind === stored.kind && s.value === stored.value)!;
      const item: MatchedSignature = { kind: stored.kind, value: stored.value, display: stored.display, symptom: stored.symptomDescription };
      if (stored.kind === "event-id" && stored.qualifier && sig.qualifier) {
        item.note =
          qualifierFactor(sig, stored) > 1
            ? `from ${stored.qualifier}, as the article says`
            : `source ${sig.qualifier}, the article expects ${stored.qualifier}`;
      }
      matched.push(item);
    }
    if (withTerms) {
      let terms = 0;
      for (const t of uniqueTokens) {
        if (terms >= 8) break;
        const posting = this.postings.get(t);
        if (posting && binarySearch(posting.docs, doc)) {
          matched.push({ kind: "term", value: t, display: t });
          terms++;
        }
      }
    }
    return matched;
  }

  private *matchPhrases(normalized: string, tokens: string[]): Generator<void, ExtractedSignature[]> {
    const found: ExtractedSignature[] = [];
    const leads = new Set<string>();
    for (let i = 0; i < tokens.length; i++) {
      leads.add(tokens[i]!);
      if (i + 1 < tokens.length) leads.add(`${tokens[i]} ${tokens[i + 1]}`);
    }
    for (const lead of leads) {
      const candidates = this.phrasesByLead.get(lead);
      if (!candidates) continue;
      for (const candidate of candidates) {
        yield; // each test scans the whole input
        if (containsPhrase(normalized, candidate.phrase)) {
          found.push({ kind: candidate.kind, value: candidate.phrase, text: candidate.phrase });
        }
      }
    }
    return found;
  }
}

/** Characters normalised per slice; cut at a space so whitespace runs fold the same way. */
const NORMALIZE_SLICE = 32 * 1024;

/** normalizePhrase() over long text, a slice at a time (the same result). */
function* normalizeSlices(text: string): Generator<void, string> {
  if (text.length <= NORMALIZE_SLICE) return normalizePhrase(text);
  const parts: string[] = [];
  let from = 0;
  while (from < text.length) {
    let to = Math.min(text.length, from + NORMALIZE_SLICE);
    // end the slice after a whitespace run, so a run is never split between two slices
    const space = to < text.length ? text.slice(from, to).search(/\s\S*$/) : -1;
    if (space > 0) to = from + space + 1;
    while (to < text.length && /\s/.test(text[to]!)) to++;
    parts.push(text.slice(from, to).normalize("NFKC").toLowerCase().replace(/\s+/g, " "));
    from = to;
    yield;
  }
  return trimPhrase(parts.join(""));
}

/** Index key of a phrase: its first two tokens, or its only one. */
function phraseLead(tokens: string[]): string | null {
  if (tokens.length === 0) return null;
  return tokens.length === 1 ? tokens[0]! : `${tokens[0]} ${tokens[1]}`;
}

/** An event ID from the expected source counts more; from another source, less. */
function qualifierFactor(found: ExtractedSignature, stored: IndexSignature): number {
  if (found.kind !== "event-id" || !stored.qualifier || !found.qualifier) return 1;
  return normalizePhrase(found.qualifier).includes(normalizePhrase(stored.qualifier)) ? 1.5 : 0.5;
}

/** Postings hold documents in ascending order, so membership is a binary search. */
function binarySearch(sorted: number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
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
