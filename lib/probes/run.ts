/**
 * Plumbing shared by every probe: the whole-probe deadline and cancellation,
 * target preparation (parse, port policy, DNS/MX resolution, address policy,
 * address selection), and running the per-address session under the limiter.
 */
import { monotonicMs } from "./clock";
import { MAX_ADDRESSES_PER_PROBE, MAX_SLOT_WAIT_MS } from "./constants";
import { policyFromEnv, type TargetPolicy } from "./policy";
import { ProbeRecorder } from "./recorder";
import { DnsError, ProbeInputError, ProbeResolver, parseHostPort } from "./resolve";
import { defaultLimiter, LimiterBusyError, type SlotLimiter } from "./semaphore";
import type { RuntimeOptions } from "./options";
import type { ProbeKind, ProbeTarget, TestedAddress } from "./types";

export class ProbeRun {
  readonly rec: ProbeRecorder;
  readonly signal: AbortSignal;
  readonly policy: TargetPolicy;
  readonly limiter: SlotLimiter;
  private readonly ctl = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  /** Deadline time left when the clock is paused (waiting for a slot), else null. */
  private pausedLeft: number | null = null;
  private deadlineAt: number;
  private readonly onUserAbort: () => void;
  private why: "deadline" | "cancelled" | null = null;

  constructor(
    kind: ProbeKind,
    private readonly runtime: RuntimeOptions,
    readonly probeMs: number,
  ) {
    this.rec = new ProbeRecorder(kind, runtime.onEvent);
    this.signal = this.ctl.signal;
    this.policy = runtime.policy ?? policyFromEnv(process.env);
    this.limiter = runtime.limiter ?? defaultLimiter();
    this.deadlineAt = monotonicMs() + probeMs;
    this.arm(probeMs);
    this.onUserAbort = () => {
      // a caller's own deadline (a TimeoutError reason, as AbortSignal.timeout gives) is a deadline, not a cancel
      const reason: unknown = runtime.signal?.reason;
      const isDeadline = reason instanceof Error || (typeof DOMException !== "undefined" && reason instanceof DOMException) ? (reason as Error).name === "TimeoutError" : false;
      this.why ??= isDeadline ? "deadline" : "cancelled";
      this.ctl.abort(new Error(isDeadline ? "check deadline reached" : "probe cancelled"));
    };
    if (runtime.signal?.aborted) this.onUserAbort();
    else runtime.signal?.addEventListener("abort", this.onUserAbort, { once: true });
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.why ??= "deadline";
      this.ctl.abort(new Error(`probe deadline of ${this.probeMs} ms reached`));
    }, Math.max(1, ms));
  }

  /** Stops the probe's deadline clock while it waits for a slot behind other probes. */
  pauseDeadline(): void {
    if (this.pausedLeft !== null || this.signal.aborted) return;
    this.pausedLeft = Math.max(1, this.deadlineAt - monotonicMs());
    clearTimeout(this.timer);
  }

  /** Restarts the deadline clock with the time that was left when it was paused. */
  resumeDeadline(): void {
    if (this.pausedLeft === null) return;
    const left = this.pausedLeft;
    this.pausedLeft = null;
    if (this.signal.aborted) return;
    this.deadlineAt = monotonicMs() + left;
    this.arm(left);
  }

  get abortReason(): "deadline" | "cancelled" | null {
    return this.why;
  }

  /** Records the abort as an error (once) and returns true when the probe was aborted. */
  checkAborted(step?: string): boolean {
    if (!this.signal.aborted) return false;
    if (!this.rec.errors.some((e) => e.code === "EABORTED" || e.code === "EDEADLINE")) {
      if (this.why === "deadline") {
        this.rec.info(`probe deadline of ${this.probeMs} ms reached; stopping`);
        this.rec.error("EDEADLINE", `the probe deadline of ${this.probeMs} ms was reached`, step);
      } else {
        this.rec.info("probe cancelled");
        this.rec.error("EABORTED", "the probe was cancelled", step);
      }
    }
    return true;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.runtime.signal?.removeEventListener("abort", this.onUserAbort);
  }
}

export interface TargetInput {
  target: string;
  port?: number | undefined;
  family: 4 | 6 | "any";
  addresses: "first" | "all";
  address?: string | undefined;
  dnsServers?: string[] | undefined;
  mx?: boolean;
}

export interface PreparedTarget {
  target: ProbeTarget;
  toTest: TestedAddress[];
  verdict: "ok" | "denied" | "unresolved" | "aborted";
}

/** Parses the target (throws ProbeInputError for bad input) without any network activity. */
export function parseTarget(input: TargetInput, defaultPort: number | undefined): { host: string; port: number; ipFamily: 0 | 4 | 6 } {
  // a port written in the target text wins over the port option, which wins over the default
  return parseHostPort(input.target, input.port ?? defaultPort);
}

/**
 * Port policy, then resolution, then the address policy on every resolved
 * address. Records transcript lines, a "resolve" step and the findings
 * target.denied_by_policy / target.resolution_failed.
 */
/** The target as given, before any address is known (also what a failed preparation reports). */
function unresolvedTarget(input: TargetInput, hp: ReturnType<typeof parseTarget>): ProbeTarget {
  return {
    input: input.target,
    host: hp.host,
    port: hp.port,
    addresses: [],
    resolvedFrom: hp.ipFamily ? "literal" : input.mx ? "mx" : "dns",
  };
}

export async function prepareTarget(run: ProbeRun, input: TargetInput, defaultPort: number | undefined, dnsMs: number): Promise<PreparedTarget> {
  const rec = run.rec;
  const hp = parseTarget(input, defaultPort);
  const target = unresolvedTarget(input, hp);

  const portDecision = run.policy.checkPort(hp.port);
  if (!portDecision.allowed) {
    const line = rec.info(`policy: refused ${hp.host} port ${hp.port}: ${portDecision.reason}`);
    rec.finding("target.denied_by_policy", [line], { port: hp.port, reason: portDecision.reason });
    rec.error("EDENIED", portDecision.reason);
    return { target, toTest: [], verdict: "denied" };
  }

  let candidates: Array<{ address: string; family: 4 | 6; host: string; mxPreference?: number }> = [];
  if (hp.ipFamily !== 0) {
    candidates = [{ address: hp.host, family: hp.ipFamily, host: hp.host }];
  } else {
    const step = rec.startStep("resolve");
    const resolver = new ProbeResolver({ ...(input.dnsServers ? { dnsServers: input.dnsServers } : {}), timeoutMs: dnsMs, signal: run.signal });
    try {
      if (input.mx) {
        let mx: Array<{ exchange: string; priority: number }> = [];
        try {
          rec.client(`MX? ${hp.host}`);
          mx = (await resolver.mx(hp.host)).sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
        } catch (err) {
          if (!(err instanceof DnsError) || err.code !== "ENODATA") throw err;
        }
        if (mx.length === 0) {
          rec.server(`no MX records for ${hp.host}; using its address records (implicit MX, RFC 5321 section 5.1)`);
          target.resolvedFrom = "implicit-mx";
          for (const a of await resolver.addresses(hp.host, input.family)) candidates.push({ ...a, host: hp.host });
        } else {
          target.mx = mx.map((m) => ({ exchange: m.exchange, preference: m.priority }));
          for (const m of mx) rec.server(`MX ${m.priority} ${m.exchange || "."}`);
          if (mx.length === 1 && (mx[0]!.exchange === "" || mx[0]!.exchange === ".")) {
            throw new DnsError(`${hp.host} publishes a null MX: it accepts no mail (RFC 7505)`, "ENULLMX", `MX ${hp.host}`);
          }
          for (const m of mx.slice(0, MAX_ADDRESSES_PER_PROBE)) {
            rec.client(`A/AAAA? ${m.exchange}`);
            try {
              const list = await resolver.addresses(m.exchange, input.family);
              rec.server(`${m.exchange}: ${list.map((a) => a.address).join(", ")}`);
              for (const a of list) candidates.push({ ...a, host: m.exchange, mxPreference: m.priority });
            } catch (err) {
              rec.server(`${m.exchange}: ${(err as Error).message}`);
            }
          }
        }
      } else {
        rec.client(`A/AAAA? ${hp.host}`);
        const list = await resolver.addresses(hp.host, input.family);
        rec.server(`${hp.host}: ${list.map((a) => a.address).join(", ")}`);
        candidates = list.map((a) => ({ ...a, host: hp.host }));
      }
      step.end(candidates.length > 0 ? "ok" : "failed", `${candidates.length} address(es)`);
    } catch (err) {
      if (run.checkAborted("resolve")) {
        step.end("failed", "aborted");
        return { target, toTest: [], verdict: "aborted" };
      }
      const e = err as DnsError;
      const line = rec.info(`could not resolve ${hp.host}: ${e.message}`);
      step.end(e.code === "ETIMEOUT" ? "timeout" : "failed", e.message);
      rec.finding("target.resolution_failed", [line], { host: hp.host, code: e.code ?? "EDNS" });
      rec.error("EDNS", e.message, "resolve");
      return { target, toTest: [], verdict: "unresolved" };
    }
  }

  if (input.family !== "any") candidates = candidates.filter((c) => c.family === input.family);
  if (candidates.length === 0) {
    const line = rec.info(`no ${input.family === "any" ? "" : `IPv${input.family} `}address to test for ${hp.host}`);
    rec.finding("target.resolution_failed", [line], { host: hp.host, family: input.family });
    rec.error("EDNS", `no ${input.family === "any" ? "" : `IPv${input.family} `}address for ${hp.host}`, "resolve");
    return { target, toTest: [], verdict: "unresolved" };
  }

  const deniedLines: string[] = [];
  const denied: Array<{ address: string; reason: string }> = [];
  for (const c of candidates) {
    const d = run.policy.checkAddress(c.address);
    const entry: TestedAddress = { address: c.address, family: c.family, host: c.host, tested: false };
    if (c.mxPreference !== undefined) entry.mxPreference = c.mxPreference;
    if (!d.allowed) {
      entry.denied = d.reason;
      denied.push({ address: c.address, reason: d.reason });
      deniedLines.push(rec.info(`policy: refused ${c.address}${c.host !== c.address ? ` (${c.host})` : ""}: ${d.reason}`));
    }
    target.addresses.push(entry);
  }
  let allowed = target.addresses.filter((a) => a.denied === undefined);
  if (input.address !== undefined) {
    const want = input.address.replace(/^\[|\]$/g, "").toLowerCase();
    const pick = target.addresses.find((a) => a.address === want);
    if (!pick) throw new ProbeInputError(`address ${input.address} is not one of the addresses of ${hp.host} (${target.addresses.map((a) => a.address).join(", ")})`);
    allowed = pick.denied === undefined ? [pick] : [];
  }
  if (denied.length > 0) {
    const relevant = input.address === undefined || allowed.length === 0;
    if (relevant) {
      rec.finding("target.denied_by_policy", deniedLines, { denied }, allowed.length > 0 ? "warning" : undefined);
    }
  }
  if (allowed.length === 0) {
    rec.error("EDENIED", denied.map((d) => d.reason).join("; ") || "no allowed address");
    return { target, toTest: [], verdict: "denied" };
  }
  const toTest = input.addresses === "all" ? allowed.slice(0, MAX_ADDRESSES_PER_PROBE) : allowed.slice(0, 1);
  for (const a of toTest) a.tested = true;
  if (target.addresses.length > 1) {
    rec.info(`testing ${toTest.map((a) => `${a.address} (${a.host}, IPv${a.family})`).join(", ")} of ${target.addresses.length} address(es)`);
  }
  return { target, toTest, verdict: "ok" };
}

/** The limiter key of a target: its address and port (another port of the same host is another service). */
export function slotKey(address: string, port: number): string {
  return `${address}|${port}`;
}

/**
 * Waits for a slot for `address` and `port`. The wait has its own clock (the probe's deadline is
 * paused meanwhile) and its own limit; a probe that never gets a slot ends with target.busy.
 */
async function acquireSlot(run: ProbeRun, a: TestedAddress, port: number): Promise<{ release: () => void; queuedBehind: number } | null> {
  const key = slotKey(a.address, port);
  const running = run.limiter.running(key);
  const mustWait = running >= run.limiter.maxPerTarget;
  const waitCtl = new AbortController();
  const waitTimer = setTimeout(() => waitCtl.abort(new Error("slot wait limit reached")), Math.min(run.probeMs, MAX_SLOT_WAIT_MS));
  const started = monotonicMs();
  if (mustWait) {
    run.rec.info(`waiting for a slot: ${running} checks to ${a.address} port ${port} already running`);
    run.pauseDeadline();
  }
  try {
    const release = await run.limiter.acquire(key, AbortSignal.any([run.signal, waitCtl.signal]));
    const waited = monotonicMs() - started;
    // a free slot still costs a loop turn or two: only a real wait behind other probes is reported
    if (mustWait) run.rec.queuedMs += waited;
    if (mustWait) run.rec.info(`got a slot after ${Math.round(waited)} ms of waiting (not counted in the probe deadline)`);
    return { release, queuedBehind: mustWait ? running : 0 };
  } catch (err) {
    const waited = Math.round(monotonicMs() - started);
    run.rec.queuedMs += waited;
    const busy = err instanceof LimiterBusyError || waitCtl.signal.aborted || (run.signal.aborted && run.abortReason === "deadline");
    if (busy) {
      reportBusy(run, a.address, port, running, { waitedMs: waited, gotSlot: false });
      run.rec.error("EBUSY", `no slot for ${a.address} port ${port} after ${waited} ms: ${running} checks to this address were already running`, "limiter");
      return null;
    }
    if (run.checkAborted("limiter")) return null;
    run.rec.error((err as { code?: string }).code ?? "EBUSY", (err as Error).message);
    return null;
  } finally {
    clearTimeout(waitTimer);
    run.resumeDeadline();
  }
}

function reportBusy(run: ProbeRun, address: string, port: number, running: number, data: Record<string, unknown>): void {
  const line = run.rec.info(`${running} checks to this address were already running`);
  run.rec.finding("target.busy", [line], { address, port, running, ...data });
}

/** Runs `fn` for each address under the limiter (a slot per address and port), sequentially. */
export async function forEachAddress(run: ProbeRun, addresses: TestedAddress[], port: number, fn: (a: TestedAddress) => Promise<void>): Promise<void> {
  for (const a of addresses) {
    if (run.checkAborted()) return;
    const slot = await acquireSlot(run, a, port);
    if (!slot) return;
    const { release, queuedBehind } = slot;
    run.rec.address = a.address;
    try {
      run.rec.info(`${a.host === a.address ? a.address : `${a.host} ${a.address}`} port ${port} (IPv${a.family})`);
      await fn(a);
      // a slot that came too late: the caller's deadline ended the probe before it saw anything
      if (queuedBehind > 0 && run.abortReason === "deadline" && run.rec.findings.length === 0) {
        reportBusy(run, a.address, port, queuedBehind, { waitedMs: Math.round(run.rec.queuedMs), gotSlot: true });
      }
    } finally {
      release();
      run.rec.address = undefined;
    }
  }
}

/**
 * The frame every address-based probe shares: check the target against the policy (and resolve
 * it), run `each` for every address to test under the limiter, record unexpected failures as
 * EINTERNAL, let invalid input (EINVALID) through, and always dispose of the run.
 */
export async function overAddresses(
  run: ProbeRun,
  input: TargetInput,
  defaultPort: number | undefined,
  dnsMs: number,
  each: (a: TestedAddress, target: ProbeTarget) => Promise<void>,
  cleanup?: () => void,
): Promise<{ target: ProbeTarget; completed: boolean }> {
  let target = unresolvedTarget(input, parseTarget(input, defaultPort));
  let completed = false;
  try {
    const prepared = await prepareTarget(run, input, defaultPort, dnsMs);
    target = prepared.target;
    if (prepared.verdict === "ok") {
      const resolved = target;
      await forEachAddress(run, prepared.toTest, resolved.port, (a) => each(a, resolved));
      completed = !run.signal.aborted;
    }
  } catch (err) {
    if ((err as { code?: string }).code === "EINVALID") throw err;
    run.rec.error("EINTERNAL", `internal error: ${(err as Error).message}`);
  } finally {
    cleanup?.();
    run.dispose();
  }
  return { target, completed };
}
