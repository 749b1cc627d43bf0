/**
 * Validation of probe options at the boundary (zod). Data options only: the
 * runtime hooks (signal, onEvent, policy, limiter) are passed alongside.
 */
import { z } from "zod";
import {
  ATTEMPT_TIMEOUT_MS,
  CLOSE_RESET_SETTLE_MS,
  CLOSE_TIMEOUT_MS,
  COMMAND_TIMEOUT_MS,
  CONNECT_TIMEOUT_MS,
  DATA_TIMEOUT_MS,
  DEFAULT_EXPECTED_EXTENSIONS,
  DEFAULT_HELO_NAME,
  DEFAULT_UNKNOWN_COMMAND,
  DNS_TIMEOUT_MS,
  GREETING_DELAY_THRESHOLD_MS,
  GREETING_TIMEOUT_MS,
  MAX_LINE_LENGTH,
  MAX_REPLY_LINES,
  MAX_SESSION_BYTES,
  PROBE_TIMEOUT_MS,
  REPEAT_MAX_COUNT,
  REPEAT_MAX_INTERVAL_MS,
  RESET_SETTLE_MS,
  SPLIT_SEGMENT_GAP_MS,
  TLS_TIMEOUT_MS,
} from "./constants";
import type { TargetPolicy } from "./policy";
import { ProbeInputError } from "./resolve";
import type { SlotLimiter } from "./semaphore";
import { smtpOptionsFastPath } from "./smtp-options-fast";
import type { ProbeEventListener } from "./types";
import { HELO_RE, KEYWORD_RE, MAILBOX_RE, UNKNOWN_COMMAND_RE } from "./option-patterns";

/**
 * The zod schemas, built on first use: building them costs more than a command-line probe's
 * whole conversation, and an SMTP probe with ordinary options never needs them (see
 * smtp-options-fast.ts).
 */
function buildSchemas() {
  const ms = (max: number) => z.number().int().min(1).max(max);

  const timeoutsSchema = z
    .object({
      connectMs: ms(120_000),
      greetingMs: ms(600_000),
      commandMs: ms(600_000),
      tlsMs: ms(120_000),
      dataMs: ms(600_000),
      closeMs: ms(60_000),
      dnsMs: ms(60_000),
      attemptMs: ms(60_000),
      probeMs: ms(30 * 60_000),
    })
    .partial()
    .strict();

  const limitsSchema = z
    .object({
      maxLineLength: z.number().int().min(64).max(1_048_576),
      maxReplyLines: z.number().int().min(1).max(10_000),
      maxTotalBytes: z.number().int().min(1_024).max(64 * 1_048_576),
    })
    .partial()
    .strict();

  const familySchema = z.union([z.literal(4), z.literal(6), z.literal("any")]).default("any");

  const commonShape = {
    /** HOST, HOST:PORT, [v6]:PORT, or a mail domain with `mx`. */
    target: z.string().trim().min(1, "target is empty").max(300),
    port: z.number().int().min(1).max(65535).optional(),
    family: familySchema,
    /** Test the first allowed address, or all of them (at most MAX_ADDRESSES_PER_PROBE). */
    addresses: z.enum(["first", "all"]).default("first"),
    /** Test only this one of the resolved addresses. */
    address: z.string().trim().max(64).optional(),
    /** DNS servers for resolution ("ip" or "ip:port"); the system resolver when absent. Operator setting. */
    dnsServers: z.array(z.string().trim().min(1).max(64)).max(4).optional(),
    timeouts: timeoutsSchema.optional(),
    limits: limitsSchema.optional(),
  };

  const mailboxSchema = z.string().trim().max(320).regex(MAILBOX_RE, "not a plain mail address (local@domain)");

  const tlsNameSchema = z
    .string()
    .trim()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.*:[\]-]+$/, "not a host name or address");

  const smtpOptionsSchema = z
    .object({
      ...commonShape,
      /** Treat the target as a mail domain and test its MX hosts. */
      mx: z.boolean().default(false),
      /** "auto": implicit TLS on port 465, plain otherwise. */
      tls: z.enum(["auto", "none", "implicit"]).default("auto"),
      /** Issue STARTTLS when offered, then EHLO again inside TLS. */
      starttls: z.boolean().default(false),
      heloName: z.string().trim().regex(HELO_RE, "not a valid HELO/EHLO name").max(253).default(DEFAULT_HELO_NAME),
      steps: z
        .object({ ehlo: z.boolean(), unknownCommand: z.boolean(), quit: z.boolean() })
        .partial()
        .strict()
        .default({}),
      unknownCommand: z.string().regex(UNKNOWN_COMMAND_RE, "one word of letters").default(DEFAULT_UNKNOWN_COMMAND),
      expectExtensions: z.array(z.string().regex(KEYWORD_RE)).max(40).default([...DEFAULT_EXPECTED_EXTENSIONS]),
      /** MAIL FROM / RCPT TO, then RSET: nothing is sent. `from` "" is the null sender. */
      envelope: z.object({ from: z.union([z.literal(""), mailboxSchema]), to: mailboxSchema }).strict().optional(),
      /** Send MAIL FROM before STARTTLS to see whether the server insists on TLS first. */
      checkTlsRequired: z.boolean().default(false),
      /**
       * Opt-in: sends a real test message (up to two: split terminator, then an
       * unsplit control only if the split one got no 250) to `to`.
       */
      splitData: z
        .object({
          from: z.union([z.literal(""), mailboxSchema]),
          to: mailboxSchema,
          confirm: z.literal(true, { error: "splitData sends a real message: set confirm: true" }),
          segmentGapMs: z.number().int().min(0).max(5_000).default(SPLIT_SEGMENT_GAP_MS),
        })
        .strict()
        .optional(),
      /** With STARTTLS, also run a short plain session to compare how the session ends. */
      compareCloseWithoutTls: z.boolean().default(true),
      /** Name the certificate must cover (default: the target host). */
      tlsServername: tlsNameSchema.optional(),
      /** Extra trusted CA certificates (PEM). */
      tlsCa: z.array(z.string().max(100_000)).max(10).optional(),
      greetingDelayThresholdMs: z.number().int().min(1).max(600_000).default(GREETING_DELAY_THRESHOLD_MS),
      /** Wait after a FIN for a trailing reset before calling the close graceful. */
      resetSettleMs: z.number().int().min(0).max(5_000).default(CLOSE_RESET_SETTLE_MS),
    })
    .strict();

  const pop3OptionsSchema = z
    .object({
      ...commonShape,
      tls: z.enum(["auto", "none", "implicit"]).default("auto"),
      /** Issue STLS when offered, then CAPA again inside TLS. */
      stls: z.boolean().default(false),
      steps: z.object({ session: z.boolean(), capa: z.boolean(), quit: z.boolean() }).partial().strict().default({}),
      /** Repeated connects after the session (0 = none). Each: connect + greeting within timeouts.attemptMs. */
      count: z.number().int().min(0).max(REPEAT_MAX_COUNT).default(0),
      intervalMs: z.number().int().min(0).max(REPEAT_MAX_INTERVAL_MS).default(0),
      tlsServername: tlsNameSchema.optional(),
      tlsCa: z.array(z.string().max(100_000)).max(10).optional(),
      greetingDelayThresholdMs: z.number().int().min(1).max(600_000).default(GREETING_DELAY_THRESHOLD_MS),
    })
    .strict();

  const tcpOptionsSchema = z
    .object({
      ...commonShape,
      /** Number of connects (1 = a single connect-time measurement). */
      count: z.number().int().min(1).max(REPEAT_MAX_COUNT).default(1),
      intervalMs: z.number().int().min(0).max(REPEAT_MAX_INTERVAL_MS).default(0),
      /** After connecting, how long to watch for an immediate reset. */
      resetSettleMs: z.number().int().min(0).max(5_000).default(RESET_SETTLE_MS),
    })
    .strict();

  const dnsOptionsSchema = z
    .object({
      /** A mail domain. */
      target: z.string().trim().min(1).max(253),
      dnsServers: z.array(z.string().trim().min(1).max(64)).max(4).optional(),
      family: familySchema,
      /** Look up PTR records and check that forward and reverse agree. */
      ptr: z.boolean().default(true),
      /** Most MX hosts examined. */
      maxHosts: z.number().int().min(1).max(20).default(10),
      timeouts: z.object({ dnsMs: ms(60_000), probeMs: ms(30 * 60_000) }).partial().strict().optional(),
    })
    .strict();
  return { timeoutsSchema, limitsSchema, mailboxSchema, smtpOptionsSchema, pop3OptionsSchema, tcpOptionsSchema, dnsOptionsSchema };
}

type OptionSchemas = ReturnType<typeof buildSchemas>;
let schemas: OptionSchemas | undefined;

/** The probe options' zod schemas (built on the first call). */
export function optionSchemas(): OptionSchemas {
  return (schemas ??= buildSchemas());
}

export interface Timeouts {
  connectMs: number;
  greetingMs: number;
  commandMs: number;
  tlsMs: number;
  dataMs: number;
  closeMs: number;
  dnsMs: number;
  attemptMs: number;
  probeMs: number;
}

export interface Limits {
  maxLineLength: number;
  maxReplyLines: number;
  maxTotalBytes: number;
}

export function resolveTimeouts(t: z.infer<OptionSchemas["timeoutsSchema"]> | undefined): Timeouts {
  return {
    connectMs: t?.connectMs ?? CONNECT_TIMEOUT_MS,
    greetingMs: t?.greetingMs ?? GREETING_TIMEOUT_MS,
    commandMs: t?.commandMs ?? COMMAND_TIMEOUT_MS,
    tlsMs: t?.tlsMs ?? TLS_TIMEOUT_MS,
    dataMs: t?.dataMs ?? DATA_TIMEOUT_MS,
    closeMs: t?.closeMs ?? CLOSE_TIMEOUT_MS,
    dnsMs: t?.dnsMs ?? DNS_TIMEOUT_MS,
    attemptMs: t?.attemptMs ?? ATTEMPT_TIMEOUT_MS,
    probeMs: t?.probeMs ?? PROBE_TIMEOUT_MS,
  };
}

export function resolveLimits(l: z.infer<OptionSchemas["limitsSchema"]> | undefined): Limits {
  return {
    maxLineLength: l?.maxLineLength ?? MAX_LINE_LENGTH,
    maxReplyLines: l?.maxReplyLines ?? MAX_REPLY_LINES,
    maxTotalBytes: l?.maxTotalBytes ?? MAX_SESSION_BYTES,
  };
}

/** Hooks passed with the options; not validated as data. */
export interface RuntimeOptions {
  /** Cancels the probe; everything in flight is closed and the partial result returned. */
  signal?: AbortSignal;
  /** Live progress: transcript lines, step start/end, findings. */
  onEvent?: ProbeEventListener;
  /** Target policy; policyFromEnv(process.env) when absent. */
  policy?: TargetPolicy;
  /** Concurrency limiter; the process-wide one when absent. */
  limiter?: SlotLimiter;
}

export type SmtpProbeInput = z.input<OptionSchemas["smtpOptionsSchema"]>;
export type SmtpProbeConfig = z.output<OptionSchemas["smtpOptionsSchema"]>;
export type Pop3ProbeInput = z.input<OptionSchemas["pop3OptionsSchema"]>;
export type Pop3ProbeConfig = z.output<OptionSchemas["pop3OptionsSchema"]>;
export type TcpProbeInput = z.input<OptionSchemas["tcpOptionsSchema"]>;
export type TcpProbeConfig = z.output<OptionSchemas["tcpOptionsSchema"]>;
export type DnsProbeInput = z.input<OptionSchemas["dnsOptionsSchema"]>;
export type DnsProbeConfig = z.output<OptionSchemas["dnsOptionsSchema"]>;

export type SmtpProbeOptions = SmtpProbeInput & RuntimeOptions;
export type Pop3ProbeOptions = Pop3ProbeInput & RuntimeOptions;
export type TcpProbeOptions = TcpProbeInput & RuntimeOptions;
export type DnsProbeOptions = DnsProbeInput & RuntimeOptions;

/**
 * What a probe validates its options with: the zod schema (built on first use) and, for SMTP, a
 * fast path that accepts common options without building it. The fast path only ever accepts
 * what the schema accepts, with the same result; everything else goes to zod
 * (tests/probes/smtp-options-fast.test.ts).
 */
export interface ProbeOptionsSchema<S extends z.ZodType> {
  schema(): S;
  fast?: (data: Record<string, unknown>) => z.output<S> | undefined;
}

export const smtpOptionsSchema: ProbeOptionsSchema<OptionSchemas["smtpOptionsSchema"]> = {
  schema: () => optionSchemas().smtpOptionsSchema,
  fast: smtpOptionsFastPath,
};
export const pop3OptionsSchema: ProbeOptionsSchema<OptionSchemas["pop3OptionsSchema"]> = { schema: () => optionSchemas().pop3OptionsSchema };
export const tcpOptionsSchema: ProbeOptionsSchema<OptionSchemas["tcpOptionsSchema"]> = { schema: () => optionSchemas().tcpOptionsSchema };
export const dnsOptionsSchema: ProbeOptionsSchema<OptionSchemas["dnsOptionsSchema"]> = { schema: () => optionSchemas().dnsOptionsSchema };

const RUNTIME_KEYS = ["signal", "onEvent", "policy", "limiter"] as const;

/** Splits runtime hooks from data options and validates the data. Throws ProbeInputError. */
export function validateOptions<S extends z.ZodType>(schema: ProbeOptionsSchema<S>, options: unknown, what: string): { config: z.output<S>; runtime: RuntimeOptions } {
  if (!options || typeof options !== "object") throw new ProbeInputError(`${what} options must be an object`);
  const data: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  const runtime: RuntimeOptions = {};
  for (const key of RUNTIME_KEYS) {
    if (key in data) {
      (runtime as Record<string, unknown>)[key] = data[key];
      delete data[key];
    }
  }
  if (runtime.onEvent !== undefined && typeof runtime.onEvent !== "function") throw new ProbeInputError("onEvent must be a function");
  const fast = schema.fast?.(data);
  if (fast !== undefined) return { config: fast, runtime };
  const parsed = schema.schema().safeParse(data);
  if (!parsed.success) {
    const msg = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join(".") : "options"}: ${i.message}`)
      .join("; ");
    throw new ProbeInputError(`invalid ${what} options: ${msg}`);
  }
  return { config: parsed.data, runtime };
}
