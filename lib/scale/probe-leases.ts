/**
 * Server side, PostgreSQL: the probe limits (per target and overall) held across every console
 * instance on the database. A slot is a ProbeLease row; taking one is a short transaction under an
 * advisory lock that counts the live leases, so two instances cannot both take the last slot. A
 * holder renews its leases every LEASE_MS / 3; a dead instance's slots free themselves at expiry.
 * A waiting probe retries when a slot is released anywhere (NOTIFY relaydesk_probe_slot) and at
 * least every RETRY_MS. Waiters per instance are bounded (maxQueue), as in the in-process limiter.
 */
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { listen } from "@/lib/db/pg-listen";
import { LimiterBusyError, type Release, type SlotLimiter } from "@/lib/probes/semaphore";
import { DEFAULT_MAX_QUEUED_PROBES } from "@/lib/probes/constants";
import { instanceId } from "./instance";

const RELEASE_CHANNEL = "relaydesk_probe_slot";
/** A lease not renewed for this long is free again. */
export const LEASE_MS = 30_000;
const RETRY_MS = 250;
/** Arbitrary constant key of the advisory lock that serializes slot taking. */
const LOCK_KEY = 0x5244_0013;

export class SharedProbeLimiter implements SlotLimiter {
  readonly maxPerTarget: number;
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  private readonly held = new Set<string>();
  private readonly seen = new Map<string, number>();
  private waiters = 0;
  private readonly wakers = new Set<() => void>();
  private renewTimer: NodeJS.Timeout | null = null;
  private listening: Promise<void> | null = null;

  constructor(options: { maxConcurrent: number; maxPerTarget: number; maxQueue?: number }) {
    this.maxConcurrent = options.maxConcurrent;
    this.maxPerTarget = options.maxPerTarget;
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUED_PROBES;
  }

  /** Probes holding a slot of the target on any instance, as of the last attempt to take one. */
  running(targetKey: string): number {
    return this.seen.get(targetKey) ?? 0;
  }

  async acquire(targetKey: string, signal?: AbortSignal): Promise<Release> {
    this.listening ??= listen(RELEASE_CHANNEL, () => this.wakeAll()).then(
      () => undefined,
      () => undefined, // polling still works
    );
    await this.listening;
    let waiting = false;
    try {
      for (;;) {
        if (signal?.aborted) throw abortError(signal);
        const id = await this.tryTake(targetKey);
        if (id) return this.releaser(id);
        if (!waiting) {
          if (this.waiters >= this.maxQueue) throw new LimiterBusyError(`too many probes waiting (${this.waiters}); try again later`);
          this.waiters++;
          waiting = true;
        }
        await this.sleep(signal);
      }
    } finally {
      if (waiting) this.waiters--;
    }
  }

  /** One attempt: the lease id when a slot was free, else null. */
  private async tryTake(targetKey: string): Promise<string | null> {
    const id = randomUUID();
    const db = getDb();
    const taken = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_KEY})`;
      await tx.$executeRaw`DELETE FROM "ProbeLease" WHERE "expiresAt" < now()`;
      const [counts] = await tx.$queryRaw<Array<{ total: bigint; target: bigint }>>`
        SELECT count(*) AS total, count(*) FILTER (WHERE "targetKey" = ${targetKey}) AS target FROM "ProbeLease"`;
      const target = Number(counts?.target ?? 0);
      this.seen.set(targetKey, target);
      if (target >= this.maxPerTarget || Number(counts?.total ?? 0) >= this.maxConcurrent) return false;
      await tx.$executeRaw`INSERT INTO "ProbeLease" ("id", "targetKey", "instanceId", "expiresAt")
        VALUES (${id}, ${targetKey}, ${instanceId()}, now() + make_interval(secs => ${LEASE_MS / 1000}))`;
      return true;
    });
    if (!taken) return null;
    this.held.add(id);
    this.startRenewing();
    return id;
  }

  private releaser(id: string): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.held.delete(id);
      const db = getDb();
      void (async () => {
        try {
          await db.$executeRaw`DELETE FROM "ProbeLease" WHERE "id" = ${id}`;
          await db.$executeRaw`SELECT pg_notify(${RELEASE_CHANNEL}, '')`;
        } catch (error) {
          console.error("relaydesk: releasing a probe slot failed (it frees itself at expiry)", error);
        }
      })();
    };
  }

  private startRenewing(): void {
    if (this.renewTimer) return;
    this.renewTimer = setInterval(() => {
      if (this.held.size === 0) return;
      const ids = [...this.held];
      getDb()
        .probeLease.updateMany({ where: { id: { in: ids } }, data: { expiresAt: new Date(Date.now() + LEASE_MS) } })
        .catch((error: unknown) => console.error("relaydesk: renewing probe slots failed", error));
    }, LEASE_MS / 3);
    this.renewTimer.unref();
  }

  private wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }

  private sleep(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      // a little jitter so instances woken together do not all queue on the lock at once
      const timer = setTimeout(done, RETRY_MS + Math.floor(Math.random() * 50));
      this.wakers.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === "string" ? reason : "aborted");
  err.name = "AbortError";
  return err;
}
