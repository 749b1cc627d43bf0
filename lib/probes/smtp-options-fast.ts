/**
 * SMTP probe options without zod, for the common case: when every option is one of the plain
 * ones below and valid, returns exactly what smtpOptionsSchema's parse returns (defaults filled
 * in, strings trimmed, keys in the schema's order); otherwise undefined, and the caller asks the
 * zod schema, which also words the errors. Building the schemas cost the command line more than
 * its whole SMTP conversation. It may only accept what the schema accepts:
 * tests/probes/smtp-options-fast.test.ts checks both on generated options.
 */
import {
  CLOSE_RESET_SETTLE_MS,
  DEFAULT_EXPECTED_EXTENSIONS,
  DEFAULT_HELO_NAME,
  DEFAULT_UNKNOWN_COMMAND,
  GREETING_DELAY_THRESHOLD_MS,
} from "./constants";
import { HELO_RE, MAILBOX_RE, UNKNOWN_COMMAND_RE } from "./option-patterns";
import type { SmtpProbeConfig } from "./options";

/** Options the fast path knows; any other key (or any key set to undefined) goes to zod. */
const KNOWN = new Set(["target", "port", "family", "addresses", "address", "mx", "tls", "starttls", "heloName", "steps", "unknownCommand", "envelope", "timeouts", "checkTlsRequired", "greetingDelayThresholdMs"]);
/** timeoutsSchema's keys, in its order, with their maxima (minimum 1). */
const TIMEOUT_MAX: ReadonlyArray<readonly [string, number]> = [
  ["connectMs", 120_000],
  ["greetingMs", 600_000],
  ["commandMs", 600_000],
  ["tlsMs", 120_000],
  ["dataMs", 600_000],
  ["closeMs", 60_000],
  ["dnsMs", 60_000],
  ["attemptMs", 60_000],
  ["probeMs", 30 * 60_000],
];
const STEP_KEYS = ["ehlo", "unknownCommand", "quit"] as const;
const ENVELOPE_KEYS = new Set(["from", "to"]);

/** What mailboxSchema accepts (a string that, trimmed, is at most 320 characters and a plain mailbox): the trimmed mailbox, or undefined. */
export function plainMailbox(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t.length <= 320 && MAILBOX_RE.test(t) ? t : undefined;
}

/** A plain object whose own keys are all in `keys` and whose values are all defined. */
function plainObjectWithin(v: unknown, keys: ReadonlySet<string>): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k of Reflect.ownKeys(v)) {
    if (typeof k !== "string" || !keys.has(k) || (v as Record<string, unknown>)[k] === undefined) return false;
  }
  return true;
}

function wholeNumber(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= min && v <= max;
}

const TIMEOUT_KEYS = new Set(TIMEOUT_MAX.map(([k]) => k));
const STEP_KEY_SET = new Set<string>(STEP_KEYS);

/** The default when the option is absent (null is a value, and zod refuses it). */
function orDefault<T>(v: unknown, dflt: T): unknown {
  return v === undefined ? dflt : v;
}

/** Nothing known about `what`: the fast path gives up and zod decides. */
const GIVE_UP = undefined;

export function smtpOptionsFastPath(d: Record<string, unknown>): SmtpProbeConfig | undefined {
  if (!plainObjectWithin(d, KNOWN)) return GIVE_UP;

  if (typeof d.target !== "string") return GIVE_UP;
  const target = d.target.trim();
  if (target.length < 1 || target.length > 300) return GIVE_UP;
  if (d.port !== undefined && !wholeNumber(d.port, 1, 65535)) return GIVE_UP;
  const family = orDefault(d.family, "any");
  if (family !== 4 && family !== 6 && family !== "any") return GIVE_UP;
  const addresses = orDefault(d.addresses, "first");
  if (addresses !== "first" && addresses !== "all") return GIVE_UP;
  let address: string | undefined;
  if (d.address !== undefined) {
    if (typeof d.address !== "string") return GIVE_UP;
    address = d.address.trim();
    if (address.length > 64) return GIVE_UP;
  }
  let timeouts: Record<string, number> | undefined;
  if (d.timeouts !== undefined) {
    if (!plainObjectWithin(d.timeouts, TIMEOUT_KEYS)) return GIVE_UP;
    timeouts = {};
    for (const [k, max] of TIMEOUT_MAX) {
      const v = d.timeouts[k];
      if (v === undefined) continue;
      if (!wholeNumber(v, 1, max)) return GIVE_UP;
      timeouts[k] = v;
    }
  }
  const mx = orDefault(d.mx, false);
  if (typeof mx !== "boolean") return GIVE_UP;
  const tls = orDefault(d.tls, "auto");
  if (tls !== "auto" && tls !== "none" && tls !== "implicit") return GIVE_UP;
  const starttls = orDefault(d.starttls, false);
  if (typeof starttls !== "boolean") return GIVE_UP;
  let heloName = DEFAULT_HELO_NAME;
  if (d.heloName !== undefined) {
    if (typeof d.heloName !== "string") return GIVE_UP;
    heloName = d.heloName.trim();
    if (!HELO_RE.test(heloName) || heloName.length > 253) return GIVE_UP;
  }
  const steps: { ehlo?: boolean; unknownCommand?: boolean; quit?: boolean } = {};
  if (d.steps !== undefined) {
    if (!plainObjectWithin(d.steps, STEP_KEY_SET)) return GIVE_UP;
    for (const k of STEP_KEYS) {
      const v = d.steps[k];
      if (v === undefined) continue;
      if (typeof v !== "boolean") return GIVE_UP;
      steps[k] = v;
    }
  }
  const unknownCommand = orDefault(d.unknownCommand, DEFAULT_UNKNOWN_COMMAND);
  if (typeof unknownCommand !== "string" || !UNKNOWN_COMMAND_RE.test(unknownCommand)) return GIVE_UP;
  let envelope: { from: string; to: string } | undefined;
  if (d.envelope !== undefined) {
    if (!plainObjectWithin(d.envelope, ENVELOPE_KEYS)) return GIVE_UP;
    // from: "" (the null sender) or a mailbox; to: a mailbox
    const from = d.envelope.from === "" ? "" : plainMailbox(d.envelope.from);
    const to = plainMailbox(d.envelope.to);
    if (from === undefined || to === undefined) return GIVE_UP;
    envelope = { from, to };
  }
  const checkTlsRequired = orDefault(d.checkTlsRequired, false);
  if (typeof checkTlsRequired !== "boolean") return GIVE_UP;
  const greetingDelayThresholdMs = orDefault(d.greetingDelayThresholdMs, GREETING_DELAY_THRESHOLD_MS);
  if (!wholeNumber(greetingDelayThresholdMs, 1, 600_000)) return GIVE_UP;

  // the schema's key order; optional options that were not given are absent, as in zod's output
  return {
    target,
    ...(d.port !== undefined ? { port: d.port as number } : {}),
    family,
    addresses,
    ...(address !== undefined ? { address } : {}),
    ...(timeouts !== undefined ? { timeouts } : {}),
    mx,
    tls,
    starttls,
    heloName,
    steps,
    unknownCommand,
    expectExtensions: [...DEFAULT_EXPECTED_EXTENSIONS],
    ...(envelope !== undefined ? { envelope } : {}),
    checkTlsRequired,
    compareCloseWithoutTls: true,
    greetingDelayThresholdMs,
    resetSettleMs: CLOSE_RESET_SETTLE_MS,
  };
}
