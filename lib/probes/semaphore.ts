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

/** One slot overall plus one slot for the target key (address and port, see slotKey in ./run). */
export class ProbeLimiter {
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

let shared: ProbeLimiter | null = null;

/** The process-wide limiter used when a probe is not given one. */
export function defaultLimiter(): ProbeLimiter {
  shared ??= new ProbeLimiter();
  return shared;
}
