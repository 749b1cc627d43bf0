/**
 * Server side, PostgreSQL: which instance runs which live check. The running instance holds a
 * LiveCheckRun row and renews its heartbeat every HEARTBEAT_MS; a cancel from any instance sets
 * cancelRequested and NOTIFYs relaydesk_live_check_cancel; a sweep on every instance marks a check
 * whose runner has stopped renewing as interrupted (could_not_test, "the console instance running
 * the check stopped"), so no check stays "running" when its instance dies.
 */
import { getDb } from "@/lib/db/client";
import { listen } from "@/lib/db/pg-listen";
import { cancelRun, runningIds } from "@/lib/diagnosis/live-runs";
import { markDiagnosisInterrupted } from "@/lib/diagnosis/store";
import { MAX_DEADLINE_MS } from "@/lib/diagnosis/validation";
import { instanceId } from "./instance";
import { pruneLiveEvents } from "./live-events";
import { logEvent } from "@/lib/ops/log";

export const CANCEL_CHANNEL = "relaydesk_live_check_cancel";

function envMs(name: string, fallback: number): number {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n >= 100 ? n : fallback;
}
/** How often a running instance renews the heartbeat of its checks (RELAYDESK_CHECK_HEARTBEAT_MS). */
export const heartbeatMs = () => envMs("RELAYDESK_CHECK_HEARTBEAT_MS", 2_000);
/** A check whose heartbeat is older than this is taken for dead: five missed beats. */
export const staleAfterMs = () => heartbeatMs() * 5;
/** Stored events are kept this long after they were written. */
const EVENTS_KEPT_MS = 60 * 60_000;
/** A check still "running" with no runner this long after it was created is given up (its job was lost). */
const UNCLAIMED_LIMIT_MS = MAX_DEADLINE_MS + 15 * 60_000;

interface State {
  timer: NodeJS.Timeout | null;
  listening: Promise<void> | null;
}
const KEY = Symbol.for("relaydesk.liveCheckRuns");
const state = ((globalThis as unknown as Record<symbol, State | undefined>)[KEY] ??= { timer: null, listening: null });

/** Records that this instance runs the check now; false when another live instance already does. */
export async function claimRun(diagnosisId: string): Promise<boolean> {
  const db = getDb();
  try {
    await db.liveCheckRun.create({ data: { diagnosisId, instanceId: instanceId() } });
  } catch {
    return false; // unique violation: it was started before (see takeOver in live-check-jobs.ts)
  }
  startHeartbeat();
  return true;
}

/** The check's runner row, when it has one. */
export function findRun(diagnosisId: string) {
  return getDb().liveCheckRun.findUnique({ where: { diagnosisId } });
}

export async function releaseRun(diagnosisId: string): Promise<void> {
  await getDb().liveCheckRun.deleteMany({ where: { diagnosisId, instanceId: instanceId() } });
}

/** Cancels a check wherever it runs: here at once, elsewhere through the database. */
export async function requestCancel(diagnosisId: string): Promise<boolean> {
  if (cancelRun(diagnosisId)) return true;
  const db = getDb();
  const { count } = await db.liveCheckRun.updateMany({ where: { diagnosisId }, data: { cancelRequested: true } });
  if (count > 0) await db.$executeRaw`SELECT pg_notify(${CANCEL_CHANNEL}, ${diagnosisId})`;
  return count > 0;
}

function startHeartbeat(): void {
  state.listening ??= listen(CANCEL_CHANNEL, (id) => void cancelRun(id)).then(
    () => undefined,
    (error: unknown) => console.error("relaydesk: could not LISTEN for cancels (the heartbeat still sees them)", error),
  );
  if (state.timer) return;
  state.timer = setInterval(() => void beat(), heartbeatMs());
  state.timer.unref();
}

async function beat(): Promise<void> {
  const ids = runningIds();
  if (ids.length === 0) return;
  try {
    const db = getDb();
    await db.liveCheckRun.updateMany({ where: { instanceId: instanceId(), diagnosisId: { in: ids } }, data: { heartbeatAt: new Date() } });
    const cancelled = await db.liveCheckRun.findMany({ where: { diagnosisId: { in: ids }, cancelRequested: true }, select: { diagnosisId: true } });
    for (const c of cancelled) cancelRun(c.diagnosisId);
  } catch (error) {
    console.error("relaydesk: live-check heartbeat failed", error);
  }
}

/**
 * Marks checks whose instance has died as interrupted; returns their ids. Run by every instance
 * periodically (the durable-job worker does, see live-check-jobs.ts).
 */
export async function sweepDeadRuns(now = Date.now()): Promise<string[]> {
  const db = getDb();
  const stale = await db.liveCheckRun.findMany({ where: { heartbeatAt: { lt: new Date(now - staleAfterMs()) } }, select: { diagnosisId: true, instanceId: true } });
  const marked: string[] = [];
  for (const run of stale) {
    if (await markDiagnosisInterrupted(run.diagnosisId, "instance_stopped")) {
      marked.push(run.diagnosisId);
      logEvent("warn", "check.interrupted", { checkId: run.diagnosisId, deadInstance: run.instanceId, reason: "runner heartbeat stopped" });
    }
    await db.liveCheckRun.deleteMany({ where: { diagnosisId: run.diagnosisId, instanceId: run.instanceId } });
  }
  // a check nobody ever claimed for far longer than any check may run: its job was lost
  const unclaimed = await db.diagnosis.findMany({ where: { status: "running", createdAt: { lt: new Date(now - UNCLAIMED_LIMIT_MS) } }, select: { id: true } });
  for (const d of unclaimed) {
    if ((await findRun(d.id)) === null && (await markDiagnosisInterrupted(d.id, "instance_stopped"))) {
      marked.push(d.id);
      logEvent("warn", "check.interrupted", { checkId: d.id, reason: "never picked up" });
    }
  }
  await pruneLiveEvents(EVENTS_KEPT_MS);
  return marked;
}
