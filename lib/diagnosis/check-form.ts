/**
 * The live-check form (a server action, so it works without JavaScript): FormData in, a
 * validated check request or errors per field out. The host field takes host:port, [IPv6]:port
 * and smtp:// URLs (./target-input.ts). Messages are plain sentences without field-key
 * prefixes; the form shows each beside its field. Client-safe and pure.
 */
import { z } from "zod";
import { CHECK_STEPS } from "./steps";
import { parseTargetInput } from "./target-input";
import { checkRequestSchema, MAX_PASTED_TEXT, MAX_VANTAGE_POINTS, type CheckRequest } from "./validation";

/** The form's fields (names of its inputs). */
export const CHECK_FORM_FIELDS = ["host", "port", "mx", "steps", "from", "recipient", "createdBy"] as const;
export type CheckFormField = (typeof CHECK_FORM_FIELDS)[number];

export interface CheckFormState {
  /** Errors beside their fields, in form order (the first gets focus). */
  fieldErrors: Partial<Record<CheckFormField, string>>;
  /** An error about the whole form. */
  message: string | null;
  /** What was submitted, to refill the form after an error (no JavaScript needed). */
  values: { host: string; port: string; mx: boolean; steps: string[]; from: string[]; recipient: string; createdBy: string } | null;
}

export const emptyCheckFormState: CheckFormState = { fieldErrors: {}, message: null, values: null };

export type ParsedCheckForm = { ok: true; request: CheckRequest } | { ok: false; state: CheckFormState };

function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

const answerPairs = z
  .string()
  .max(2_000)
  .transform((v) =>
    v
      .split(",")
      .filter(Boolean)
      .map((pair) => {
        const [question = "", answer = ""] = pair.split(":");
        return { question, answer };
      }),
  );

/** Friendlier words for the schema's messages. */
function sentence(message: string): string {
  const m = message.trim();
  return m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? "" : ".");
}

export function parseCheckForm(form: FormData): ParsedCheckForm {
  const values = {
    host: text(form, "host").slice(0, 400),
    port: text(form, "port").slice(0, 20),
    mx: form.get("mx") === "on",
    steps: form.getAll("steps").filter((s): s is string => typeof s === "string").slice(0, CHECK_STEPS.length * 2),
    from: form.getAll("from").filter((s): s is string => typeof s === "string").slice(0, MAX_VANTAGE_POINTS * 2),
    recipient: text(form, "recipient").slice(0, 400),
    createdBy: text(form, "createdBy").slice(0, 200),
  };
  const fieldErrors: CheckFormState["fieldErrors"] = {};
  const target = parseTargetInput(values.host);
  let port: number | undefined;
  const portText = values.port.trim();
  if (portText && !/^\d{1,5}$/.test(portText)) fieldErrors.port = "The port is a number from 1 to 65535.";
  else if (portText) port = Number(portText);
  if (!target.ok) fieldErrors.host = target.message;
  // a port written in the host field (host:port, [v6]:port, smtp://) wins over the port field
  else if (target.port !== null) port = target.port;
  // the "Run from" boxes: none ticked is an error only when the form showed them
  if (values.from.length === 0 && form.get("fromShown") === "1") fieldErrors.from = "Choose at least one place to run the check from.";
  const answers = answerPairs.safeParse(text(form, "a"));
  const pasted = text(form, "t");
  const body = {
    host: target.ok ? target.host : "placeholder.invalid",
    ...(port !== undefined ? { port } : {}),
    ...(values.mx ? { mx: true } : {}),
    steps: values.steps,
    ...(values.from.length > 0 ? { from: values.from } : {}),
    ...(text(form, "c") ? { category: text(form, "c") } : {}),
    ...(pasted ? { text: pasted.slice(0, MAX_PASTED_TEXT) } : {}),
    answers: answers.success ? answers.data : [],
    ...(values.recipient.trim() ? { recipient: values.recipient.trim() } : {}),
    createdBy: values.createdBy,
    save: true,
  };
  const parsed = checkRequestSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      const field: CheckFormField | null =
        key === "port" || key === "mx" || key === "steps" || key === "from" || key === "recipient" || key === "createdBy" || key === "host" ? key : null;
      if (field === "host" && !target.ok) continue;
      if (field && !fieldErrors[field]) fieldErrors[field] = sentence(field === "steps" && issue.code === "too_small" ? "Choose at least one step" : issue.message);
      else if (!field) return { ok: false, state: { fieldErrors, message: "The wizard's answers in this link are not valid any more; start the wizard again.", values } };
    }
  }
  if (Object.keys(fieldErrors).length > 0 || !parsed.success) return { ok: false, state: { fieldErrors, message: null, values } };
  return { ok: true, request: parsed.data };
}
