/**
 * Server side, PostgreSQL: a live check's messages go through the database, so a browser attached
 * to any console instance can follow a check that runs on another. The running instance appends
 * them (batched every FLUSH_MS) to LiveCheckEvent and NOTIFYs relaydesk_live_check with the
 * diagnosis id; a follower replays what is stored, then reads on each notification (and at least
 * every POLL_MS, in case one is lost) until the "finished" message or the diagnosis has ended.
 */
import { getDb } from "@/lib/db/client";
import { listen } from "@/lib/db/pg-listen";
import type { FinishedStatus, LiveMessage } from "@/lib/diagnosis/live";

export const EVENTS_CHANNEL = "relaydesk_live_check";
/** Longest a message waits in the writer before it is stored. */
export const FLUSH_MS = 100;
/** Longest a follower waits without a notification before it reads again. */
export const POLL_MS = 1_000;
/** Messages stored per check; beyond it transcript lines are dropped (as the in-process replay does). */
const MAX_KEPT = 5_000;
/** Rows read per query by a follower. */
const PAGE = 500;

function isPartial(m: LiveMessage): boolean {
  return m.type === "check" && m.event.type === "probe-event" && m.event.event.type === "partial";
}
function isTranscript(m: LiveMessage): boolean {
  return m.type === "check" && m.event.type === "probe-event" && m.event.event.type === "transcript";
}

/** Appends one running check's messages to the database, in order, in small batches. */
export class LiveEventWriter {
  private seq = 0;
  private kept = 0;
  private buffer: LiveMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly diagnosisId: string) {}

  push(message: LiveMessage): void {
    // a partial line matters only until the next message: keep the latest one of a batch
    if (isPartial(message) && this.buffer.length > 0 && isPartial(this.buffer[this.buffer.length - 1]!)) this.buffer.pop();
    else if (isTranscript(message) && this.kept >= MAX_KEPT) return;
    else this.kept++;
    this.buffer.push(message);
    if (message.type === "finished") void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** Stores what is buffered; resolves when everything pushed so far is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer.splice(0);
    if (batch.length > 0) {
      const rows = batch.map((m) => ({ diagnosisId: this.diagnosisId, seq: ++this.seq, message: JSON.stringify(m) }));
      this.chain = this.chain.then(async () => {
        try {
          const db = getDb();
          await db.liveCheckEvent.createMany({ data: rows });
          await db.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${this.diagnosisId})`;
        } catch (error) {
          console.error(`relaydesk: live check ${this.diagnosisId}: storing ${rows.length} event(s) failed`, error);
        }
      });
    }
    return this.chain;
  }
}

async function statusOf(id: string): Promise<string | null> {
  const row = await getDb().diagnosis.findUnique({ where: { id }, select: { status: true } });
  return row?.status ?? null;
}

/** "finished" status for a diagnosis status (a running one left behind reads as interrupted). */
function finishedStatus(status: string | null): FinishedStatus {
  if (status === "done" || status === "cancelled" || status === "timed_out" || status === "interrupted" || status === "failed") return status;
  return "interrupted";
}

/**
 * Follows a check through the database: "sync", everything stored so far, then each new message,
 * until "finished" (sent by the runner, or made here from the saved status when the check ended
 * without one: interrupted by an instance that died). Resolves when done or when `signal` aborts.
 */
export async function followStoredRun(id: string, createdAt: Date, send: (message: LiveMessage) => void, signal: AbortSignal): Promise<void> {
  const db = getDb();
  let wake: (() => void) | null = null;
  const unlisten = await listen(EVENTS_CHANNEL, (payload) => {
    if (payload === id) wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const run = await db.liveCheckRun.findUnique({ where: { diagnosisId: id }, select: { startedAt: true } });
    send({ type: "sync", id, elapsedMs: Math.max(0, Date.now() - (run?.startedAt ?? createdAt).getTime()) });
    let last = 0;
    let endedChecks = 0;
    while (!signal.aborted) {
      const rows = await db.liveCheckEvent.findMany({ where: { diagnosisId: id, seq: { gt: last } }, orderBy: { seq: "asc" }, take: PAGE, select: { seq: true, message: true } });
      for (const row of rows) {
        last = row.seq;
        const message = JSON.parse(row.message) as LiveMessage;
        send(message);
        if (message.type === "finished") return;
      }
      if (rows.length === PAGE) continue;
      if (rows.length === 0) {
        const status = await statusOf(id);
        // ended without a stored "finished": read once more (it may be on its way), then answer from the status
        if (status !== "running" && ++endedChecks > 1) {
          send({ type: "finished", status: finishedStatus(status) });
          return;
        }
        if (status !== "running") continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, POLL_MS);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
        if (signal.aborted) done();
      });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    unlisten();
  }
}

/** Removes the stored messages of checks that ended more than `olderThanMs` ago (followers have moved on). */
export async function pruneLiveEvents(olderThanMs: number): Promise<number> {
  const { count } = await getDb().liveCheckEvent.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - olderThanMs) } } });
  return count;
}
