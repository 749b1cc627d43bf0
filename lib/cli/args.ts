/**
 * Command-line parsing: node:util parseArgs for the syntax (through the fast path of
 * argv-fast.ts for plain command lines), zod for the values.
 * Throws UsageError with a clear message for anything wrong.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { hostOfTarget, postmasterOf } from "../probes/recipient";
import { plainMailbox } from "../probes/smtp-options-fast";
import { parseArgvFast } from "./argv-fast";
import type { DnsProbeInput, Pop3ProbeInput, SmtpProbeInput, TcpProbeInput } from "../probes/options";

export class UsageError extends Error {
  readonly code = "EUSAGE";
}

export const USAGE = `Usage:
  relaydesk probe smtp HOST[:PORT] [--starttls] [--to B] [--split-data --from A --to B] [--json]
  relaydesk probe pop3 HOST[:PORT] [--stls] [--count N] [--json]
  relaydesk probe tcp  HOST:PORT [--count N] [--interval MS] [--json]
  relaydesk token create --role ROLE --name NAME [--user EMAIL]   (API token, printed once)
  relaydesk agent --server URL --token T --name NAME [--allow CIDR,..] [--ports LIST]   (probe agent; agent --help)
  relaydesk agent token create --name NAME          (a probe agent's token, printed once)
  relaydesk probe mx   DOMAIN [--json]
  relaydesk findings [--json]
  relaydesk kb export DIR [--article SLUG]   /   relaydesk kb import DIR [--dry-run] [--prune]

Common options:
  --json                 print the whole result as one JSON object
  --timeout MS           deadline of each step (connect, greeting, each command)
  --deadline MS          deadline of the whole probe
  --dns-server IP[:PORT] DNS server to use (repeatable)
  -4, --ipv4 / -6, --ipv6  only IPv4 / IPv6 addresses
  --all                  test every resolved address (default: the first)
  --address IP           test this one of the resolved addresses
  --no-kb                do not look up knowledge-base articles

SMTP:
  --mx                   HOST is a mail domain: test its MX hosts
  --starttls             issue STARTTLS (EHLO again inside TLS); also compares how a plain session ends
  --implicit-tls         TLS from the start (default on port 465)
  --helo NAME            HELO/EHLO name (default relaydesk.invalid)
  --unknown-command WORD invalid command to send (default goodmorning); --no-unknown-command to skip
  --from A --to B        envelope test: MAIL FROM:<A> / RCPT TO:<B>, then RSET (nothing is sent);
                         by default MAIL FROM:<> and RCPT TO:<postmaster@HOST>
  --no-envelope          skip the envelope test
  --split-data           with --from/--to: SEND A REAL TEST MESSAGE whose CRLF.CRLF is split over TCP segments
  --check-tls-required   MAIL FROM before STARTTLS: does the server insist on TLS?
  --tls-servername NAME  name the certificate must cover   --tls-ca FILE  extra trusted CA (PEM)
  --greeting-threshold MS  report greetings slower than this (default 3000)
  --data-timeout MS      wait this long for the reply to the end of data

POP3: --stls, --implicit-tls (default on 995), --count N (repeated connects), --interval MS, --attempt-timeout MS
TCP:  --count N (repeated connects, max 500), --interval MS, --attempt-timeout MS
MX:   --no-ptr (skip reverse lookups)

Target policy (environment, same as the server):
  RELAYDESK_PROBE_ALLOW_CIDRS  ranges allowed although denied by default (e.g. 127.0.0.0/8)
  RELAYDESK_PROBE_DENY_CIDRS   extra denied ranges
  RELAYDESK_PROBE_PORTS        allowed ports (list, ranges, or "any"; default mail ports)

Exit status: 0 the probe ran (whatever it found), 2 bad arguments, 3 target denied by policy, 1 internal error.`;

/** The command line's options, as node:util parseArgs takes them. */
export const OPTIONS = {
  json: { type: "boolean" },
  timeout: { type: "string" },
  deadline: { type: "string" },
  "dns-server": { type: "string", multiple: true },
  ipv4: { type: "boolean", short: "4" },
  ipv6: { type: "boolean", short: "6" },
  all: { type: "boolean" },
  address: { type: "string" },
  port: { type: "string" },
  "no-kb": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  // smtp
  mx: { type: "boolean" },
  starttls: { type: "boolean" },
  "implicit-tls": { type: "boolean" },
  helo: { type: "string" },
  "unknown-command": { type: "string" },
  "no-unknown-command": { type: "boolean" },
  from: { type: "string" },
  to: { type: "string" },
  "split-data": { type: "boolean" },
  "no-envelope": { type: "boolean" },
  "check-tls-required": { type: "boolean" },
  "tls-servername": { type: "string" },
  "tls-ca": { type: "string", multiple: true },
  "greeting-threshold": { type: "string" },
  "data-timeout": { type: "string" },
  "segment-gap": { type: "string" },
  expect: { type: "string" },
  // pop3 / tcp
  stls: { type: "boolean" },
  count: { type: "string" },
  interval: { type: "string" },
  "attempt-timeout": { type: "string" },
  // mx
  "no-ptr": { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>["values"];

const SUBCOMMAND_OPTIONS: Record<string, ReadonlyArray<keyof typeof OPTIONS>> = {
  common: ["json", "timeout", "deadline", "dns-server", "ipv4", "ipv6", "all", "address", "port", "no-kb", "help"],
  smtp: [
    "mx",
    "starttls",
    "implicit-tls",
    "helo",
    "unknown-command",
    "no-unknown-command",
    "from",
    "to",
    "no-envelope",
    "split-data",
    "check-tls-required",
    "tls-servername",
    "tls-ca",
    "greeting-threshold",
    "data-timeout",
    "segment-gap",
    "expect",
  ],
  pop3: ["stls", "implicit-tls", "count", "interval", "attempt-timeout", "tls-servername", "tls-ca", "greeting-threshold"],
  tcp: ["count", "interval", "attempt-timeout"],
  mx: ["no-ptr"],
};

export type CliCommand =
  | { command: "help" }
  | { command: "findings"; json: boolean }
  | { command: "probe"; kind: "smtp"; json: boolean; kb: boolean; options: SmtpProbeInput }
  | { command: "probe"; kind: "pop3"; json: boolean; kb: boolean; options: Pop3ProbeInput }
  | { command: "probe"; kind: "tcp"; json: boolean; kb: boolean; options: TcpProbeInput }
  | { command: "probe"; kind: "dns"; json: boolean; kb: boolean; options: DnsProbeInput };

function int(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  // decimal digits only: Number() would also take "0x19", "1e3" or " 25 "
  const r = z.coerce.number().int().min(min).max(max).safeParse(/^\d{1,9}$/.test(value) ? value : Number.NaN);
  if (!r.success) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return r.data;
}

function readCa(files: string[] | undefined): string[] | undefined {
  if (!files || files.length === 0) return undefined;
  return files.map((f) => {
    try {
      const pem = readFileSync(f, "utf8");
      if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("not a PEM certificate");
      return pem;
    } catch (err) {
      throw new UsageError(`--tls-ca ${f}: ${(err as Error).message}`);
    }
  });
}

/** --timeout sets every per-step deadline (capped where the option has a lower maximum); --deadline the whole probe. */
function timeouts(v: Values, extra: Record<string, number | undefined> = {}): Record<string, number> | undefined {
  const step = int("timeout", v.timeout, 1, 600_000);
  const probe = int("deadline", v.deadline, 1, 30 * 60_000);
  const out: Record<string, number> = {};
  if (step !== undefined) {
    Object.assign(out, {
      connectMs: Math.min(step, 120_000),
      tlsMs: Math.min(step, 120_000),
      greetingMs: step,
      commandMs: step,
      dataMs: step,
      closeMs: Math.min(step, 60_000),
      attemptMs: Math.min(step, 60_000),
      dnsMs: Math.min(step, 60_000),
    });
  }
  if (probe !== undefined) out.probeMs = probe;
  for (const [k, val] of Object.entries(extra)) if (val !== undefined) out[k] = val;
  return Object.keys(out).length > 0 ? out : undefined;
}

function family(v: Values): 4 | 6 | "any" {
  if (v.ipv4 && v.ipv6) throw new UsageError("give at most one of --ipv4 and --ipv6");
  return v.ipv4 ? 4 : v.ipv6 ? 6 : "any";
}

function common(v: Values, target: string): Record<string, unknown> {
  const out: Record<string, unknown> = { target, family: family(v), addresses: v.all ? "all" : "first" };
  const port = int("port", v.port, 1, 65535);
  if (port !== undefined) out.port = port;
  if (v.address !== undefined) out.address = v.address;
  if (v["dns-server"]) out.dnsServers = v["dns-server"];
  return out;
}

/** Parses argv (without node and script). Throws UsageError. */
export function parseCli(argv: string[]): CliCommand {
  let parsed = parseArgvFast(argv, OPTIONS) as { values: Values; positionals: string[] } | undefined;
  try {
    parsed ??= parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
  const { values: v, positionals: pos } = parsed;
  if (v.help || pos.length === 0 || pos[0] === "help") return { command: "help" };
  if (pos[0] === "findings") {
    if (pos.length > 1) throw new UsageError("findings takes no arguments");
    return { command: "findings", json: Boolean(v.json) };
  }
  if (pos[0] !== "probe") throw new UsageError(`unknown command ${JSON.stringify(pos[0])} (expected "probe" or "findings")`);
  const kindWord = pos[1];
  if (kindWord === undefined) throw new UsageError("probe what? smtp, pop3, tcp or mx");
  if (!["smtp", "pop3", "tcp", "mx"].includes(kindWord)) throw new UsageError(`unknown probe ${JSON.stringify(kindWord)} (smtp, pop3, tcp or mx)`);
  const target = pos[2];
  if (target === undefined) throw new UsageError(`probe ${kindWord} needs a target: ${kindWord === "mx" ? "DOMAIN" : kindWord === "tcp" ? "HOST:PORT" : "HOST[:PORT]"}`);
  if (pos.length > 3) throw new UsageError(`unexpected argument ${JSON.stringify(pos[3])}`);

  // options that do not belong to this probe are errors, not silently ignored
  const allowed = new Set<string>([...SUBCOMMAND_OPTIONS.common!, ...(SUBCOMMAND_OPTIONS[kindWord] ?? [])]);
  for (const [k, val] of Object.entries(v)) {
    if (val !== undefined && !allowed.has(k)) throw new UsageError(`--${k} does not apply to probe ${kindWord}`);
  }
  const json = Boolean(v.json);
  const kb = !v["no-kb"];

  if (kindWord === "smtp") {
    const o: Record<string, unknown> = common(v, target);
    if (v.mx) o.mx = true;
    if (v.starttls) o.starttls = true;
    if (v["implicit-tls"]) {
      if (v.starttls) throw new UsageError("--starttls and --implicit-tls exclude each other");
      o.tls = "implicit";
    }
    if (v.helo !== undefined) o.heloName = v.helo;
    if (v["no-unknown-command"]) o.steps = { unknownCommand: false };
    if (v["unknown-command"] !== undefined) o.unknownCommand = v["unknown-command"];
    if (v["check-tls-required"]) o.checkTlsRequired = true;
    if (v["tls-servername"] !== undefined) o.tlsServername = v["tls-servername"];
    const ca = readCa(v["tls-ca"]);
    if (ca) o.tlsCa = ca;
    const thr = int("greeting-threshold", v["greeting-threshold"], 1, 600_000);
    if (thr !== undefined) o.greetingDelayThresholdMs = thr;
    if (v.expect !== undefined) o.expectExtensions = v.expect.split(",").map((s) => s.trim()).filter(Boolean);
    const gap = int("segment-gap", v["segment-gap"], 0, 5_000);
    if (v["split-data"]) {
      if (v.from === undefined || v.to === undefined) throw new UsageError("--split-data sends a real test message: give --from and --to");
      o.splitData = { from: v.from, to: v.to, confirm: true, ...(gap !== undefined ? { segmentGapMs: gap } : {}) };
    } else {
      if (gap !== undefined) throw new UsageError("--segment-gap needs --split-data");
    }
    if (v["no-envelope"]) {
      if (v.from !== undefined || v.to !== undefined) {
        if (!v["split-data"]) throw new UsageError("--no-envelope skips the MAIL FROM / RCPT TO test: drop --from / --to");
      }
    } else {
      // the envelope is part of the default check: MAIL FROM:<> RCPT TO:<postmaster@HOST>, then RSET
      // (a target that is no host name gets no default recipient: the target's own error says why)
      const to = v.to ?? postmasterOf(hostOfTarget(target));
      if (v.to !== undefined || plainMailbox(to) !== undefined) o.envelope = { from: v.from ?? "", to };
    }
    const t = timeouts(v, { dataMs: int("data-timeout", v["data-timeout"], 1, 600_000) });
    if (t) o.timeouts = t;
    return { command: "probe", kind: "smtp", json, kb, options: o as SmtpProbeInput };
  }
  if (kindWord === "pop3") {
    const o: Record<string, unknown> = common(v, target);
    if (v.stls) o.stls = true;
    if (v["implicit-tls"]) {
      if (v.stls) throw new UsageError("--stls and --implicit-tls exclude each other");
      o.tls = "implicit";
    }
    const count = int("count", v.count, 0, 500);
    if (count !== undefined) o.count = count;
    const interval = int("interval", v.interval, 0, 60_000);
    if (interval !== undefined) o.intervalMs = interval;
    if (v["tls-servername"] !== undefined) o.tlsServername = v["tls-servername"];
    const ca = readCa(v["tls-ca"]);
    if (ca) o.tlsCa = ca;
    const thr = int("greeting-threshold", v["greeting-threshold"], 1, 600_000);
    if (thr !== undefined) o.greetingDelayThresholdMs = thr;
    const t = timeouts(v, { attemptMs: int("attempt-timeout", v["attempt-timeout"], 1, 60_000) });
    if (t) o.timeouts = t;
    return { command: "probe", kind: "pop3", json, kb, options: o as Pop3ProbeInput };
  }
  if (kindWord === "tcp") {
    const o: Record<string, unknown> = common(v, target);
    const count = int("count", v.count, 1, 500);
    if (count !== undefined) o.count = count;
    const interval = int("interval", v.interval, 0, 60_000);
    if (interval !== undefined) o.intervalMs = interval;
    const t = timeouts(v, { attemptMs: int("attempt-timeout", v["attempt-timeout"], 1, 60_000) });
    if (t) o.timeouts = t;
    return { command: "probe", kind: "tcp", json, kb, options: o as TcpProbeInput };
  }
  // mx
  const o: Record<string, unknown> = { target, family: family(v) };
  if (v["dns-server"]) o.dnsServers = v["dns-server"];
  if (v["no-ptr"]) o.ptr = false;
  if (v.all || v.address !== undefined || v.port !== undefined) throw new UsageError("--all, --address and --port do not apply to probe mx");
  const step = int("timeout", v.timeout, 1, 60_000);
  const probe = int("deadline", v.deadline, 1, 30 * 60_000);
  if (step !== undefined || probe !== undefined) o.timeouts = { ...(step !== undefined ? { dnsMs: step } : {}), ...(probe !== undefined ? { probeMs: probe } : {}) };
  return { command: "probe", kind: "dns", json, kb, options: o as DnsProbeInput };
}
