/**
 * Evidence ranking: causes ranked from where the wizard started (category or pasted text),
 * the answers given, and live probe findings, with the weights of the knowledge model
 * (WizardCategory/WizardAnswer cause weights, Check weights). Pure and deterministic: the same
 * input always yields the same ranking and the same explanations, so a saved diagnosis can be
 * re-derived and unit-tested without a database.
 */
import { judgeCause, type CauseJudgement } from "./verdicts";
import { isCompareFinding, nameList } from "./vantage-compare";
import { VERDICT_WORDS } from "./words";
import { isCouldNotTest, observationOf, observationsMade, stepsAnswered } from "./observations";
import { CHECK_STEPS, STEP_INFO, stepsForCheck, type CheckStep } from "./steps";
import type {
  ArticleModel,
  Basis,
  CauseResolution,
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
  UntestedStep,
  Verdict,
  VantageVerdict,
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
  /** The knowledge base's resolutions and workarounds (the fix shown beside a cause). */
  resolutions?: readonly CauseResolution[];
  /**
   * A check run from several vantage points: the names of those that tested, in order. Their
   * findings carry `vantage`; comparison findings (`compare.*`, no vantage) count; each cause is
   * judged from each point and from the comparison, and its verdict is the strongest of those
   * (a device sits on one path: a clear path does not cancel it). Absent: one place, as before.
   */
  vantagePoints?: readonly string[];
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

/** One finding id observed (possibly several times, on several addresses) from one vantage point, merged. */
interface MergedFinding {
  id: string;
  title: string;
  severity: ObservedFinding["severity"];
  lines: string[];
  vantage?: string | undefined;
}

/** Merged per finding id and vantage point (findings without a vantage: one group, as in a check from one place). */
function mergeFindings(findings: readonly ObservedFinding[]): Map<string, MergedFinding> {
  const merged = new Map<string, MergedFinding>();
  for (const f of findings) {
    const key = f.vantage === undefined ? f.id : `${f.vantage}\u0000${f.id}`;
    const m = merged.get(key) ?? { id: f.id, title: f.title, severity: f.severity, lines: [], ...(f.vantage === undefined ? {} : { vantage: f.vantage }) };
    for (const line of f.evidence) if (!m.lines.includes(line) && m.lines.length < 20) m.lines.push(line);
    merged.set(key, m);
  }
  return merged;
}

/** Merged findings by id (each vantage point's, in the order first seen). */
function byId(merged: ReadonlyMap<string, MergedFinding>): Map<string, MergedFinding[]> {
  const out = new Map<string, MergedFinding[]>();
  for (const m of merged.values()) {
    const list = out.get(m.id) ?? [];
    list.push(m);
    out.set(m.id, list);
  }
  return out;
}

/** "" for the comparison (and a check from one place), else the vantage point's name. */
function groupOf(vantage: string | undefined): string {
  return vantage ?? "";
}

/** Which cause verdict wins across vantage points: a device seen on one path is not cancelled by a clear path; a refutation beats only "not tested". */
const ACROSS_ORDER: Record<Verdict, number> = { confirmed: 0, consistent: 1, no_evidence: 2, refuted: 3, not_tested: 4 };

/** The verdict of a check run from several vantage points, from each point's (and the comparison's) own judgement. */
function judgeAcross(groups: ReadonlyArray<{ vantage: string | null; judged: CauseJudgement }>): CauseJudgement & { byVantage: VantageVerdict[] } {
  const byVantage = groups.map((g) => ({ vantage: g.vantage, verdict: g.judged.verdict, reason: g.judged.reason }));
  const best = groups.reduce((a, b) => (ACROSS_ORDER[b.judged.verdict] < ACROSS_ORDER[a.judged.verdict] ? b : a));
  const where = (gs: ReadonlyArray<{ vantage: string | null }>) =>
    nameList(gs.map((g) => (g.vantage === null ? "the comparison of the vantage points" : g.vantage)));
  const same = groups.filter((g) => g.judged.verdict === best.judged.verdict);
  const others = groups.filter((g) => g.judged.verdict !== best.judged.verdict).map((g) => ` From ${where([g])}: ${VERDICT_WORDS[g.judged.verdict].toLowerCase()}.`);
  const seenFrom = same.filter((g) => g.vantage !== null);
  // the single-place wording speaks of "the console's own network"; here the places are named
  const vantageMeaning =
    best.judged.vantageMeaning === null
      ? null
      : best.judged.verdict === "confirmed"
        ? `Seen from ${seenFrom.length > 0 ? where(seenFrom) : "the comparison of the vantage points"}, so the limitation does not weaken this verdict.`
        : "None of these vantage points shows it; only one whose connection takes the path the documents name can confirm or rule it out.";
  return { verdict: best.judged.verdict, reason: `From ${where(same)}: ${best.judged.reason}${others.join("")}`, vantageMeaning, byVantage };
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

const REASON_ORDER: Record<RankReason["kind"], number> = { finding: 0, answer: 1, text: 2, category: 3 };

function sortReasons(reasons: RankReason[]): RankReason[] {
  return reasons.sort((a, b) => REASON_ORDER[a.kind] - REASON_ORDER[b.kind] || Math.abs(b.weight) - Math.abs(a.weight));
}

/** Where the verdict puts a cause in the list: confirmed first, refuted last. */
const VERDICT_ORDER: Record<Verdict, number> = { confirmed: 0, consistent: 1, no_evidence: 2, not_tested: 2, refuted: 3 };

/** The basis of a cause's weights in a wizard start or answer (the first one that has one). */
function basisOf(weights: readonly CauseWeight[], cause: string): { basis?: Basis } {
  const basis = weights.find((w) => w.cause === cause && w.basis)?.basis;
  return basis ? { basis } : {};
}

/** Among equally strong lines, the comparison across vantage points (no vantage) before one point's own. */
function comparisonFirst(a: EvidenceLine, b: EvidenceLine): number {
  return Number(a.vantage !== undefined) - Number(b.vantage !== undefined);
}

/** Strongest first: decisive before supporting, then weight. */
type Ranked = { verdictStrength?: CheckModel["verdictStrength"] | undefined; weight: number };
function strongerFirst(a: Ranked, b: Ranked): number {
  return (a.verdictStrength === "decisive" ? 0 : 1) - (b.verdictStrength === "decisive" ? 0 : 1) || b.weight - a.weight;
}

/** Ranks every cause that anything said something about, best first, with its verdict and explanation. */
export function rankDiagnosis(input: RankInput): Ranking {
  const across = input.vantagePoints !== undefined;
  // comparison checks read what only a check from several vantage points can observe
  const checks = across ? input.checks : input.checks.filter((c) => !isCompareFinding(c.findingId));
  const findings = byId(mergeFindings((input.findings ?? []).filter((f) => !isCouldNotTest(f.id))));
  const made = observationsMade(findings.keys());
  const answeredSteps = stepsAnswered(made);
  // per vantage point ("" the comparison): the observations made there
  const groups = across ? ["", ...(input.vantagePoints ?? [])] : [""];
  const madeIn = new Map(groups.map((g) => [g, observationsMade([...findings.values()].flat().filter((m) => groupOf(m.vantage) === g).map((m) => m.id))]));
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
        push({ kind: input.start.kind, label: input.start.label, weight: w, strength: strengthOf(w), ...basisOf(input.start.causes, cause.key) });
      }
    }
    for (const answer of input.answers) {
      const w = answer.causes.filter((x) => x.cause === cause.key).reduce((s, x) => s + x.weight, 0);
      if (w === 0) continue;
      wizardScore += w;
      push({ kind: "answer", label: `"${answer.label}" (${answer.prompt})`, weight: w, strength: strengthOf(w), ...basisOf(answer.causes, cause.key) });
    }

    const causeChecks = checks.filter((c) => c.cause === cause.key).sort(strongerFirst);
    const evidence: EvidenceLine[] = [];
    const untested: RankedCause["untested"] = [];
    const countedObservations = new Set<string>();
    // evidence score per vantage point ("" the comparison, or the only place)
    const groupScore = new Map<string, number>();
    for (const check of causeChecks) {
      const seenList = findings.get(check.findingId);
      if (!seenList) {
        if (!untested.some((u) => u.findingId === check.findingId)) {
          untested.push({ findingId: check.findingId, probe: check.probe, effect: check.effect });
        }
        continue;
      }
      for (const seen of seenList) {
        // one observation counts once per cause, direction and vantage point: the strongest check reading it
        const observation = observationOf(check.findingId);
        const group = groupOf(seen.vantage);
        const slot = `${group}\u0000${observation}:${check.effect}`;
        const counted = !countedObservations.has(slot);
        countedObservations.add(slot);
        const signed = check.effect === "confirms" ? check.weight : -check.weight;
        if (counted) groupScore.set(group, (groupScore.get(group) ?? 0) + signed);
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
          verdictStrength: check.verdictStrength,
          basis: check.basis,
          observation,
          counted,
          ...(seen.vantage === undefined ? {} : { vantage: seen.vantage }),
        });
        const label = seen.vantage === undefined ? seen.title : `${seen.title} (from ${seen.vantage})`;
        if (counted) push({ kind: "finding", label, weight: signed, strength: strengthOf(check.weight), basis: check.basis });
      }
    }
    // across vantage points, the comparison plus the path where the cause shows most: two clear paths do not add up against it
    const pointScores = (input.vantagePoints ?? []).map((v) => groupScore.get(v) ?? 0);
    const evidenceScore = (groupScore.get("") ?? 0) + (pointScores.length > 0 ? Math.max(...pointScores) : 0);

    const untestedSteps = stepsThatCouldTest(causeChecks, made);
    const stepsRan = causeChecks.some((c) => !isCouldNotTest(c.findingId) && stepsForCheck(c).some((s) => answeredSteps.has(s)));
    const judgeIn = (group: string, lines: readonly EvidenceLine[]) => {
      const there = across ? (madeIn.get(group) ?? new Set<string>()) : made;
      const answeredThere = across ? stepsAnswered(there) : answeredSteps;
      return judgeCause({
        cause,
        evidence: lines,
        tested: causeChecks.some((c) => there.has(observationOf(c.findingId))),
        untestedSteps: across ? stepsThatCouldTest(causeChecks, there) : untestedSteps,
        stepsRan: across ? causeChecks.some((c) => !isCouldNotTest(c.findingId) && stepsForCheck(c).some((s) => answeredThere.has(s))) : stepsRan,
      });
    };
    let judged: CauseJudgement & { byVantage?: VantageVerdict[] };
    if (!across || (input.vantagePoints ?? []).length === 0) {
      judged = judgeIn("", evidence);
    } else {
      const compared = evidence.filter((e) => e.vantage === undefined);
      judged = judgeAcross([
        ...(compared.length > 0 ? [{ vantage: null, judged: judgeIn("", compared) }] : []),
        ...(input.vantagePoints ?? []).map((v) => ({ vantage: v, judged: judgeIn(v, evidence.filter((e) => e.vantage === v)) })),
      ]);
    }
    const mentioned = support.length > 0 || against.length > 0;
    if (!mentioned && causeChecks.length === 0) continue;
    // without a live check (the wizard) only the causes something was said about are listed
    if (!mentioned && (findings.size === 0 || (judged.verdict === "not_tested" && untestedSteps.length === 0 && !stepsRan))) continue;
    const score = round(wizardScore + EVIDENCE_FACTOR * evidenceScore);
    evidence.sort(
      (a, b) =>
        Number(b.counted !== false) - Number(a.counted !== false) ||
        (a.effect === b.effect ? strongerFirst(a, b) || comparisonFirst(a, b) : a.effect === "confirms" ? -1 : 1),
    );
    drafts.push({
      key: cause.key,
      title: cause.title,
      description: cause.description,
      score,
      wizardScore: round(wizardScore),
      evidenceScore: round(evidenceScore),
      candidate: judged.verdict === "confirmed" || judged.verdict === "consistent" || (judged.verdict !== "refuted" && score > 0),
      verdict: judged.verdict,
      verdictReason: judged.reason,
      support: sortReasons(support),
      against: sortReasons(against),
      evidence,
      untested,
      untestedSteps,
      articles: articlesByCause.get(cause.key) ?? [],
      vantage: cause.vantage ? { ...cause.vantage, meaning: judged.vantageMeaning ?? "" } : null,
      resolutions: (input.resolutions ?? []).filter((r) => r.cause === cause.key),
      ...(judged.byVantage ? { byVantage: judged.byVantage } : {}),
    });
  }

  drafts.sort(
    (a, b) =>
      VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
      b.score - a.score ||
      b.evidenceScore - a.evidenceScore ||
      b.support.length - a.support.length ||
      (causeOrder.get(a.key) ?? 0) - (causeOrder.get(b.key) ?? 0),
  );
  const causes: RankedCause[] = drafts.map((d, i) => ({ ...d, rank: i + 1, explanation: explainRank(i + 1, d.support, d.against) }));

  const explained = new Set(checks.map((c) => c.findingId));
  // one entry per finding id; from several vantage points each line names where it was seen
  const unexplainedInput = (input.findings ?? []).map((f) => {
    if (f.vantage === undefined) return f;
    const { vantage, ...rest } = f;
    return { ...rest, evidence: f.evidence.map((l) => `${vantage}: ${l}`) };
  });
  const unexplained: UnexplainedFinding[] = [...mergeFindings(unexplainedInput).values()]
    .filter((f) => !explained.has(f.id) || isCouldNotTest(f.id))
    .map((f) => ({ id: f.id, title: f.title, severity: f.severity, evidence: f.lines }));

  return {
    causes,
    articles: rankArticles(input.articles, causes),
    unexplained,
    candidates: causes.filter((c) => c.candidate).length,
  };
}

/**
 * Steps not answered in this check that read a finding of the cause: what a further check could
 * still show. A step that was requested but did not get an answer (the dialogue broke off) counts.
 */
function stepsThatCouldTest(checks: readonly CheckModel[], made: ReadonlySet<string>): UntestedStep[] {
  const out = new Map<string, UntestedStep>();
  const answered = stepsAnswered(made);
  for (const check of checks) {
    if (isCouldNotTest(check.findingId) || made.has(observationOf(check.findingId))) continue;
    // a step that ran without making this observation (no TLS session to close) cannot make it by running again
    const steps = stepsForCheck(check);
    if (steps.length > 0 && steps.every((s) => answered.has(s))) continue;
    for (const step of steps.filter((s) => !answered.has(s))) {
      const prev = out.get(step);
      const couldConfirm = check.effect === "confirms";
      out.set(step, { step, label: STEP_INFO[step].label, couldConfirm: (prev?.couldConfirm ?? false) || couldConfirm });
    }
  }
  return [...out.values()].sort((a, b) => CHECK_STEPS.indexOf(a.step as CheckStep) - CHECK_STEPS.indexOf(b.step as CheckStep));
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
