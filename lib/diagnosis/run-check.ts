/**
 * Server side: runs the probes of a live check (lib/probes) for the chosen steps, under one
 * deadline and the caller's AbortSignal, streaming every probe event. A check that hits its
 * deadline or is cancelled ends with what it has (the probes return partial results).
 * Do not import from client code.
 */
import { probeDns } from "@/lib/probes/dns";
import { probePop3 } from "@/lib/probes/pop3";
import { probeSmtp } from "@/lib/probes/smtp";
import { probeTcp } from "@/lib/probes/tcp";
import { postmasterOf } from "@/lib/probes/recipient";
import type { DnsProbeOptions, Pop3ProbeOptions, SmtpProbeOptions, TcpProbeOptions } from "@/lib/probes/options";
import type { ProbeEvent, ProbeKind, ProbeResult } from "@/lib/probes/types";
import type { CheckEvent } from "./live";
import type { RunEnd, StoredProbeResult } from "./record";
import { isSmtpStep, type CheckStep } from "./steps";

export type { CheckEvent } from "./live";

/** Repeated connects per loop (the article's netsh loop ran until failures showed; 20 shows a 1-in-5 drop 4 times). */
export const LOOP_COUNT = 20;
/** Per-attempt deadline of the loops: a dropped SYN (WSAETIMEDOUT in the article) is given up after this. */
export const LOOP_ATTEMPT_MS = 2_000;
/** How long the split end-of-data test waits for the 250 (Mailguard never sends it; the sender "eventually times out"). */
export const SPLIT_DATA_WAIT_MS = 8_000;
/** Sender of the opt-in test message and envelope check: the null reverse-path (RFC 5321 section 4.5.5). */
const TEST_SENDER = "";

export interface CheckPlan {
  host: string;
  port?: number | undefined;
  /** Treat the host as a mail domain and test its MX hosts. */
  mx?: boolean | undefined;
  steps: CheckStep[];
  /** Recipient of the envelope check and the split end-of-data test message; postmaster at the host by default. */
  recipient?: string | undefined;
  deadlineMs: number;
}

export interface ProbeFunctions {
  smtp: (options: SmtpProbeOptions) => Promise<ProbeResult<unknown>>;
  pop3: (options: Pop3ProbeOptions) => Promise<ProbeResult<unknown>>;
  tcp: (options: TcpProbeOptions) => Promise<ProbeResult<unknown>>;
  dns: (options: DnsProbeOptions) => Promise<ProbeResult<unknown>>;
}

const defaultProbes: ProbeFunctions = { smtp: probeSmtp, pop3: probePop3, tcp: probeTcp, dns: probeDns };

/** Pause between loop attempts: back to back like the article's netsh loop, without hammering. */
export const LOOP_INTERVAL_MS = 50;

export interface RunCheckOptions {
  signal?: AbortSignal;
  onEvent?: (event: CheckEvent) => void;
  /** For tests: replace the probe engine. */
  probes?: Partial<ProbeFunctions>;
  /** Passed to every probe (policy, limiter) when given; the environment's otherwise. */
  runtime?: Pick<SmtpProbeOptions, "policy" | "limiter">;
}

export interface CheckRun {
  results: StoredProbeResult[];
  ended: RunEnd;
}

/** postmaster@host (RFC 5321 section 4.5.1: every domain accepts mail for postmaster). */
export function defaultRecipient(host: string): string {
  return postmasterOf(host);
}

function targetText(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

/** Runs the steps' probes one after the other (they talk to the same host). */
export async function runCheck(plan: CheckPlan, options: RunCheckOptions = {}): Promise<CheckRun> {
  const probes = { ...defaultProbes, ...options.probes };
  const started = Date.now();
  const deadline = new AbortController();
  // a TimeoutError reason tells the probes this is the check's deadline, not a cancel
  const timer = setTimeout(() => deadline.abort(new DOMException("the check's deadline was reached", "TimeoutError")), plan.deadlineMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const emit = (event: CheckEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // a broken listener (client gone) must not break the check
    }
  };
  const remaining = () => Math.max(1, plan.deadlineMs - (Date.now() - started));
  const results: StoredProbeResult[] = [];
  const steps = new Set(plan.steps);

  const run = async (kind: ProbeKind, label: string, planned: number | undefined, call: (hooks: { signal: AbortSignal; onEvent: (e: ProbeEvent) => void }) => Promise<ProbeResult<unknown>>) => {
    if (signal.aborted) return;
    emit({ type: "probe-start", kind, label, ...(planned !== undefined ? { planned } : {}) });
    const result = await call({ signal, onEvent: (event) => emit({ type: "probe-event", kind, event }) });
    results.push(result as unknown as StoredProbeResult);
    emit({ type: "probe-end", kind, completed: result.completed, durationMs: result.durationMs });
  };

  try {
    const target = targetText(plan.host);
    const recipient = plan.recipient ?? defaultRecipient(plan.host);
    // MX, addresses and reverse DNS of a mail domain; a host name or literal is resolved by the connect itself
    if (steps.has("dns") && plan.mx) {
      await run("dns", "DNS", undefined, (hooks) =>
        probes.dns({ target: plan.host, timeouts: { probeMs: remaining() }, ...options.runtime, ...hooks }),
      );
    }
    if ([...steps].some(isSmtpStep)) {
      await run("smtp", "SMTP dialogue", undefined, (hooks) =>
        probes.smtp({
          target,
          port: plan.port ?? 25,
          mx: plan.mx ?? false,
          starttls: steps.has("starttls"),
          steps: { ehlo: steps.has("ehlo"), unknownCommand: steps.has("unknown_command"), quit: true },
          compareCloseWithoutTls: steps.has("close"),
          ...(steps.has("envelope") ? { envelope: { from: TEST_SENDER, to: recipient } } : {}),
          ...(steps.has("split_data") ? { splitData: { from: TEST_SENDER, to: recipient, confirm: true as const } } : {}),
          timeouts: { probeMs: remaining(), dataMs: Math.min(SPLIT_DATA_WAIT_MS, remaining()) },
          ...options.runtime,
          ...hooks,
        }),
      );
    }
    if (steps.has("pop3_loop")) {
      await run("pop3", "Repeated POP3 connects", LOOP_COUNT, (hooks) =>
        probes.pop3({
          target,
          port: plan.port ?? 110,
          count: LOOP_COUNT,
          intervalMs: LOOP_INTERVAL_MS,
          timeouts: { probeMs: remaining(), attemptMs: LOOP_ATTEMPT_MS },
          ...options.runtime,
          ...hooks,
        }),
      );
    }
    if (steps.has("tcp_loop")) {
      await run("tcp", "Repeated TCP connects", LOOP_COUNT, (hooks) =>
        probes.tcp({
          target,
          port: plan.port ?? 25,
          count: LOOP_COUNT,
          intervalMs: LOOP_INTERVAL_MS,
          timeouts: { probeMs: remaining(), attemptMs: LOOP_ATTEMPT_MS },
          ...options.runtime,
          ...hooks,
        }),
      );
    }
  } finally {
    clearTimeout(timer);
  }
  // The probes get the same deadline as the check, so a probe may end on it a moment before the
  // check's own timer fires: reaching the deadline is a matter of time, not of which timer won.
  const reachedDeadline = deadline.signal.aborted || Date.now() - started >= plan.deadlineMs;
  const ended: RunEnd = options.signal?.aborted ? "cancelled" : reachedDeadline ? "deadline" : "completed";
  return { results, ended };
}
