/**
 * Server side: the diagnosis store (data-access layer). Records are validated with zod when
 * written and when read back, ids are 16 random bytes in base64url (unguessable share links),
 * and every JSON column is a snapshot (see ./record.ts). Do not import from client code.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { getDb } from "@/lib/db/client";
import type { DiagnosisContent } from "./build";
import {
  conclusionSchema,
  diagnosisRecordSchema,
  givenAnswerSchema,
  observedFindingSchema,
  probeResultSchema,
  rankedArticleSchema,
  rankedCauseSchema,
  runEndSchema,
  unexplainedFindingSchema,
  vantagePointSchema,
  wizardStartSchema,
  type DiagnosisRecord,
  type DiagnosisSummary,
  type RunEnd,
} from "./record";
import { z } from "zod";
import { CHECK_STEPS, type CheckStep } from "./steps";
import { consoleVantage, interruptedConclusion, type InterruptionCause } from "./outcome";
import type { CheckVantage, GivenAnswer, WizardStart } from "./types";
import { diagnosisIdSchema } from "./validation";

export class DiagnosisStoreError extends Error {
  constructor(
    message: string,
    readonly code: "CORRUPT" | "INVALID",
  ) {
    super(message);
  }
}

/** 16 random bytes, base64url (22 characters): 128 bits, not guessable or enumerable. */
export function newDiagnosisId(): string {
  return randomBytes(16).toString("base64url");
}

const answersColumn = z.object({ start: wizardStartSchema, answers: z.array(givenAnswerSchema) });
const stepsColumn = z.object({
  steps: z.array(z.enum(CHECK_STEPS)),
  mx: z.boolean(),
  recipient: z.string().nullable(),
  ended: runEndSchema,
  deadlineMs: z.number(),
});
/**
 * The findings column also keeps every vantage point's own result (issue 14): a check run from
 * several places is one record, and rows saved before agents existed read as no vantage points.
 */
const findingsColumn = z.object({
  findings: z.array(observedFindingSchema),
  unexplained: z.array(unexplainedFindingSchema),
  vantagePoints: z.array(vantagePointSchema).default([]),
});

function parseColumn<T>(schema: z.ZodType<T>, json: string, column: string, id: string): T {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new DiagnosisStoreError(`diagnosis ${id}: column ${column} is not JSON`, "CORRUPT");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DiagnosisStoreError(`diagnosis ${id}: column ${column} does not match its schema`, "CORRUPT");
  return parsed.data;
}

/**
 * Saves a finished diagnosis. With `into`, the record replaces the placeholder of a running
 * check (same id and start time) and takes the given final status.
 */
export async function saveDiagnosis(
  content: DiagnosisContent,
  into?: { id: string; createdAt: Date; status: FinalStatus },
): Promise<DiagnosisRecord> {
  const id = into?.id ?? newDiagnosisId();
  const createdAt = into?.createdAt ?? new Date();
  const parsed = diagnosisRecordSchema.safeParse({ ...content, id, createdAt: createdAt.toISOString() });
  if (!parsed.success) {
    throw new DiagnosisStoreError(`refusing to save an invalid diagnosis: ${parsed.error.issues[0]?.message ?? "invalid"}`, "INVALID");
  }
  const r = parsed.data;
  const write = (data: Parameters<ReturnType<typeof getDb>["diagnosis"]["create"]>[0]["data"]) =>
    into ? getDb().diagnosis.update({ where: { id }, data: { ...data, status: into.status } }) : getDb().diagnosis.create({ data });
  await write({
      id,
      createdAt,
      createdBy: r.createdBy,
      host: r.host,
      port: r.port,
      category: r.category,
      kbRevision: r.kbRevision,
      previousId: r.previousId,
      answers: JSON.stringify({ start: r.start, answers: r.answers }),
      steps: JSON.stringify({ steps: r.steps, mx: r.mx, recipient: r.recipient, ended: r.ended, deadlineMs: r.deadlineMs }),
      results: JSON.stringify(r.results),
      findings: JSON.stringify({ findings: r.findings, unexplained: r.unexplained, ...(r.vantagePoints.length > 0 ? { vantagePoints: r.vantagePoints } : {}) }),
      causes: JSON.stringify(r.causes),
      articles: JSON.stringify(r.articles),
      conclusion: r.conclusion ? JSON.stringify(r.conclusion) : null,
  });
  return r;
}

/** The saved record, or null for an unknown or malformed id. */
export async function getDiagnosis(id: string): Promise<DiagnosisRecord | null> {
  if (!diagnosisIdSchema.safeParse(id).success) return null;
  const row = await getDb().diagnosis.findUnique({ where: { id } });
  if (!row) return null;
  const answers = parseColumn(answersColumn, row.answers, "answers", id);
  const steps = parseColumn(stepsColumn, row.steps, "steps", id);
  const findings = parseColumn(findingsColumn, row.findings, "findings", id);
  return diagnosisRecordSchema.parse({
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    host: row.host,
    port: row.port,
    category: row.category,
    kbRevision: row.kbRevision,
    previousId: row.previousId,
    start: answers.start,
    answers: answers.answers,
    steps: steps.steps,
    mx: steps.mx,
    recipient: steps.recipient,
    ended: steps.ended,
    deadlineMs: steps.deadlineMs,
    results: parseColumn(z.array(probeResultSchema), row.results, "results", id),
    findings: findings.findings,
    unexplained: findings.unexplained,
    causes: parseColumn(z.array(rankedCauseSchema), row.causes, "causes", id),
    articles: parseColumn(z.array(rankedArticleSchema), row.articles, "articles", id),
    conclusion: row.conclusion ? parseColumn(conclusionSchema, row.conclusion, "conclusion", id) : null,
    vantagePoints: findings.vantagePoints,
  });
}

/** Re-checks that verify this diagnosis, newest first. */
export async function listRechecks(id: string): Promise<Array<{ id: string; createdAt: string; createdBy: string }>> {
  if (!diagnosisIdSchema.safeParse(id).success) return [];
  const rows = await getDb().diagnosis.findMany({
    where: { previousId: id },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, createdAt: true, createdBy: true },
  });
  return rows.map((r) => ({ id: r.id, createdAt: r.createdAt.toISOString(), createdBy: r.createdBy }));
}

const topOf = z.array(z.object({ title: z.string(), candidate: z.boolean().optional() }).loose());

function firstTitle(json: string, onlyCandidates: boolean): string | null {
  try {
    const parsed = topOf.safeParse(JSON.parse(json));
    if (!parsed.success) return null;
    const first = parsed.data.find((x) => !onlyCandidates || x.candidate !== false);
    return first?.title ?? null;
  } catch {
    return null;
  }
}

export interface ListOptions {
  /** Part of the host name or address (case-insensitive). */
  host?: string;
  /** Exactly this port. */
  port?: number;
  limit?: number;
  /**
   * Whose diagnoses: "all" (admins), or a staff member's own plus their team's (owners with the
   * same non-empty team). Omitted: all (internal callers only; routes always pass a scope).
   */
  visibleTo?: "all" | { userId: string; team: string | null };
}

/** The where-clause of a list scope (see ListOptions.visibleTo). */
function scopeWhere(scope: ListOptions["visibleTo"]) {
  if (!scope || scope === "all") return {};
  return { OR: [{ ownerId: scope.userId }, ...(scope.team ? [{ owner: { team: scope.team } }] : [])] };
}

/** Findings that mean the target could not be tested at all (nothing was reached). */
const UNTESTABLE_FINDINGS: ReadonlyArray<[id: string, words: string]> = [
  ["target.resolution_failed", "the host name did not resolve"],
  ["target.denied_by_policy", "the probe policy refused the target"],
  ["target.unreachable", "the host could not be reached"],
];

/** A recent-list row: the summary plus why nothing could be tested, when that is so. */
export type DiagnosisListItem = DiagnosisSummary & { untestable: string | null };

/** Recent diagnoses, newest first. */
export async function listDiagnoses(options: ListOptions = {}): Promise<DiagnosisListItem[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const host = options.host?.trim().toLowerCase();
  const rows = await getDb().diagnosis.findMany({
    where: { ...(host ? { host: { contains: host } } : {}), ...(options.port ? { port: options.port } : {}), ...scopeWhere(options.visibleTo) },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
    select: {
      id: true,
      createdAt: true,
      createdBy: true,
      host: true,
      port: true,
      category: true,
      previousId: true,
      causes: true,
      articles: true,
      findings: true,
    },
  });
  return rows.map((r) => {
    let findingCount = 0;
    let ids = new Set<string>();
    try {
      const f = findingsColumn.safeParse(JSON.parse(r.findings));
      ids = f.success ? new Set(f.data.findings.map((x) => x.id)) : ids;
      findingCount = ids.size;
    } catch {
      findingCount = 0;
    }
    const untestable = UNTESTABLE_FINDINGS.find(([id]) => ids.has(id))?.[1] ?? null;
    return {
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      host: r.host,
      port: r.port,
      category: r.category,
      previousId: r.previousId,
      topCause: firstTitle(r.causes, true),
      topArticle: firstTitle(r.articles, false),
      findings: findingCount,
      untestable,
    };
  });
}

/** Lifecycle of a diagnosis row (the status column). */
export const DIAGNOSIS_STATUSES = ["running", "done", "cancelled", "timed_out", "interrupted", "failed"] as const;
export type DiagnosisStatus = (typeof DIAGNOSIS_STATUSES)[number];
export type FinalStatus = Exclude<DiagnosisStatus, "running" | "interrupted" | "failed">;

/** Marks a running check that broke off without a result (an unexpected error). */
export async function markDiagnosisFailed(id: string): Promise<void> {
  await getDb().diagnosis.updateMany({ where: { id, status: "running" }, data: { status: "failed" } });
}

/** The final status of a run that ended the given way. */
export function statusOfEnd(ended: RunEnd): FinalStatus {
  if (ended === "cancelled") return "cancelled";
  if (ended === "deadline") return "timed_out";
  return "done";
}

function asStatus(value: string): DiagnosisStatus {
  return (DIAGNOSIS_STATUSES as readonly string[]).includes(value) ? (value as DiagnosisStatus) : "done";
}

export interface RunningDiagnosisInput {
  host: string;
  port: number | null;
  category: string | null;
  createdBy: string;
  kbRevision: number;
  previousId: string | null;
  start: WizardStart;
  answers: GivenAnswer[];
  steps: CheckStep[];
  mx: boolean;
  recipient: string | null;
  deadlineMs: number;
}

/**
 * Saves the placeholder of a live check that is starting: what was asked (target, steps, wizard
 * snapshot) with status "running" and no results yet, so /d/ID exists from the first second.
 */
export async function createRunningDiagnosis(input: RunningDiagnosisInput): Promise<{ id: string; createdAt: Date }> {
  const id = newDiagnosisId();
  const createdAt = new Date();
  await getDb().diagnosis.create({
    data: {
      id,
      createdAt,
      createdBy: input.createdBy,
      host: input.host,
      port: input.port,
      category: input.category,
      kbRevision: input.kbRevision,
      previousId: input.previousId,
      status: "running",
      answers: JSON.stringify({ start: input.start, answers: input.answers }),
      steps: JSON.stringify({ steps: input.steps, mx: input.mx, recipient: input.recipient, ended: "completed", deadlineMs: input.deadlineMs }),
      results: "[]",
      findings: JSON.stringify({ findings: [], unexplained: [] }),
      causes: "[]",
      articles: "[]",
    },
  });
  return { id, createdAt };
}

/** What /d/ID shows above the results, readable while the check still runs. */
export interface DiagnosisHeader {
  id: string;
  createdAt: string;
  createdBy: string;
  host: string;
  port: number | null;
  status: DiagnosisStatus;
  previousId: string | null;
  start: WizardStart;
  answers: GivenAnswer[];
  steps: CheckStep[];
  mx: boolean;
  recipient: string | null;
  deadlineMs: number;
}

/** The header columns and status of a diagnosis (null for an unknown or malformed id). */
export async function getDiagnosisHeader(id: string): Promise<DiagnosisHeader | null> {
  if (!diagnosisIdSchema.safeParse(id).success) return null;
  const row = await getDb().diagnosis.findUnique({
    where: { id },
    select: { id: true, createdAt: true, createdBy: true, host: true, port: true, status: true, previousId: true, answers: true, steps: true },
  });
  if (!row) return null;
  const answers = parseColumn(answersColumn, row.answers, "answers", id);
  const steps = parseColumn(stepsColumn, row.steps, "steps", id);
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    host: row.host,
    port: row.port,
    status: asStatus(row.status),
    previousId: row.previousId,
    start: answers.start,
    answers: answers.answers,
    steps: steps.steps,
    mx: steps.mx,
    recipient: steps.recipient,
    deadlineMs: steps.deadlineMs,
  };
}

/**
 * Marks checks left "running" by a process that ended (restart, crash) as interrupted: nothing
 * will ever finish them. Called once when the server starts; returns how many were marked.
 */
export async function markInterruptedDiagnoses(ranFrom: CheckVantage = consoleVantage(hostname())): Promise<number> {
  const db = getDb();
  const running = await db.diagnosis.findMany({ where: { status: "running" }, select: { id: true, host: true, port: true } });
  for (const r of running) {
    // Only a row still running is changed: one that finished meanwhile keeps its own result.
    await db.diagnosis.updateMany({
      where: { id: r.id, status: "running" },
      data: { status: "interrupted", conclusion: JSON.stringify(interruptedConclusion(r.host, r.port, ranFrom)) },
    });
  }
  return running.length;
}

/**
 * Marks one check as interrupted when it is still running (another instance found the instance
 * running it dead); false when it had finished meanwhile.
 */
export async function markDiagnosisInterrupted(id: string, cause: InterruptionCause, ranFrom: CheckVantage = consoleVantage(hostname())): Promise<boolean> {
  const db = getDb();
  const row = await db.diagnosis.findUnique({ where: { id }, select: { host: true, port: true, status: true } });
  if (!row || row.status !== "running") return false;
  const { count } = await db.diagnosis.updateMany({
    where: { id, status: "running" },
    data: { status: "interrupted", conclusion: JSON.stringify(interruptedConclusion(row.host, row.port, ranFrom, cause)) },
  });
  return count > 0;
}

/** Statuses of the given diagnoses (for the recent list). */
export async function getDiagnosisStatuses(ids: readonly string[]): Promise<Map<string, DiagnosisStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await getDb().diagnosis.findMany({ where: { id: { in: [...ids] } }, select: { id: true, status: true } });
  return new Map(rows.map((r) => [r.id, asStatus(r.status)]));
}

/** Records who ran a diagnosis (set right after it is saved; see lib/permissions/diagnoses.ts). */
export async function setDiagnosisOwner(id: string, ownerId: string): Promise<void> {
  await getDb().diagnosis.updateMany({ where: { id }, data: { ownerId } });
}
