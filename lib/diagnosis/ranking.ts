/**
 * Evidence ranking: causes ranked from where the wizard started (category or pasted text),
 * the answers given, and live probe findings, with the weights of the knowledge model
 * (WizardCategory/WizardAnswer cause weights, Check weights). Pure and deterministic: the same
 * input always yields the same ranking and the same explanations, so a saved diagnosis can be
 * re-derived and unit-tested without a database.
 */
import type {
  ArticleModel,
  CauseModel,
  CauseWeight,
  CheckModel,
  EvidenceLine,
  GivenAnswer,
  ObservedFinding,
  RankReason,
  RankedArticle,
  RankedCause,
  Strength,
  UnexplainedFinding,
  Verdict,
  WizardStart,
} from "./types";

/**
 * Observed behaviour counts double what someone reported: a check weight (1..3) is measured on
 * the wire, an answer weight (-3..3) is what a user remembers or guesses.
 */
export const EVIDENCE_FACTOR = 2;

/** Check weights are 1 weak, 2 moderate, 3 strong (prisma schema, model Check). */
export function strengthOf(weight: number): Strength {
  const w = Math.abs(weight);
  if (w >= 2.5) return "strong";
  if (w >= 1.5) return "moderate";
  return "weak";
}

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

export function ordinal(rank: number): string {
  return ORDINALS[rank - 1] ?? `#${rank}`;
}

export interface RankInput {
  causes: CauseModel[];
  articles: ArticleModel[];
  checks: CheckModel[];
  start: WizardStart;
  answers: GivenAnswer[];
  findings?: ObservedFinding[];
}

export interface Ranking {
  causes: RankedCause[];
  articles: RankedArticle[];
  unexplained: UnexplainedFinding[];
  /** Causes still in the running (score above zero). */
  candidates: number;
}

/** Sums weights per cause (a cause named twice counts twice). */
export function addWeights(into: Map<string, number>, weights: readonly CauseWeight[]): Map<string, number> {
  for (const w of weights) into.set(w.cause, (into.get(w.cause) ?? 0) + w.weight);
  return into;
}

/** Wizard score per cause: start weights plus every answer's weights. */
export function wizardScores(start: WizardStart, answers: readonly GivenAnswer[]): Map<string, number> {
  const scores = new Map<string, number>();
  if (start.kind !== "none") addWeights(scores, start.causes);
  for (const a of answers) addWeights(scores, a.causes);
  return scores;
}

/** One finding id observed (possibly several times, on several addresses), merged. */
interface MergedFinding {
  id: string;
  title: string;
  severity: ObservedFinding["severity"];
  lines: string[];
}

function mergeFindings(findings: readonly ObservedFinding[]): Map<string, MergedFinding> {
  const merged = new Map<string, MergedFinding>();
  for (const f of findings) {
    const m = merged.get(f.id) ?? { id: f.id, title: f.title, severity: f.severity, lines: [] };
    for (const line of f.evidence) if (!m.lines.includes(line) && m.lines.length < 20) m.lines.push(line);
    merged.set(f.id, m);
  }
  return merged;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function describeReason(r: RankReason): string {
  if (r.kind === "finding") return `${r.label} (${r.strength})`;
  return `${r.label} (${r.strength}, ${r.weight > 0 ? "+" : ""}${r.weight})`;
}

/** "first because: banner masked (strong), EHLO rejected (moderate); against: none" */
export function explainRank(rank: number, support: readonly RankReason[], against: readonly RankReason[]): string {
  const forText = support.length > 0 ? support.map(describeReason).join(", ") : "nothing speaks for it yet";
  const againstText = against.length > 0 ? against.map(describeReason).join(", ") : "none";
  return `${ordinal(rank)} because: ${forText}; against: ${againstText}`;
}

function verdictOf(evidence: readonly EvidenceLine[]): Verdict {
  const confirms = evidence.filter((e) => e.effect === "confirms").reduce((s, e) => s + e.weight, 0);
  const refutes = evidence.filter((e) => e.effect === "refutes").reduce((s, e) => s + e.weight, 0);
  if (confirms === 0 && refutes === 0) return "no-evidence";
  if (confirms > refutes) return "confirmed";
  if (refutes > confirms) return "refuted";
  return "mixed";
}

const REASON_ORDER: Record<RankReason["kind"], number> = { finding: 0, answer: 1, text: 2, category: 3 };

function sortReasons(reasons: RankReason[]): RankReason[] {
  return reasons.sort((a, b) => REASON_ORDER[a.kind] - REASON_ORDER[b.kind] || Math.abs(b.weight) - Math.abs(a.weight));
}

/** Ranks every cause that anything said something about, best first, with its explanation. */
export function rankDiagnosis(input: RankInput): Ranking {
  const findings = mergeFindings(input.findings ?? []);
  const causeOrder = new Map(input.causes.map((c, i) => [c.key, i]));
  const articlesByCause = new Map<string, Array<{ slug: string; title: string; explanation: string }>>();
  for (const article of [...input.articles].sort((a, b) => a.position - b.position)) {
    for (const c of article.causes) {
      const list = articlesByCause.get(c.cause) ?? [];
      list.push({ slug: article.slug, title: article.title, explanation: c.explanation });
      articlesByCause.set(c.cause, list);
    }
  }

  const drafts: Omit<RankedCause, "rank" | "explanation">[] = [];
  for (const cause of input.causes) {
    const support: RankReason[] = [];
    const against: RankReason[] = [];
    const push = (reason: RankReason) => {
      if (reason.weight > 0) support.push(reason);
      else if (reason.weight < 0) against.push(reason);
    };
    let wizardScore = 0;
    if (input.start.kind !== "none") {
      const w = input.start.causes.filter((x) => x.cause === cause.key).reduce((s, x) => s + x.weight, 0);
      if (w !== 0) {
        wizardScore += w;
        push({ kind: input.start.kind, label: input.start.label, weight: w, strength: strengthOf(w) });
      }
    }
    for (const answer of input.answers) {
      const w = answer.causes.filter((x) => x.cause === cause.key).reduce((s, x) => s + x.weight, 0);
      if (w === 0) continue;
      wizardScore += w;
      push({ kind: "answer", label: `"${answer.label}" (${answer.prompt})`, weight: w, strength: strengthOf(w) });
    }

    const evidence: EvidenceLine[] = [];
    const untested: RankedCause["untested"] = [];
    let evidenceScore = 0;
    for (const check of input.checks) {
      if (check.cause !== cause.key) continue;
      const seen = findings.get(check.findingId);
      if (!seen) {
        if (!untested.some((u) => u.findingId === check.findingId)) {
          untested.push({ findingId: check.findingId, probe: check.probe, effect: check.effect });
        }
        continue;
      }
      const signed = check.effect === "confirms" ? check.weight : -check.weight;
      evidenceScore += signed;
      const articleCause = check.symptom
        ? (articlesByCause.get(cause.key) ?? []).find((a) => a.slug === check.symptom?.articleSlug)
        : undefined;
      evidence.push({
        findingId: check.findingId,
        findingTitle: seen.title,
        effect: check.effect,
        weight: check.weight,
        strength: strengthOf(check.weight),
        lines: seen.lines,
        explanation: check.explanation,
        symptom: check.symptom,
        causeText: articleCause?.explanation ?? cause.description,
      });
      push({ kind: "finding", label: seen.title, weight: signed, strength: strengthOf(check.weight) });
    }

    if (support.length === 0 && against.length === 0) continue;
    const score = round(wizardScore + EVIDENCE_FACTOR * evidenceScore);
    evidence.sort((a, b) => (a.effect === b.effect ? b.weight - a.weight : a.effect === "confirms" ? -1 : 1));
    drafts.push({
      key: cause.key,
      title: cause.title,
      description: cause.description,
      score,
      wizardScore: round(wizardScore),
      evidenceScore: round(evidenceScore),
      candidate: score > 0,
      verdict: verdictOf(evidence),
      support: sortReasons(support),
      against: sortReasons(against),
      evidence,
      untested,
      articles: articlesByCause.get(cause.key) ?? [],
    });
  }

  drafts.sort(
    (a, b) =>
      b.score - a.score ||
      b.evidenceScore - a.evidenceScore ||
      b.support.length - a.support.length ||
      (causeOrder.get(a.key) ?? 0) - (causeOrder.get(b.key) ?? 0),
  );
  const causes: RankedCause[] = drafts.map((d, i) => ({ ...d, rank: i + 1, explanation: explainRank(i + 1, d.support, d.against) }));

  const explained = new Set(input.checks.map((c) => c.findingId));
  const unexplained: UnexplainedFinding[] = [...findings.values()]
    .filter((f) => !explained.has(f.id))
    .map((f) => ({ id: f.id, title: f.title, severity: f.severity, evidence: f.lines }));

  return {
    causes,
    articles: rankArticles(input.articles, causes),
    unexplained,
    candidates: causes.filter((c) => c.candidate).length,
  };
}

/** Bonus per article symptom that the live evidence matched (it is the article describing what was seen). */
const SYMPTOM_MATCH_BONUS = 0.5;
/** Small bonus per further candidate cause the article explains (it covers more of what is still open). */
const EXTRA_CAUSE_BONUS = 0.1;

/**
 * Articles explaining the candidate causes, best first: the best candidate cause they explain,
 * plus a bonus for each of their symptoms the evidence matched.
 */
export function rankArticles(articles: readonly ArticleModel[], causes: readonly RankedCause[]): RankedArticle[] {
  const byKey = new Map(causes.map((c) => [c.key, c]));
  const ranked: Omit<RankedArticle, "rank">[] = [];
  for (const article of articles) {
    const explained = article.causes
      .map((c) => byKey.get(c.cause))
      .filter((c): c is RankedCause => c !== undefined && c.candidate)
      .sort((a, b) => a.rank - b.rank);
    if (explained.length === 0) continue;
    const matchedSymptoms: RankedArticle["matchedSymptoms"] = [];
    for (const cause of explained) {
      for (const e of cause.evidence) {
        if (e.effect !== "confirms" || !e.symptom || e.symptom.articleSlug !== article.slug) continue;
        if (matchedSymptoms.some((m) => m.key === e.symptom?.key)) continue;
        matchedSymptoms.push({ key: e.symptom.key, description: e.symptom.description, findingId: e.findingId });
      }
    }
    const best = explained[0]!;
    const score = round(best.score + SYMPTOM_MATCH_BONUS * matchedSymptoms.length + EXTRA_CAUSE_BONUS * (explained.length - 1));
    ranked.push({
      slug: article.slug,
      title: article.title,
      summary: article.summary,
      score,
      causes: explained.map((c) => ({ key: c.key, title: c.title, rank: c.rank })),
      matchedSymptoms,
    });
  }
  const position = new Map(articles.map((a) => [a.slug, a.position]));
  ranked.sort((a, b) => b.score - a.score || (position.get(a.slug) ?? 0) - (position.get(b.slug) ?? 0));
  return ranked.map((a, i) => ({ ...a, rank: i + 1 }));
}

/**
 * Start weights from a pasted-text lookup: the causes of the best-matching articles, weighted
 * by how close each article's score is to the best one (3 for the best, at least 0.5).
 */
export function priorsFromLookup(
  matches: ReadonlyArray<{ slug: string; score: number }>,
  articles: readonly ArticleModel[],
  limit = 5,
): CauseWeight[] {
  const top = matches.filter((m) => m.score > 0).slice(0, limit);
  const best = top[0]?.score ?? 0;
  if (best <= 0) return [];
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  const weights = new Map<string, number>();
  for (const m of top) {
    const article = bySlug.get(m.slug);
    if (!article) continue;
    const w = Math.max(0.5, Math.round((3 * m.score) / best * 2) / 2);
    for (const c of article.causes) weights.set(c.cause, Math.max(weights.get(c.cause) ?? 0, w));
  }
  return [...weights.entries()].map(([cause, weight]) => ({ cause, weight }));
}
