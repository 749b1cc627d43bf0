/**
 * zod schemas at the diagnosis boundaries: the live-check form, the server action, the
 * streaming route and the JSON API share them. Client-safe (no Node imports).
 */
import { z } from "zod";
import { CHECK_STEPS, normalizeSteps, stepConflict } from "./steps";

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** RFC 1123 host name or mail domain; labels of letters, digits and hyphens, at most 253 characters. */
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/;

/** Host name, IPv4 literal, IPv6 literal (brackets allowed) or a mail domain whose MX is used. */
export const hostSchema = z
  .string({ error: "host must be a string" })
  .trim()
  .min(1, "Enter a host name, an IP address or a mail domain")
  .max(255, "host is too long")
  .transform((value) => {
    let v = value.toLowerCase();
    if (v.startsWith("[") && v.endsWith("]")) v = v.slice(1, -1);
    if (v.endsWith(".") && !v.includes(":")) v = v.slice(0, -1);
    return v;
  })
  .refine(
    (v) => IPV4.test(v) || z.ipv6().safeParse(v).success || (HOSTNAME.test(v) && !/^[\d.]+$/.test(v)),
    "Not a host name, IPv4 or IPv6 address, or mail domain",
  );

/**
 * A whole number from JSON, or decimal digits from a form field. Nothing else is coerced: "0x19",
 * "1e3", " 25", [25] or 25.5 are refused rather than read as some other number.
 */
function strictInt(what: string) {
  return z
    .union([z.number(), z.string().regex(/^\d{1,9}$/)], { error: `${what} must be a whole number` })
    .transform((v) => (typeof v === "string" ? Number(v) : v))
    .pipe(z.number().int(`${what} must be a whole number`));
}

export const portSchema = strictInt("port").pipe(z.number().min(1, "port must be 1-65535").max(65535, "port must be 1-65535"));

export const stepSchema = z.enum(CHECK_STEPS, { error: `steps must be among: ${CHECK_STEPS.join(", ")}` });

export const stepsSchema = z
  .array(stepSchema)
  .min(1, "choose at least one step")
  .max(CHECK_STEPS.length * 2)
  .transform((steps) => normalizeSteps(steps))
  .superRefine((steps, ctx) => {
    const conflict = stepConflict(steps);
    if (conflict) ctx.addIssue({ code: "custom", message: conflict });
  });

const keySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, "not a valid key");

/** Answers as a list of {question, answer} or as an object {questionKey: answerKey}. */
export const answersInputSchema = z
  .union([
    z.array(z.object({ question: keySchema, answer: keySchema })).max(50),
    z.record(keySchema, keySchema).refine((r) => Object.keys(r).length <= 50, "too many answers"),
  ])
  .transform((value) =>
    Array.isArray(value) ? value : Object.entries(value).map(([question, answer]) => ({ question, answer })),
  );

export type AnswerInput = { question: string; answer: string };

/** Display name of whoever ran the check (no accounts yet). */
export const displayNameSchema = z
  .string()
  .trim()
  .max(80, "name is too long (80 characters at most)")
  .transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, " "))
  .transform((v) => v || "anonymous");

/** 16 random bytes, base64url: 22 characters. */
export const diagnosisIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, "not a diagnosis id");

export const MAX_PASTED_TEXT = 20_000;
/** Longest a check may run before it ends with what it has. */
export const MAX_DEADLINE_MS = 120_000;
export const DEFAULT_DEADLINE_MS = 60_000;

/** A plain mailbox (local@domain or local@[address]) with nothing that could end or inject a command. */
export const recipientSchema = z
  .string()
  .trim()
  .max(320)
  .regex(
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])$/,
    "not a plain mail address (local@domain)",
  );

/** Most vantage points one check may run from. */
export const MAX_VANTAGE_POINTS = 16;

/** "console" or a probe agent's name (lib/agents/protocol.ts AGENT_NAME_PATTERN). */
export const vantageNameSchema = z
  .string({ error: "from must list names" })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "not a vantage point name (\"console\" or a probe agent's name)");

/** `from`: where the check runs, without duplicates. */
export const fromSchema = z
  .array(vantageNameSchema, { error: "from must be a list of names, e.g. [\"console\", \"outside-eu\"]" })
  .min(1, "from names at least one vantage point")
  .max(MAX_VANTAGE_POINTS, `from names at most ${MAX_VANTAGE_POINTS} vantage points`)
  .transform((names) => [...new Set(names)]);

/** A live check request (form, streaming route, JSON API). */
export const checkRequestSchema = z.object({
  host: hostSchema,
  port: portSchema.optional(),
  /** Treat the host as a mail domain and test its MX hosts. */
  mx: z.boolean().optional(),
  /** Recipient of the envelope check and of the opt-in split end-of-data test message. */
  recipient: recipientSchema.optional(),
  steps: stepsSchema.optional(),
  category: keySchema.optional(),
  answers: answersInputSchema.optional(),
  /** Pasted text the wizard started from. */
  text: z.string().max(MAX_PASTED_TEXT, `text is too long (${MAX_PASTED_TEXT} characters at most)`).optional(),
  createdBy: displayNameSchema.optional(),
  /** Save the finished run as a diagnosis (share link). */
  save: z.boolean().optional(),
  /** "Check again": the diagnosis this run re-checks. */
  previousId: diagnosisIdSchema.optional(),
  deadlineMs: strictInt("deadlineMs").pipe(z.number().min(1_000).max(MAX_DEADLINE_MS)).optional(),
  /** Where the check runs: "console" and/or probe agents' names (default: the console alone). */
  from: fromSchema.optional(),
}).refine((r) => !(r.mx && (IPV4.test(r.host) || r.host.includes(":"))), {
  message: "an IP address has no MX records: untick 'mail domain' or give a domain",
  path: ["mx"],
});

export type CheckRequestInput = z.input<typeof checkRequestSchema>;
export type CheckRequest = z.output<typeof checkRequestSchema>;

/** "Run it": a saved diagnosis checked again with more steps (and the port for another session). */
export const runMoreSchema = z.object({
  recheckOf: diagnosisIdSchema,
  addSteps: z.array(stepSchema).min(1, "choose a step to run").max(CHECK_STEPS.length),
  port: portSchema.optional(),
  createdBy: displayNameSchema.optional(),
});

/** Recent-list filter. */
export const hostFilterSchema = z
  .string()
  .trim()
  .max(255)
  .transform((v) => v.toLowerCase())
  .refine((v) => /^[a-z0-9:._\-[\]]*$/.test(v), "not a host filter");

/** First message of a failed parse, for one-line errors. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const path = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${path}${issue.message}`;
}
