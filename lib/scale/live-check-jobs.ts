/**
 * Server side, PostgreSQL: live checks as durable jobs (pg-boss 10). The instance that accepts a
 * check saves it as running and sends a job; any instance with a free place fetches it (the
 * sender at once, the others within POLL_MS) and runs the probes, then completes the job. If the
 * instance dies, its check is found by the heartbeat sweep (live-check-runs.ts) and ends as
 * could_not_test; a job fetched but never started (the instance died in between) expires after
 * the check's deadline plus EXPIRY_MARGIN_S and is retried once by another instance, which runs it.
 * On SQLite there is one process and checks run in it (lib/diagnosis/live-runs.ts).
 */
import PgBoss from "pg-boss";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { logEvent } from "@/lib/ops/log";
import { sweepDeadRuns } from "./live-check-runs";
import type { CheckRunAudit } from "@/lib/audit/checks";

export const QUEUE = "relaydesk_live_check";
/** Time past a check's deadline before pg-boss takes its job for lost. */
export const EXPIRY_MARGIN_S = 30;
/** How often an idle instance asks for waiting jobs. */
const POLL_MS = 500;

export interface LiveCheckJobData {
  diagnosisId: string;
  /** who ran it, for the audit row written when it ends */
  audit?: CheckRunAudit;
  /** where it runs: "console" and/or probe agents (issue 14); absent: the console */
  from?: string[];
}

/** Runs one queued check to its end (lib/diagnosis/service.ts runQueuedCheck). */
export type QueuedCheckRunner = (diagnosisId: string, attempt: { retry: boolean }, audit?: CheckRunAudit, from?: string[]) => Promise<void>;

interface State {
  boss: PgBoss | null;
  starting: Promise<void> | null;
  runner: QueuedCheckRunner | null;
  active: Set<string>;
  capacity: number;
  pumping: boolean;
  again: boolean;
  timers: NodeJS.Timeout[];
}
const KEY = Symbol.for("relaydesk.liveCheckJobs");
const state = ((globalThis as unknown as Record<symbol, State | undefined>)[KEY] ??= {
  boss: null,
  starting: null,
  runner: null,
  active: new Set(),
  capacity: 8,
  pumping: false,
  again: false,
  timers: [],
});

/** Checks one instance runs at once (RELAYDESK_CHECKS_PER_INSTANCE, default 16); more wait in the queue. */
function capacityFromEnv(): number {
  const n = Number(process.env.RELAYDESK_CHECKS_PER_INSTANCE);
  return Number.isInteger(n) && n >= 1 && n <= 1_000 ? n : 16;
}

/** True once this process takes part in the job queue (the console server on PostgreSQL). */
export function durableJobsActive(): boolean {
  return state.boss !== null;
}

/** Starts the queue and the fetch loop and the sweep of dead instances' checks (server start, PostgreSQL). */
export function startLiveCheckJobs(runner: QueuedCheckRunner): Promise<void> {
  state.runner = runner;
  state.starting ??= (async () => {
    const boss = new PgBoss({
      connectionString: resolveDatabaseUrl(),
      schema: "pgboss",
      max: 4,
      supervise: true,
      // expiry of a lost job is noticed at the next maintenance: keep it short
      maintenanceIntervalSeconds: 10,
      // stored job rows are kept one day
      deleteAfterDays: 1,
    });
    boss.on("error", (error: unknown) => logEvent("error", "jobs.error", { message: error instanceof Error ? error.message : String(error) }));
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 1, retryDelay: 0, expireInSeconds: 120 + EXPIRY_MARGIN_S });
    state.capacity = capacityFromEnv();
    state.boss = boss;
    const poll = setInterval(() => void pump(), POLL_MS);
    const sweepEvery = Math.max(1_000, Number(process.env.RELAYDESK_CHECK_HEARTBEAT_MS) || 2_000);
    const sweep = setInterval(() => {
      sweepDeadRuns().catch((error: unknown) => logEvent("error", "checks.sweep_failed", { message: String(error) }));
    }, sweepEvery);
    poll.unref();
    sweep.unref();
    state.timers.push(poll, sweep);
    void pump();
  })().catch((error: unknown) => {
    state.starting = null;
    throw error;
  });
  return state.starting;
}

/** Stops fetching and closes the queue's connections (tests; shutdown). Running checks are not waited for. */
export async function stopLiveCheckJobs(): Promise<void> {
  for (const t of state.timers.splice(0)) clearInterval(t);
  const boss = state.boss;
  state.boss = null;
  state.starting = null;
  await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
}

/** Queues a saved running check; this instance fetches it at once when it has a free place. */
export async function enqueueLiveCheck(diagnosisId: string, deadlineMs: number, audit?: CheckRunAudit, from?: string[]): Promise<void> {
  const boss = state.boss;
  if (!boss) throw new Error("the live-check queue is not started");
  await boss.send(QUEUE, { diagnosisId, ...(audit ? { audit } : {}), ...(from ? { from } : {}) } satisfies LiveCheckJobData, { expireInSeconds: Math.ceil(deadlineMs / 1000) + EXPIRY_MARGIN_S, retryLimit: 1, retryDelay: 0 });
  void pump();
}

async function pump(): Promise<void> {
  if (state.pumping) {
    state.again = true;
    return;
  }
  state.pumping = true;
  try {
    do {
      state.again = false;
      const boss = state.boss;
      const free = state.capacity - state.active.size;
      if (!boss || free <= 0) break;
      const jobs = await boss.fetch<LiveCheckJobData>(QUEUE, { batchSize: free, includeMetadata: true });
      for (const job of jobs) void runJob(boss, job);
      if (jobs.length === free) state.again = true;
    } while (state.again);
  } catch (error) {
    logEvent("error", "jobs.fetch_failed", { message: error instanceof Error ? error.message : String(error) });
  } finally {
    state.pumping = false;
  }
}

async function runJob(boss: PgBoss, job: PgBoss.JobWithMetadata<LiveCheckJobData>): Promise<void> {
  state.active.add(job.id);
  try {
    const id = job.data?.diagnosisId;
    if (typeof id !== "string") throw new Error("job without a diagnosis id");
    await state.runner!(id, { retry: job.retryCount > 0 }, job.data.audit, Array.isArray(job.data.from) ? job.data.from.filter((n): n is string => typeof n === "string") : undefined);
    await boss.complete(QUEUE, job.id);
  } catch (error) {
    logEvent("error", "check.job_failed", { jobId: job.id, checkId: job.data?.diagnosisId, message: error instanceof Error ? error.message : String(error) });
    await boss.fail(QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
  } finally {
    state.active.delete(job.id);
    void pump();
  }
}
