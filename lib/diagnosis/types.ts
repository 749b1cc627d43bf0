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

/** Everything the wizard and the ranking need from the knowledge base (seeded data). */
export interface DiagnosisModel {
  categories: WizardCategoryModel[];
  questions: WizardQuestionModel[];
  causes: CauseModel[];
  articles: ArticleModel[];
  checks: CheckModel[];
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
  /** Which probe produced it (smtp, pop3, tcp, dns). */
  probe: string;
  address?: string;
}

export type Strength = "strong" | "moderate" | "weak";

/** One reason for or against a cause. */
export interface RankReason {
  kind: "category" | "text" | "answer" | "finding";
  label: string;
  weight: number;
  strength: Strength;
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
}

export type Verdict = "confirmed" | "refuted" | "mixed" | "no-evidence";

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
  support: RankReason[];
  against: RankReason[];
  evidence: EvidenceLine[];
  /** Findings that would confirm or refute this cause but were not observed (what a check could still test). */
  untested: Array<{ findingId: string; probe: string; effect: "confirms" | "refutes" }>;
  /** "first because: ...; against: ..." */
  explanation: string;
  articles: Array<{ slug: string; title: string; explanation: string }>;
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
