/**
 * The steps a live check can run (a fixed enum: the API and the form accept nothing else), what
 * each one tests, and which knowledge-model check probes each one serves. Client-safe.
 */
import type { CheckModel } from "./types";

export const CHECK_STEPS = [
  "dns",
  "banner",
  "ehlo",
  "unknown_command",
  "starttls",
  "envelope",
  "close",
  "split_data",
  "pop3_loop",
  "tcp_loop",
] as const;

export type CheckStep = (typeof CHECK_STEPS)[number];

export interface StepInfo {
  label: string;
  description: string;
  /** Sends more than a plain dialogue (a test message): only on explicit request. */
  optIn?: boolean;
  /** The session the step belongs to. */
  session: "smtp" | "pop3-loop" | "tcp-loop" | "dns";
}

export const STEP_INFO: Record<CheckStep, StepInfo> = {
  dns: {
    label: "DNS (MX, addresses, reverse DNS)",
    description: "Resolve the MX or address records and check reverse DNS. Skipped for address literals.",
    session: "dns",
  },
  banner: {
    label: "Connect and read the banner",
    description: "TCP connect and the 220 greeting (masked PIX banners, SMTP/cmap, IIS SMTP).",
    session: "smtp",
  },
  ehlo: {
    label: "EHLO and ESMTP extensions",
    description: "EHLO accepted or answered 500; which extensions reach the client.",
    session: "smtp",
  },
  unknown_command: {
    label: "Invalid command (goodmorning)",
    description: "KB 295725: a mail server answers 500 Command unrecognized, PIX Mailguard answers OK.",
    session: "smtp",
  },
  starttls: {
    label: "STARTTLS",
    description: "Whether STARTTLS is offered and the TLS handshake works.",
    session: "smtp",
  },
  envelope: {
    label: "MAIL FROM / RCPT TO",
    description: "Envelope answers such as 451 5.7.3 or 550 5.7.1 (the transaction is reset, nothing is sent).",
    session: "smtp",
  },
  close: {
    label: "Close test (QUIT, FIN or reset)",
    description: "How the connection ends after QUIT, with and without TLS (ISA 2006 / TMG 2010 reset after TLS).",
    session: "smtp",
  },
  split_data: {
    label: "Split end-of-data test (sends a test message)",
    description:
      "Sends a small test message whose CRLF.CRLF terminator is split over two TCP segments (Mailguard bug CSCds90792). The server may deliver it.",
    optIn: true,
    session: "smtp",
  },
  pop3_loop: {
    label: "Repeated POP3 connects",
    description: "Connect repeatedly and wait for +OK each time, like netsh diag connect iphost FQDN 110 in a loop.",
    session: "pop3-loop",
  },
  tcp_loop: {
    label: "Repeated TCP connects",
    description: "Connect repeatedly to the port; intermittent failures point at fast source-port reuse.",
    session: "tcp-loop",
  },
};

/**
 * A full SMTP check without the opt-in data test. The envelope (MAIL FROM:<>, RCPT TO:<postmaster@host>,
 * then RSET) sends nothing and is where an Edge 550 5.7.1 or a Hub 451 5.7.3 shows.
 */
export const DEFAULT_STEPS: readonly CheckStep[] = ["dns", "banner", "ehlo", "unknown_command", "starttls", "envelope", "close"];

/**
 * Which steps produce a finding, by the finding id (the probe engine's stable catalogue,
 * lib/probes/findings.ts), most specific prefix first. The check's `probe` name is only a
 * fallback: it is free text in the knowledge model, the finding ids are not.
 */
const FINDING_STEPS: Array<[prefix: string, steps: CheckStep[]]> = [
  ["smtp.close.reset_after_tls", ["starttls", "close"]],
  ["smtp.close.graceful_after_tls", ["starttls", "close"]],
  ["smtp.close.", ["close"]],
  ["smtp.banner.", ["banner"]],
  ["smtp.greeting.", ["banner"]],
  ["smtp.ehlo.", ["ehlo"]],
  ["smtp.esmtp.", ["ehlo"]],
  ["smtp.unknown_command.", ["unknown_command"]],
  ["smtp.starttls.", ["starttls"]],
  ["smtp.tls.", ["starttls"]],
  ["smtp.data.", ["split_data"]],
  ["smtp.auth.", ["envelope"]],
  ["smtp.client.", ["envelope"]],
  ["smtp.relay.", ["envelope"]],
  ["smtp.envelope.", ["envelope"]],
  ["pop3.connect.", ["pop3_loop"]],
  ["tcp.connect.", ["tcp_loop"]],
  ["target.unreachable", ["banner"]],
  ["server.", ["banner"]],
  ["dns.", ["dns"]],
  // comparisons of vantage points: the step each point must have run for the comparison to exist
  ["compare.banner.", ["banner"]],
  ["compare.ehlo.", ["ehlo"]],
  ["compare.close.", ["starttls", "close"]],
  ["compare.connect.", ["pop3_loop", "tcp_loop"]],
];

/** Fallback by the check's probe name (smtp.banner, smtp.quit, pop3.repeat, ...). */
const PROBE_STEPS: Array<[prefix: string, steps: CheckStep[]]> = [
  ["smtp.banner", ["banner"]],
  ["smtp.ehlo", ["ehlo"]],
  ["smtp.esmtp", ["ehlo"]],
  ["smtp.unknown_command", ["unknown_command"]],
  ["smtp.starttls", ["starttls"]],
  ["smtp.quit", ["close"]],
  ["smtp.close", ["close"]],
  ["smtp.data", ["split_data"]],
  ["smtp.envelope", ["envelope"]],
  ["smtp.client", ["envelope"]],
  ["smtp.auth", ["envelope"]],
  ["pop3.repeat", ["pop3_loop"]],
  ["tcp.repeat", ["tcp_loop"]],
  ["tcp.connect", ["banner"]],
  ["dns", ["dns"]],
];

/** The steps whose findings a knowledge-model check looks at. */
export function stepsForCheck(check: { probe: string; findingId: string }): CheckStep[] {
  const byFinding = FINDING_STEPS.find(([prefix]) => check.findingId.startsWith(prefix));
  if (byFinding) return byFinding[1];
  return PROBE_STEPS.find(([prefix]) => check.probe.startsWith(prefix))?.[1] ?? [];
}

export function isSmtpStep(step: CheckStep): boolean {
  return STEP_INFO[step].session === "smtp";
}

/**
 * Puts steps in canonical order without duplicates and adds what they depend on: every SMTP
 * step needs the banner, STARTTLS and the close test need EHLO.
 */
export function normalizeSteps(steps: readonly CheckStep[]): CheckStep[] {
  const set = new Set(steps);
  if ([...set].some(isSmtpStep)) set.add("banner");
  if (set.has("starttls") || set.has("unknown_command") || set.has("envelope") || set.has("split_data")) set.add("ehlo");
  return CHECK_STEPS.filter((s) => set.has(s));
}

/** Why a set of steps cannot run as one check, or null. */
export function stepConflict(steps: readonly CheckStep[]): string | null {
  if (steps.includes("pop3_loop") && steps.some(isSmtpStep)) {
    return "The POP3 connect loop and the SMTP steps talk to different ports; run them as two checks.";
  }
  return null;
}

export interface SuggestedCheck {
  steps: CheckStep[];
  port: number;
  /** Check probes that can confirm or refute the given causes. */
  probes: string[];
}

/**
 * The steps whose findings can confirm or refute the given causes (from the knowledge model's
 * checks), best cause first. One check talks to one port: when the best cause can only be
 * tested by the POP3 connect loop, the check is the POP3 loop on port 110; otherwise it is the
 * SMTP dialogue on port 25 with every SMTP step (and TCP loop) the candidates call for.
 */
export function suggestCheck(causeKeys: readonly string[], checks: readonly CheckModel[]): SuggestedCheck {
  const stepsOf = (keys: readonly string[]) => {
    const wanted = new Set(keys);
    // a comparison of vantage points is no step of its own: its steps are those of the checks it compares
    const relevant = checks.filter((c) => wanted.has(c.cause) && !c.findingId.startsWith("compare."));
    const probes = [...new Set(relevant.map((c) => c.probe))].sort();
    return { probes, steps: new Set<CheckStep>(relevant.flatMap(stepsForCheck)) };
  };
  const best = stepsOf(causeKeys.slice(0, 1));
  if (best.steps.has("pop3_loop") && ![...best.steps].some(isSmtpStep)) {
    return { steps: ["pop3_loop"], port: 110, probes: best.probes };
  }
  const all = stepsOf(causeKeys);
  all.steps.delete("pop3_loop");
  if (all.steps.size === 0) return { steps: [...DEFAULT_STEPS], port: 25, probes: all.probes };
  // every SMTP check also tries the envelope: nothing is sent, and it is where 550 / 451 answers show
  if ([...all.steps].some(isSmtpStep)) {
    all.steps.add("dns");
    all.steps.add("envelope");
  }
  return { steps: normalizeSteps([...all.steps]), port: 25, probes: all.probes };
}
