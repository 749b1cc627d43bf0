/**
 * The saved diagnosis: a self-contained snapshot of what was asked, run, seen and concluded,
 * including the knowledge-base texts shown (article titles, cause and symptom texts, check
 * explanations), so /d/ID renders exactly what was seen even after the knowledge base changes.
 * The zod schemas validate every record written and every record read back. Client-safe.
 */
import { z } from "zod";
import { CHECK_STEPS } from "./steps";
import { OUTCOMES, VERDICTS } from "./types";

const causeWeight = z.object({ cause: z.string(), weight: z.number() });

export const wizardStartSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("category"), key: z.string(), label: z.string(), causes: z.array(causeWeight) }),
  z.object({ kind: z.literal("text"), excerpt: z.string(), label: z.string(), causes: z.array(causeWeight) }),
  z.object({ kind: z.literal("none") }),
]);

export const givenAnswerSchema = z.object({
  questionKey: z.string(),
  prompt: z.string(),
  answerKey: z.string(),
  label: z.string(),
  causes: z.array(causeWeight),
});

const severity = z.enum(["info", "warning", "critical"]);

export const observedFindingSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity,
  evidence: z.array(z.string()),
  probe: z.string(),
  address: z.string().optional(),
  vantage: z.string().optional(),
});

const strength = z.enum(["strong", "moderate", "weak"]);

export const basisSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("documented"), articleSlug: z.string(), articleTitle: z.string(), source: z.string(), quote: z.string() }),
  z.object({ kind: z.literal("inferred"), reason: z.string() }),
]);

const reason = z.object({
  kind: z.enum(["category", "text", "answer", "finding"]),
  label: z.string(),
  weight: z.number(),
  strength,
  basis: basisSchema.optional(),
});

/** Records saved before calibrated verdicts used other words; they still render. */
const LEGACY_VERDICTS: Record<string, string> = { "no-evidence": "no_evidence", mixed: "consistent" };
const verdictSchema = z.preprocess((v) => (typeof v === "string" ? (LEGACY_VERDICTS[v] ?? v) : v), z.enum(VERDICTS));

const fixWarningSchema = z.object({ level: z.string(), risk: z.string(), text: z.string() });

export const causeResolutionSchema = z.object({
  key: z.string(),
  cause: z.string(),
  kind: z.string(),
  title: z.string(),
  summary: z.string(),
  outcome: z.string().nullable(),
  articleSlug: z.string(),
  articleTitle: z.string(),
  source: z.string(),
  steps: z.array(
    z.object({
      text: z.string(),
      artifacts: z.array(
        z.object({
          language: z.string(),
          title: z.string(),
          content: z.string(),
          note: z.string().nullable(),
          registry: z
            .object({
              path: z.string(),
              valueName: z.string().nullable(),
              valueType: z.string().nullable(),
              value: z.string().nullable(),
              defaultValue: z.string().nullable(),
            })
            .nullable(),
        }),
      ),
    }),
  ),
  warnings: z.array(fixWarningSchema),
});

export const conclusionSchema = z.object({
  outcome: z.enum(OUTCOMES),
  headline: z.string(),
  confirmed: z.array(z.string()),
  tested: z.array(z.string()),
  ruledOut: z.array(z.string()),
  cannotRuleOut: z.array(z.string()),
  next: z.array(z.string()),
  ranFrom: z.object({ host: z.string(), note: z.string() }),
  blocker: z.object({ findingId: z.string(), title: z.string(), evidence: z.array(z.string()) }).nullable(),
});
const symptomRef = z.object({ key: z.string(), description: z.string(), articleSlug: z.string(), articleTitle: z.string() }).nullable();

export const rankedCauseSchema = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  rank: z.number(),
  score: z.number(),
  wizardScore: z.number(),
  evidenceScore: z.number(),
  candidate: z.boolean(),
  verdict: verdictSchema,
  verdictReason: z.string().default(""),
  support: z.array(reason),
  against: z.array(reason),
  evidence: z.array(
    z.object({
      findingId: z.string(),
      findingTitle: z.string(),
      effect: z.enum(["confirms", "refutes"]),
      weight: z.number(),
      strength,
      lines: z.array(z.string()),
      explanation: z.string(),
      symptom: symptomRef,
      causeText: z.string(),
      verdictStrength: z.enum(["decisive", "supporting"]).optional(),
      basis: basisSchema.optional(),
      observation: z.string().optional(),
      counted: z.boolean().optional(),
      vantage: z.string().optional(),
    }),
  ),
  untested: z.array(z.object({ findingId: z.string(), probe: z.string(), effect: z.enum(["confirms", "refutes"]) })),
  untestedSteps: z.array(z.object({ step: z.string(), label: z.string(), couldConfirm: z.boolean() })).default([]),
  explanation: z.string(),
  articles: z.array(z.object({ slug: z.string(), title: z.string(), explanation: z.string() })),
  vantage: z.object({ note: z.string(), basis: basisSchema, meaning: z.string() }).nullable().default(null),
  resolutions: z.array(causeResolutionSchema).default([]),
  byVantage: z.array(z.object({ vantage: z.string().nullable(), verdict: verdictSchema, reason: z.string() })).optional(),
});

export const rankedArticleSchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  rank: z.number(),
  score: z.number(),
  causes: z.array(z.object({ key: z.string(), title: z.string(), rank: z.number() })),
  matchedSymptoms: z.array(z.object({ key: z.string(), description: z.string(), findingId: z.string() })),
});

export const unexplainedFindingSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity,
  evidence: z.array(z.string()),
});

/** A probe result as stored: the parts the pages render are checked, the rest is kept as is. */
export const probeResultSchema = z.looseObject({
  kind: z.string(),
  id: z.string(),
  target: z.looseObject({ input: z.string(), host: z.string(), port: z.number() }),
  startedAt: z.string(),
  durationMs: z.number(),
  steps: z.array(
    z.looseObject({
      name: z.string(),
      status: z.string(),
      durationMs: z.number(),
      startedAtMs: z.number(),
      detail: z.string().optional(),
      address: z.string().optional(),
    }),
  ),
  transcript: z.array(
    z.looseObject({ dir: z.enum(["client", "server", "info"]), text: z.string(), atMs: z.number(), address: z.string().optional() }),
  ),
  findings: z.array(
    z.looseObject({ id: z.string(), severity: z.string(), title: z.string(), evidence: z.array(z.string()), address: z.string().optional() }),
  ),
  errors: z.array(z.looseObject({ code: z.string(), message: z.string(), step: z.string().optional() })),
  completed: z.boolean(),
});

export type StoredProbeResult = z.infer<typeof probeResultSchema>;

export const runEndSchema = z.enum(["completed", "deadline", "cancelled", "error"]);
export type RunEnd = z.infer<typeof runEndSchema>;

/**
 * One place a check ran from: the console's own server ("console") or a probe agent (its name).
 * Each keeps its own transcript, findings and outcome; comparison findings (`compare.*`) computed
 * across them sit in the record's `findings`.
 */
export const vantagePointSchema = z.object({
  /** "console" or the agent's name. */
  name: z.string(),
  kind: z.enum(["console", "agent"]),
  /** Where it ran: the console's host name, or the agent's own address as it sees it. */
  address: z.string().nullable(),
  outcome: z.enum(OUTCOMES),
  /** Why this vantage point could not test (offline, past its deadline, refused by its local policy). */
  reason: z.string().nullable(),
  ended: runEndSchema,
  results: z.array(probeResultSchema),
  findings: z.array(observedFindingSchema),
});

export type VantagePoint = z.infer<typeof vantagePointSchema>;

export const diagnosisRecordSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  host: z.string(),
  port: z.number().nullable(),
  category: z.string().nullable(),
  kbRevision: z.number(),
  previousId: z.string().nullable(),
  start: wizardStartSchema,
  answers: z.array(givenAnswerSchema),
  steps: z.array(z.enum(CHECK_STEPS)),
  /** The host was a mail domain whose MX hosts were tested. */
  mx: z.boolean(),
  /** Recipient given for the envelope and split end-of-data tests (null: postmaster at the host). */
  recipient: z.string().nullable(),
  ended: runEndSchema,
  deadlineMs: z.number(),
  results: z.array(probeResultSchema),
  findings: z.array(observedFindingSchema),
  unexplained: z.array(unexplainedFindingSchema),
  causes: z.array(rankedCauseSchema),
  articles: z.array(rankedArticleSchema),
  /** The headline outcome and what it rests on (null: saved before outcomes existed). */
  conclusion: conclusionSchema.nullable().default(null),
  /** Every vantage point's own result (empty: saved before agents existed, read as the console alone). */
  vantagePoints: z.array(vantagePointSchema).default([]),
});

export type DiagnosisRecord = z.infer<typeof diagnosisRecordSchema>;

/** What the recent list shows. */
export interface DiagnosisSummary {
  id: string;
  createdAt: string;
  createdBy: string;
  host: string;
  port: number | null;
  category: string | null;
  previousId: string | null;
  topCause: string | null;
  topArticle: string | null;
  findings: number;
}

export function diagnosisPath(id: string): string {
  return `/d/${id}`;
}
