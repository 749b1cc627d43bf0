/**
 * Plain-data shapes of the diagnosis feature (wizard model, evidence, ranked causes, saved
 * snapshots). Client-safe: no Node, Prisma or probe imports, so client components, the pure
 * ranking code and the server all share them.
 */

/**
 * What a check or wizard weight rests on. `documented`: a verbatim sentence of a source
 * document (the article transcribed from it, and how that source is cited). `inferred`: no
 * document says it; a one-line reason.
 */
export type Basis =
  | { kind: "documented"; articleSlug: string; articleTitle: string; source: string; quote: string }
  | { kind: "inferred"; reason: string };

/** How much a category, an answer or a pasted-text match says for (+) or against (-) a cause (-3..3). */
export interface CauseWeight {
  cause: string;
  weight: number;
  /** Absent only for weights derived at run time (pasted-text priors). */
  basis?: Basis;
}

/**
 * What one matching observation may conclude on its own: `decisive` (documented and specific:
 * confirmed / refuted) or `supporting` (at most consistent).
 */
export type VerdictStrength = "decisive" | "supporting";

export interface WizardCategoryModel {
  key: string;
  label: string;
  description: string;
  causes: CauseWeight[];
}

export interface WizardAnswerModel {
  key: string;
  label: string;
  causes: CauseWeight[];
}

export interface WizardQuestionModel {
  key: string;
  prompt: string;
  help: string;
  position: number;
  answers: WizardAnswerModel[];
}

/** An article as the diagnosis needs it: which causes it explains, in its own words. */
export interface ArticleModel {
  slug: string;
  title: string;
  summary: string;
  /** Reading order of the knowledge base (tie-break). */
  position: number;
  causes: Array<{ cause: string; explanation: string }>;
}

export interface CauseModel {
  key: string;
  title: string;
  description: string;
  /** Where a check must run from to see this cause (documented), or null. */
  vantage: { note: string; basis: Basis } | null;
}

/** A knowledge-model check: a probe finding that confirms or refutes a cause (weight 1 weak .. 3 strong). */
export interface CheckModel {
  cause: string;
  findingId: string;
  probe: string;
  effect: "confirms" | "refutes";
  weight: number;
  verdictStrength: VerdictStrength;
  basis: Basis;
  explanation: string;
  symptom: { key: string; description: string; articleSlug: string; articleTitle: string } | null;
}

/** A copyable thing a fix step shows: a command, a script, a registry value (as the article shows it). */
export interface FixArtifact {
  /** vbscript | registry | device-cli | powershell | netsh | batch | shell | text | log */
  language: string;
  title: string;
  content: string;
  note: string | null;
  registry: { path: string; valueName: string | null; valueType: string | null; value: string | null; defaultValue: string | null } | null;
}

export interface FixWarning {
  /** important | warning | caution | note */
  level: string;
  /** lowers-security | data-loss | ... */
  risk: string;
  text: string;
}

/**
 * A resolution or workaround of a cause as its article gives it: steps with their artifacts, the
 * warnings that travel with it (the resolution's and the article's own), what happened when the
 * document's author tried it, and where it comes from.
 */
export interface CauseResolution {
  key: string;
  cause: string;
  /** resolution | workaround | hotfix */
  kind: string;
  title: string;
  summary: string;
  outcome: string | null;
  articleSlug: string;
  articleTitle: string;
  /** How the source document is cited (lib/kb/citation.ts). */
  source: string;
  steps: Array<{ text: string; artifacts: FixArtifact[] }>;
  warnings: FixWarning[];
}

/** Everything the wizard and the ranking need from the knowledge base (seeded data). */
export interface DiagnosisModel {
  categories: WizardCategoryModel[];
  questions: WizardQuestionModel[];
  causes: CauseModel[];
  articles: ArticleModel[];
  checks: CheckModel[];
  /** Resolutions and workarounds per cause, in article order (the fix shown beside a cause). */
  resolutions: CauseResolution[];
  kbRevision: number;
}

/** An answer given in the wizard, with the weights it carried (snapshotted). */
export interface GivenAnswer {
  questionKey: string;
  prompt: string;
  answerKey: string;
  label: string;
  causes: CauseWeight[];
}

/** Where the wizard started: a category, or pasted text matched against the knowledge base. */
export type WizardStart =
  | { kind: "category"; key: string; label: string; causes: CauseWeight[] }
  | { kind: "text"; excerpt: string; label: string; causes: CauseWeight[] }
  | { kind: "none" };

/** A probe finding as observed (from lib/probes, reduced to what ranking and display need). */
export interface ObservedFinding {
  id: string;
  title: string;
  severity: "info" | "warning" | "critical";
  /** Exact transcript lines that show it. */
  evidence: string[];
  /** Which probe produced it (smtp, pop3, tcp, dns; "compare" for a comparison of vantage points). */
  probe: string;
  address?: string;
  /** The vantage point it was seen from, in a check run from several (absent: the only one, or a comparison across them). */
  vantage?: string;
}

export type Strength = "strong" | "moderate" | "weak";

/** One reason for or against a cause. */
export interface RankReason {
  kind: "category" | "text" | "answer" | "finding";
  label: string;
  weight: number;
  strength: Strength;
  /** What the weight rests on (absent for pasted-text priors and records saved before bases existed). */
  basis?: Basis | undefined;
}

/** A finding matched to a check of a cause: the evidence line beside the knowledge base's text. */
export interface EvidenceLine {
  findingId: string;
  findingTitle: string;
  effect: "confirms" | "refutes";
  weight: number;
  strength: Strength;
  /** Transcript lines that show the finding. */
  lines: string[];
  /** Why the check says what it says (from the knowledge model). */
  explanation: string;
  /** The article symptom this evidence corresponds to. */
  symptom: { key: string; description: string; articleSlug: string; articleTitle: string } | null;
  /** The cause as the symptom's article words it (or the shared cause description). */
  causeText: string;
  /** What this check may conclude on its own (records saved before verdict strengths: absent). */
  verdictStrength?: VerdictStrength | undefined;
  /** What the check rests on. */
  basis?: Basis | undefined;
  /** The probe observation the finding was read from (one reply, one close, one loop). */
  observation?: string | undefined;
  /**
   * False when a stronger line of this cause came from the same observation: one observation
   * counts once (shown, not counted).
   */
  counted?: boolean | undefined;
  /** The vantage point it was seen from (a check run from several; absent for a comparison across them). */
  vantage?: string | undefined;
}

/** A cause's verdict as seen from one vantage point, or from the comparison across them (`vantage` null). */
export interface VantageVerdict {
  vantage: string | null;
  verdict: Verdict;
  reason: string;
}

/**
 * Calibrated verdict of one cause. `confirmed`: a decisive (documented, specific) confirming
 * observation was seen and no decisive refutation. `refuted`: the reverse. `consistent`: only
 * supporting evidence agrees. `no_evidence`: steps that test the cause ran and nothing points at
 * it. `not_tested`: no step that could test it ran.
 */
export type Verdict = "confirmed" | "consistent" | "no_evidence" | "refuted" | "not_tested";

export const VERDICTS: readonly Verdict[] = ["confirmed", "consistent", "no_evidence", "refuted", "not_tested"];

/** A step that was not run (or did not get that far) and could confirm or refute the cause. */
export interface UntestedStep {
  step: string;
  label: string;
  /** Whether the step can confirm the cause (a confirming check reads its findings). */
  couldConfirm: boolean;
}

export interface RankedCause {
  key: string;
  title: string;
  description: string;
  rank: number;
  /** Total: wizard score + EVIDENCE_FACTOR x evidence score. */
  score: number;
  wizardScore: number;
  evidenceScore: number;
  /** Still in the running (score above zero). */
  candidate: boolean;
  verdict: Verdict;
  /** The verdict in one sentence (why confirmed, consistent, ...). */
  verdictReason: string;
  support: RankReason[];
  against: RankReason[];
  evidence: EvidenceLine[];
  /** Findings that would confirm or refute this cause but were not observed (what a check could still test). */
  untested: Array<{ findingId: string; probe: string; effect: "confirms" | "refutes" }>;
  /** Steps not run in this check that could confirm or refute this cause. */
  untestedSteps: UntestedStep[];
  /** "first because: ...; against: ..." */
  explanation: string;
  articles: Array<{ slug: string; title: string; explanation: string }>;
  /** Where a check must run from to see this cause (documented), and what that means for this verdict. */
  vantage: { note: string; basis: Basis; meaning: string } | null;
  /** The fix: the cause's resolutions and workarounds as the knowledge base gives them (snapshot). */
  resolutions: CauseResolution[];
  /** A check run from several vantage points: the verdict from each, and from their comparison (absent otherwise). */
  byVantage?: VantageVerdict[] | undefined;
}

export interface RankedArticle {
  slug: string;
  title: string;
  summary: string;
  rank: number;
  score: number;
  causes: Array<{ key: string; title: string; rank: number }>;
  /** Symptoms of this article that the evidence matched. */
  matchedSymptoms: Array<{ key: string; description: string; findingId: string }>;
}

/** A finding no knowledge-base check mentions: shown as unexplained, never hidden. */
export interface UnexplainedFinding {
  id: string;
  title: string;
  severity: ObservedFinding["severity"];
  evidence: string[];
}

/** The headline of a check: what a helpdesk acts on. */
export type Outcome = "problem_found" | "no_documented_problem" | "could_not_test";

export const OUTCOMES: readonly Outcome[] = ["problem_found", "no_documented_problem", "could_not_test"];

/** Where the check ran from (the console's server) and what that means. */
export interface CheckVantage {
  /** Host name of the server that ran the probes. */
  host: string;
  /** One sentence: "This check ran from the RelayDesk server (host), ..." */
  note: string;
}

/**
 * The conclusion of a check, in sentences: the outcome, a one-sentence headline, what was tested,
 * what that rules out, what a check from here cannot rule out, and what to try next.
 */
export interface Conclusion {
  outcome: Outcome;
  headline: string;
  /** Keys of the confirmed causes (problem_found). */
  confirmed: string[];
  /** "Connect and read the banner: 220 mail.example.com ESMTP" — one line per step answered. */
  tested: string[];
  /** Causes the evidence rules out (refuted) or finds no sign of, in sentences. */
  ruledOut: string[];
  /** What a check from here cannot rule out (vantage notes, steps not run). */
  cannotRuleOut: string[];
  /** What to try next. */
  next: string[];
  ranFrom: CheckVantage;
  /** Why nothing could be tested (could_not_test): the finding that says so. */
  blocker: { findingId: string; title: string; evidence: string[] } | null;
}
