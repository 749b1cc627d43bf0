"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auditCheckLimited, auditCheckRefused, auditCheckStarted, consumeCheckLimits } from "@/lib/audit/checks";
import { requestOrigin } from "@/lib/audit/record";
import { requireRole } from "@/lib/auth/require";
import { parseCheckForm, type CheckFormState } from "@/lib/diagnosis/check-form";
import { diagnosisPath } from "@/lib/diagnosis/record";
import { trimToRecognised } from "@/lib/diagnosis/pasted-text";
import { CheckRefusedError, DiagnosisInputError, startDiagnosis } from "@/lib/diagnosis/service";
import { lookupText } from "@/lib/search/service";

/**
 * Starts a live check: validates the form, asks the probe policy, saves the diagnosis as
 * running, starts the probes in the background and opens /d/ID, which follows the check.
 * A refused target or bad input comes back as errors beside the fields; nothing is saved.
 */
export async function startCheckAction(_previous: CheckFormState, form: FormData): Promise<CheckFormState> {
  const staff = await requireRole("helpdesk");
  const from = requestOrigin(await headers());
  const parsed = parseCheckForm(form);
  if (!parsed.ok) return parsed.state;
  const limited = await consumeCheckLimits(staff, parsed.request.host);
  if (!limited.ok) {
    await auditCheckLimited(staff, parsed.request.host, limited, from);
    return { fieldErrors: {}, message: limited.message, values: parseValues(form) };
  }
  let id: string;
  try {
    ({ id } = await startDiagnosis(
      { ...parsed.request, createdBy: staff.name },
      { ownerId: staff.userId, audit: { staff, from, extra: { via: "console" } } },
    ));
    await auditCheckStarted(staff, { diagnosisId: id, host: parsed.request.host, port: parsed.request.port ?? null, steps: parsed.request.steps ?? null }, from);
  } catch (error) {
    const values = parseValues(form);
    if (error instanceof CheckRefusedError) {
      await auditCheckRefused(staff, { host: parsed.request.host, port: parsed.request.port ?? null }, error, from, { via: "console" });
      return { fieldErrors: { [error.field]: error.message }, message: null, values };
    }
    if (error instanceof DiagnosisInputError && (error.code === "unknown_agent" || error.code === "agent_offline")) return { fieldErrors: { from: error.message }, message: null, values };
    if (error instanceof DiagnosisInputError) return { fieldErrors: {}, message: error.message, values };
    console.error("relaydesk: could not start a live check", error);
    return { fieldErrors: {}, message: "The check could not be started. Try again in a moment.", values };
  }
  redirect(diagnosisPath(id));
}

function parseValues(form: FormData): CheckFormState["values"] {
  const r = parseCheckForm(form);
  return r.ok ? { host: String(form.get("host") ?? ""), port: String(form.get("port") ?? ""), mx: form.get("mx") === "on", steps: form.getAll("steps").map(String), from: form.getAll("from").map(String), recipient: String(form.get("recipient") ?? ""), createdBy: String(form.get("createdBy") ?? "") } : r.state.values;
}

/** State of the "start from pasted text" form. */
export interface PasteFormState {
  error: string | null;
  text: string;
}

/** Longest paste accepted (the search's own limit is higher; beyond this it is surely not one NDR). */
const MAX_PASTE_CHARS = 200_000;

/**
 * Starts the wizard from pasted text: the text is looked up, trimmed to what was recognised
 * (lib/diagnosis/pasted-text.ts) and put in the URL, so Back, Forward and reload keep it.
 */
export async function startFromTextAction(_previous: PasteFormState, form: FormData): Promise<PasteFormState> {
  await requireRole("viewer");
  const raw = form.get("text");
  const text = typeof raw === "string" ? raw : "";
  if (!text.trim()) return { error: "Paste an NDR, a log excerpt or an error text first.", text: "" };
  if (text.length > MAX_PASTE_CHARS) return { error: `That is more than ${MAX_PASTE_CHARS.toLocaleString("en")} characters; paste the part with the error.`, text: text.slice(0, 2_000) };
  const lookup = await lookupText(text);
  if (lookup.articles.length === 0) {
    return { error: "Nothing in the knowledge base matches this text. Start from a category instead, or paste the error lines.", text: text.slice(0, 5_000) };
  }
  const trimmed = trimToRecognised(text, lookup.signatures.map((s) => s.text));
  const params = new URLSearchParams({ t: trimmed.text });
  if (trimmed.trimmed) params.set("trimmed", String(trimmed.originalChars));
  redirect(`/diagnose?${params.toString()}`);
}
