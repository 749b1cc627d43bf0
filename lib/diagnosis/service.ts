/**
 * Server side: a whole diagnosis run. Validated request in; the wizard start and answers are
 * resolved against the seeded model, the live check runs, the evidence is ranked and (unless
 * told otherwise) the record is saved. Used by the streaming check route, the JSON API and the
 * "check again" action. Do not import from client code.
 */
import { lookupText } from "@/lib/search/service";
import { ProbeInputError } from "@/lib/probes/resolve";
import { PolicyConfigError } from "@/lib/probes/policy";
import { hostname } from "node:os";
import { buildDiagnosis } from "./build";
import { getDiagnosisModel } from "./model";
import { consoleVantage } from "./outcome";
import { priorsFromLookup } from "./ranking";
import type { DiagnosisRecord, VantagePoint } from "./record";
import { purgeExpiredDiagnosesNowAndThen } from "./retention";
import type { CheckEvent, RunCheckOptions } from "./run-check";
import { combinedEnd, normalizeFrom, resolveVantages, runVantageParts, VantageRefusedError, type Vantage, type VantagePart } from "./vantage-run";
import { DEFAULT_STEPS, isSmtpStep, normalizeSteps, type CheckStep } from "./steps";
import { createRunningDiagnosis, getDiagnosis, getDiagnosisHeader, markDiagnosisFailed, markDiagnosisInterrupted, saveDiagnosis, setDiagnosisOwner, statusOfEnd } from "./store";
import { auditCheckRun, type CheckRunAudit } from "@/lib/audit/checks";
import type { DiagnosisContent } from "./build";
import { launchRun } from "./live-runs";
import { currentFlavour } from "@/lib/db/client";
import { logEvent } from "@/lib/ops/log";
import { durableJobsActive, enqueueLiveCheck } from "@/lib/scale/live-check-jobs";
import { claimRun, findRun, releaseRun, staleAfterMs } from "@/lib/scale/live-check-runs";
import { LiveEventWriter } from "@/lib/scale/live-events";
import type { FinishedStatus } from "./live";
import { checkTargetAllowed, type TargetDecision } from "./target-policy";
import { CONSOLE_VANTAGE } from "@/lib/agents/protocol";
import { currentTargetPolicy } from "@/lib/probe-policy/current";
import type { CheckVantage, DiagnosisModel, GivenAnswer, WizardStart } from "./types";
import { DEFAULT_DEADLINE_MS, type CheckRequest } from "./validation";
import { categoryStart, resolveAnswers, textStart, WizardInputError } from "./wizard-state";

/** An error the caller should show the user as is (bad key, bad target, unknown diagnosis). */
export class DiagnosisInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
    readonly code = "invalid_request",
  ) {
    super(message);
  }
}

async function resolveStart(model: DiagnosisModel, request: CheckRequest): Promise<WizardStart> {
  if (request.category) return categoryStart(model, request.category);
  if (request.text && request.text.trim()) {
    const lookup = await lookupText(request.text);
    const causes = priorsFromLookup(lookup.articles.map((a) => ({ slug: a.slug, score: a.score })), model.articles);
    return textStart(request.text, causes, lookup.articles[0]?.title ?? null);
  }
  return { kind: "none" };
}

export interface DiagnosisRunOptions extends Pick<RunCheckOptions, "signal" | "probes" | "runtime"> {
  onEvent?: (event: CheckEvent) => void;
  /** The saved diagnosis this run fills in (recorded with each agent's job). */
  diagnosisId?: string;
  /** Use these snapshots instead of resolving the request's category, text and answers (re-checks). */
  wizard?: { start: WizardStart; answers: GivenAnswer[] };
  /** Saves the content however the run ended (a background check fills its running record). */
  persist?: (content: DiagnosisContent) => Promise<DiagnosisRecord>;
}

export interface DiagnosisRunResult {
  record: DiagnosisRecord;
  /** False when the run was not saved (save: false, or cancelled by the client). */
  saved: boolean;
}

/** Resolves what the wizard said into snapshots; throws DiagnosisInputError for unknown keys. */
export async function resolveWizard(request: CheckRequest): Promise<{ model: DiagnosisModel; start: WizardStart; answers: GivenAnswer[] }> {
  const model = await getDiagnosisModel();
  try {
    const start = await resolveStart(model, request);
    const answers = resolveAnswers(model, request.answers ?? []);
    return { model, start, answers };
  } catch (error) {
    if (error instanceof WizardInputError) throw new DiagnosisInputError(error.message);
    throw error;
  }
}

/** Every step of the earlier check is repeated (a step it did not run may be added: "Run it"). */
function repeatsSteps(previous: readonly string[], request: readonly string[]): boolean {
  const asked = new Set(request);
  return previous.every((s) => asked.has(s));
}

/**
 * The diagnosis a request re-checks (`previousId`), which must exist and be of the same target
 * and steps: a re-check is listed on the earlier diagnosis's page ("checked again since"), so a
 * link to anyone else's diagnosis would plant a foreign result there. Once accounts exist, the
 * caller must also be allowed to see it. Throws DiagnosisInputError (404, 409).
 */
export async function requirePreviousDiagnosis(request: CheckRequest): Promise<DiagnosisRecord | null> {
  if (!request.previousId) return null;
  const previous = await getDiagnosis(request.previousId);
  if (!previous) throw new DiagnosisInputError(`no diagnosis ${request.previousId} to re-check`, 404, "not_found");
  const mismatch =
    previous.host !== request.host
      ? `host ${request.host} is not the host of diagnosis ${previous.id} (${previous.host})`
      : previous.mx !== (request.mx ?? false)
        ? `mail domain (MX) checking differs from diagnosis ${previous.id}`
        : request.port !== undefined && previous.port !== null && request.port !== previous.port
          ? `port ${request.port} is not the port of diagnosis ${previous.id} (${previous.port})`
          : !repeatsSteps(previous.steps, request.steps ?? DEFAULT_STEPS)
            ? `the steps are not those of diagnosis ${previous.id} (${previous.steps.join(", ")})`
            : null;
  if (mismatch) throw new DiagnosisInputError(`a re-check must repeat the same check: ${mismatch}`, 409, "recheck_mismatch");
  return previous;
}

/**
 * Everything about a request that can be refused before any probe runs (wizard keys, the
 * re-checked diagnosis), so a route can answer 4xx before it starts streaming.
 */
export async function prepareDiagnosis(request: CheckRequest): Promise<{ start: WizardStart; answers: GivenAnswer[] }> {
  const { start, answers } = await resolveWizard(request);
  const previous = await requirePreviousDiagnosis(request);
  await vantagesOf(request, { strict: !previous });
  return { start, answers };
}

/**
 * The caller's probe runtime with the probe target policy in force now (read before every check:
 * an admin's save applies to the next check on every instance), unless the caller brings its own.
 */
async function withCurrentPolicy(runtime: DiagnosisRunOptions["runtime"]): Promise<NonNullable<DiagnosisRunOptions["runtime"]>> {
  if (runtime?.policy) return runtime;
  return { ...runtime, policy: await currentTargetPolicy() };
}

export async function runDiagnosis(request: CheckRequest, options: DiagnosisRunOptions = {}): Promise<DiagnosisRunResult> {
  const { model, start, answers } = options.wizard
    ? { model: await getDiagnosisModel(), ...options.wizard }
    : await resolveWizard(request);
  const previous = await requirePreviousDiagnosis(request);
  const steps = request.steps ?? [...DEFAULT_STEPS];
  const deadlineMs = request.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const vantages = await vantagesOf(request, { strict: !previous && !options.wizard });
  const consoleHost = hostname();
  let parts;
  try {
    parts = await runVantageParts(
      { host: request.host, port: request.port, mx: request.mx, steps, recipient: request.recipient, deadlineMs },
      vantages,
      { signal: options.signal, onEvent: options.onEvent, probes: options.probes, runtime: await withCurrentPolicy(options.runtime), consoleHost, diagnosisId: options.diagnosisId ?? null },
    );
  } catch (error) {
    if (error instanceof ProbeInputError) throw new DiagnosisInputError(error.message);
    if (error instanceof PolicyConfigError) throw new DiagnosisInputError(`probe policy: ${error.message}`);
    throw error;
  }
  // until the vantage points are combined (lib/diagnosis/build.ts), the headline rests on the
  // console's part when it ran, else on the first agent's
  const main = parts.find((p) => p.kind === "console") ?? parts[0]!;
  const ended = combinedEnd(parts, main);
  const port = main.results[0]?.target.port ?? parts.find((p) => p.results[0])?.results[0]?.target.port ?? request.port ?? null;
  if (previous && previous.port !== null && port !== null && port !== previous.port) {
    throw new DiagnosisInputError(`a re-check must repeat the same check: port ${port} is not the port of diagnosis ${previous.id} (${previous.port})`, 409, "recheck_mismatch");
  }
  const base = {
    model,
    host: request.host,
    port,
    start,
    answers,
    steps,
    mx: request.mx ?? false,
    recipient: request.recipient ?? null,
    deadlineMs,
    createdBy: request.createdBy ?? "anonymous",
    previousId: request.previousId ?? null,
  };
  const vantagePoints = parts.map((part) => vantagePointOf(part, (ranFrom) => buildDiagnosis({ ...base, results: part.results, ended: part.ended, ranFrom })));
  const content = buildDiagnosis({
    ...base,
    results: main.results,
    ended,
    ranFrom: main.kind === "console" ? consoleVantage(consoleHost) : agentVantage(main),
    vantagePoints,
  });
  if (options.persist) return { record: await options.persist(content), saved: true };
  const shouldSave = request.save !== false && ended !== "cancelled";
  if (!shouldSave) {
    return { record: { ...content, id: "", createdAt: new Date().toISOString() }, saved: false };
  }
  const record = await saveDiagnosis(content);
  void purgeExpiredDiagnosesNowAndThen();
  return { record, saved: true };
}

/** The vantage points of a request; unknown or offline agents refused (strict) as 400/409. */
async function vantagesOf(request: CheckRequest, options: { strict: boolean }): Promise<Vantage[]> {
  try {
    return await resolveVantages(normalizeFrom(request.from), options);
  } catch (error) {
    if (error instanceof VantageRefusedError) throw new DiagnosisInputError(error.message, error.status, error.code);
    throw error;
  }
}

/** Where an agent's part ran, in the words of the conclusion's "ran from". */
function agentVantage(part: Pick<VantagePart, "name" | "address">): CheckVantage {
  return {
    host: part.address ?? part.name,
    note: `This part of the check ran from the probe agent ${part.name}${part.address ? ` (${part.address})` : ""}, not from the RelayDesk console's server.`,
  };
}

/**
 * One part as a vantage point of the record: its own findings and its own outcome (the diagnosis
 * built over its results alone). A part that could not run is could_not_test, with its reason.
 */
export function vantagePointOf(part: VantagePart, build: (ranFrom: CheckVantage) => DiagnosisContent): VantagePoint {
  const own = build(part.kind === "console" ? consoleVantage(part.address ?? "console") : agentVantage(part));
  const denied = part.results.flatMap((r) => r.errors).find((e) => e.code === "EDENIED");
  const reason = part.reason ?? (denied && part.kind === "agent" ? `The agent ${part.name} refused: ${denied.message}` : null);
  const outcome = reason !== null && (part.results.length === 0 || denied) ? "could_not_test" : (own.conclusion?.outcome ?? "could_not_test");
  return { name: part.name, kind: part.kind, address: part.address, outcome, reason, ended: part.ended, results: part.results, findings: own.findings };
}

/**
 * "Check again": the same target, steps, start and answers (from the snapshot, so a changed
 * wizard cannot break it) as a new diagnosis linked to the first. The way to verify a fix.
 */
export async function runRecheck(
  previousId: string,
  createdBy: string | undefined,
  options: Omit<DiagnosisRunOptions, "wizard"> & RunMore = {},
): Promise<DiagnosisRunResult> {
  const { addSteps, port, ...runOptions } = options;
  const { request, wizard } = await recheckPlan(previousId, createdBy, { ...(addSteps ? { addSteps } : {}), ...(port ? { port } : {}) });
  return runDiagnosis(request, { ...runOptions, wizard });
}

/** "Run it": more steps for a re-check, and the port when they talk to another service. */
export interface RunMore {
  addSteps?: readonly CheckStep[];
  port?: number;
}

/** The request and wizard snapshots of a re-check of a saved diagnosis. */
export async function recheckPlan(
  previousId: string,
  createdBy: string | undefined,
  more: RunMore = {},
): Promise<{ request: CheckRequest; wizard: { start: WizardStart; answers: GivenAnswer[] } }> {
  const previous = await getDiagnosis(previousId);
  if (!previous) throw new DiagnosisInputError(`no diagnosis ${previousId}`, 404, "not_found");
  const { addSteps, port: otherPort } = more;
  const steps = addSteps && addSteps.length > 0 ? stepsWith(previous.steps, addSteps) : previous.steps;
  const samePort = steps.some(isSmtpStep) === previous.steps.some(isSmtpStep);
  const port = otherPort ?? (samePort ? previous.port : null);
  const request: CheckRequest = {
    host: previous.host,
    ...(port !== null ? { port } : {}),
    mx: previous.mx,
    ...(previous.recipient ? { recipient: previous.recipient } : {}),
    steps,
    createdBy: createdBy ?? previous.createdBy,
    previousId,
    deadlineMs: previous.deadlineMs,
    save: true,
    // the same vantage points as the earlier check (a record from before agents: the console)
    ...(previous.vantagePoints.length > 0 ? { from: previous.vantagePoints.map((v) => v.name) } : {}),
  };
  return { request, wizard: { start: previous.start, answers: previous.answers } };
}

/** A live check refused before it started (bad target, policy): the field and plain words. */
export class CheckRefusedError extends DiagnosisInputError {
  constructor(
    message: string,
    readonly field: "host" | "port",
  ) {
    super(message, 400, "target_refused");
  }
}

/**
 * Starts a live check as a saved diagnosis: checks the target against the probe policy,
 * saves the record as running, runs the probes in the background (lib/diagnosis/live-runs.ts)
 * and returns the id at once; the record is filled in with what the check saw when it ends,
 * however it ends (done, cancelled, timed out).
 */
export async function startDiagnosis(
  request: CheckRequest,
  options: Pick<DiagnosisRunOptions, "wizard" | "runtime" | "probes"> & {
    /** The staff member running it (saved as the diagnosis's owner before the probes start). */
    ownerId?: string;
    /**
     * Who ran it and from where: the "check.run" audit row written when the run ends. Plain data,
     * not a callback, because on PostgreSQL another instance may run the check (it travels with the job).
     */
    audit?: CheckRunAudit;
  } = {},
): Promise<{ id: string }> {
  const { model, start, answers } = options.wizard ? { model: await getDiagnosisModel(), ...options.wizard } : await resolveWizard(request);
  const previous = await requirePreviousDiagnosis(request);
  const steps = request.steps ?? [...DEFAULT_STEPS];
  const port = request.port ?? (steps.includes("pop3_loop") ? 110 : 25);
  const from = normalizeFrom(request.from);
  // a new check refuses unknown and offline agents now; a re-check runs from the same places and
  // lets one that cannot run end as could_not_test
  await vantagesOf(request, { strict: !previous });
  // the console's policy guards what the console's server talks to; agents apply their own
  const decision = from.includes(CONSOLE_VANTAGE) ? await consoleTargetDecision(request, port, options.runtime) : ({ allowed: true } as const);
  if (!decision.allowed) throw new CheckRefusedError(decision.message, decision.field);
  const created = await createRunningDiagnosis({
    host: request.host,
    port,
    category: start.kind === "category" ? start.key : null,
    createdBy: request.createdBy ?? "anonymous",
    kbRevision: model.kbRevision,
    previousId: request.previousId ?? null,
    start,
    answers,
    steps,
    mx: request.mx ?? false,
    recipient: request.recipient ?? null,
    deadlineMs: request.deadlineMs ?? DEFAULT_DEADLINE_MS,
  });
  if (options.ownerId) await setDiagnosisOwner(created.id, options.ownerId);
  const deadlineMs = request.deadlineMs ?? DEFAULT_DEADLINE_MS;
  // On PostgreSQL the console server runs checks as durable jobs (any instance may run it); a
  // caller with its own probe engine or runtime (tests) runs it here, as SQLite always does.
  if (durableJobsActive() && !options.runtime && !options.probes) {
    await enqueueLiveCheck(created.id, deadlineMs, options.audit, from);
    logEvent("info", "check.queued", { checkId: created.id, host: request.host, port });
  } else {
    // claimed before this returns, so the run is followable (and cancellable) at once
    if (currentFlavour() === "postgres") await claimRun(created.id);
    void runSavedCheck(created, { ...request, port, steps, from }, { start, answers }, options);
  }
  return { id: created.id };
}

/** The console's own target policy on a check's target (lib/diagnosis/target-policy.ts). */
async function consoleTargetDecision(request: CheckRequest, port: number, runtime: DiagnosisRunOptions["runtime"]): Promise<TargetDecision> {
  try {
    return await checkTargetAllowed({ host: request.host, port, mx: request.mx ?? false }, await withCurrentPolicy(runtime));
  } catch (error) {
    if (error instanceof ProbeInputError) throw new CheckRefusedError(error.message, "host");
    if (error instanceof PolicyConfigError) {
      console.error("relaydesk: probe policy configuration", error);
      throw new DiagnosisInputError("Live checks are not available: the server's probe policy is misconfigured.", 400, "policy_config");
    }
    throw error;
  }
}

/**
 * Runs the probes of a check saved as running and fills in its record however it ends. On
 * PostgreSQL the caller has claimed the run for this instance (claimRun: heartbeat, cancel from
 * any instance) and its messages are stored for followers on other instances. The run is in the
 * registry (followable) as soon as this is called. Logs one line when the check ends.
 */
async function runSavedCheck(
  created: { id: string; createdAt: Date },
  request: CheckRequest & { port: number; steps: CheckStep[] },
  wizard: { start: WizardStart; answers: GivenAnswer[] },
  options: Pick<DiagnosisRunOptions, "runtime" | "probes"> & { audit?: CheckRunAudit } = {},
): Promise<FinishedStatus> {
  const started = Date.now();
  const writer = currentFlavour() === "postgres" ? new LiveEventWriter(created.id) : undefined;
  const finished = await launchRun(
    created.id,
    async ({ signal, onEvent }) => {
      let status: FinishedStatus = "done";
      try {
        await runDiagnosis(request, {
          signal,
          onEvent,
          wizard,
          diagnosisId: created.id,
          ...(options.runtime ? { runtime: options.runtime } : {}),
          ...(options.probes ? { probes: options.probes } : {}),
          persist: async (content) => {
            const final = statusOfEnd(content.ended);
            status = final;
            const saved = await saveDiagnosis(content, { id: created.id, createdAt: created.createdAt, status: final });
            if (options.audit) {
              const { staff, from, extra } = options.audit;
              await auditCheckRun(staff, saved, from, extra).catch((e: unknown) => console.error("relaydesk: check audit failed", e));
            }
            return saved;
          },
        });
      } catch (error) {
        await markDiagnosisFailed(created.id);
        throw error;
      }
      return status;
    },
    writer ? { sink: (message) => writer.push(message) } : {},
  );
  if (writer) {
    await writer.flush();
    await releaseRun(created.id).catch((error: unknown) => console.error(`relaydesk: releasing check ${created.id}`, error));
  }
  logEvent(finished === "failed" ? "error" : "info", "check", { checkId: created.id, host: request.host, port: request.port, status: finished, durationMs: Date.now() - started });
  return finished;
}

/**
 * A queued check's job (lib/scale/live-check-jobs.ts), on whichever instance fetched it: runs the
 * saved check, unless it has ended, or it was started before by an instance that has since died
 * (then it ends as could_not_test: probes half run cannot be resumed).
 */
export async function runQueuedCheck(id: string, attempt: { retry: boolean }, audit?: CheckRunAudit, from?: string[]): Promise<void> {
  const header = await getDiagnosisHeader(id);
  if (!header || header.status !== "running") return;
  const earlier = await findRun(id);
  if (earlier) {
    if (Date.now() - earlier.heartbeatAt.getTime() < staleAfterMs()) return; // still running on a live instance
    if (await markDiagnosisInterrupted(id, "instance_stopped")) logEvent("warn", "check.interrupted", { checkId: id, deadInstance: earlier.instanceId, reason: "job retried after its instance died" });
    return;
  }
  if (attempt.retry) logEvent("info", "check.resumed", { checkId: id, reason: "picked up again: the instance that fetched it first never started it" });
  const request: CheckRequest & { port: number; steps: CheckStep[] } = {
    host: header.host,
    port: header.port ?? 25,
    steps: header.steps,
    mx: header.mx,
    ...(header.recipient ? { recipient: header.recipient } : {}),
    deadlineMs: header.deadlineMs,
    createdBy: header.createdBy,
    ...(header.previousId ? { previousId: header.previousId } : {}),
    ...(from && from.length > 0 ? { from } : {}),
    save: true,
  } as CheckRequest & { port: number; steps: CheckStep[] };
  // another instance fetching the same job meanwhile (it expired while this one waited) loses the claim
  if (!(await claimRun(id))) return;
  await runSavedCheck({ id, createdAt: new Date(header.createdAt) }, request, { start: header.start, answers: header.answers }, audit ? { audit } : {});
}

/** "Check again" as a background check: a new diagnosis linked to the first, returned at once. */
export async function startRecheck(
  previousId: string,
  createdBy: string | undefined,
  options: Pick<Parameters<typeof startDiagnosis>[1] & object, "ownerId" | "audit"> = {},
): Promise<{ id: string; host: string }> {
  const { request, wizard } = await recheckPlan(previousId, createdBy);
  return { ...(await startDiagnosis(request, { wizard, ...options })), host: request.host };
}

/**
 * The steps of a check with more added ("run it"): the POP3 connect loop talks to another port
 * than the SMTP steps, so it runs on its own; otherwise the earlier steps run again with the new.
 */
export function stepsWith(previous: readonly CheckStep[], add: readonly CheckStep[]): CheckStep[] {
  if (add.includes("pop3_loop")) return ["pop3_loop"];
  return normalizeSteps([...previous.filter((s) => s !== "pop3_loop"), ...add]);
}
