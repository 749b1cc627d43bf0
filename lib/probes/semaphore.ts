/**
 * Small counting semaphore with FIFO waiters, AbortSignal support and a bounded
 * queue, plus a limiter that holds one slot overall and one per target.
 */
import {
  DEFAULT_MAX_CONCURRENT_PROBES,
  DEFAULT_MAX_PROBES_PER_TARGET,
  DEFAULT_MAX_QUEUED_PROBES,
} from "./constants";

export type Release = () => void;

export class LimiterBusyError extends Error {
  readonly code = "EBUSY";
}

export class Semaphore {
  private active = 0;
  private readonly waiters: Array<{ grant: () => void; cancel: () => void }> = [];

  constructor(
    readonly max: number,
    readonly maxQueue: number = DEFAULT_MAX_QUEUED_PROBES,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`semaphore size must be a positive integer, got ${max}`);
  }

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function (call it exactly once; extra calls are ignored). */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiters.length >= this.maxQueue) {
      return Promise.reject(new LimiterBusyError(`too many probes waiting (${this.waiters.length}); try again later`));
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i !== -1) this.waiters.splice(i, 1);
        reject(abortError(signal));
      };
      const waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
        cancel: onAbort,
      };
      this.waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant(); // hand the slot over: active stays the same
      else this.active--;
    };
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === "string" ? reason : "aborted");
  err.name = "AbortError";
  return err;
}

export interface LimiterOptions {
  maxConcurrent?: number;
  maxPerTarget?: number;
  maxQueue?: number;
}

/**
 * What a probe needs of a limiter: a slot per target key plus one overall. ProbeLimiter holds them
 * in this process; on PostgreSQL the console installs one that holds them across instances
 * (lib/scale/probe-leases.ts) with setDefaultLimiter.
 */
export interface SlotLimiter {
  readonly maxPerTarget: number;
  /** Probes holding a slot of this target key now (as last seen, for a shared limiter). */
  running(targetKey: string): number;
  acquire(targetKey: string, signal?: AbortSignal): Promise<Release>;
}

/** One slot overall plus one slot for the target key (address and port, see slotKey in ./run). */
export class ProbeLimiter implements SlotLimiter {
  private readonly overall: Semaphore;
  private readonly perTarget = new Map<string, Semaphore>();
  readonly maxPerTarget: number;
  readonly maxQueue: number;

  constructor(options: LimiterOptions = {}) {
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUED_PROBES;
    this.overall = new Semaphore(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT_PROBES, this.maxQueue);
    this.maxPerTarget = options.maxPerTarget ?? DEFAULT_MAX_PROBES_PER_TARGET;
    if (!Number.isInteger(this.maxPerTarget) || this.maxPerTarget < 1) throw new RangeError("maxPerTarget must be a positive integer");
  }

  /** Probes holding a slot of this target key now. */
  running(targetKey: string): number {
    return this.perTarget.get(targetKey)?.inUse ?? 0;
  }

  stats(): { active: number; waiting: number; targets: number } {
    return { active: this.overall.inUse, waiting: this.overall.waiting, targets: this.perTarget.size };
  }

  /** Takes the target slot first (so one busy target cannot hog overall slots), then an overall slot. */
  async acquire(targetKey: string, signal?: AbortSignal): Promise<Release> {
    let sem = this.perTarget.get(targetKey);
    if (!sem) {
      sem = new Semaphore(this.maxPerTarget, this.maxQueue);
      this.perTarget.set(targetKey, sem);
    }
    const target = sem;
    const releaseTarget = await target.acquire(signal);
    let releaseOverall: Release;
    try {
      releaseOverall = await this.overall.acquire(signal);
    } catch (err) {
      releaseTarget();
      this.gc(targetKey, target);
      throw err;
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      releaseOverall();
      releaseTarget();
      this.gc(targetKey, target);
    };
  }

  private gc(key: string, sem: Semaphore): void {
    if (sem.inUse === 0 && sem.waiting === 0 && this.perTarget.get(key) === sem) this.perTarget.delete(key);
  }
}

/** Limits from the environment (RELAYDESK_MAX_PROBES overall, RELAYDESK_MAX_PROBES_PER_TARGET), else the defaults. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): { maxConcurrent: number; maxPerTarget: number } {
  const read = (name: string, fallback: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new RangeError(`${name} must be a whole number from 1 to 100000, got "${raw}"`);
    return n;
  };
  return { maxConcurrent: read("RELAYDESK_MAX_PROBES", DEFAULT_MAX_CONCURRENT_PROBES), maxPerTarget: read("RELAYDESK_MAX_PROBES_PER_TARGET", DEFAULT_MAX_PROBES_PER_TARGET) };
}

const SHARED = Symbol.for("relaydesk.defaultLimiter");
const holder = globalThis as unknown as Record<symbol, SlotLimiter | undefined>;

/** The process-wide limiter used when a probe is not given one. */
export function defaultLimiter(): SlotLimiter {
  holder[SHARED] ??= new ProbeLimiter(limitsFromEnv());
  return holder[SHARED];
}

/** Replaces the process-wide limiter (the console does so on PostgreSQL: limits across instances). */
export function setDefaultLimiter(limiter: SlotLimiter): void {
  holder[SHARED] = limiter;
}
