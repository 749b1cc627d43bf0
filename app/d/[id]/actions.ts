"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auditCheckLimited, auditCheckRefused, auditCheckStarted, consumeCheckLimits } from "@/lib/audit/checks";
import { recordAudit, requestOrigin } from "@/lib/audit/record";
import { requireRole } from "@/lib/auth/require";
import { getDiagnosisHeader } from "@/lib/diagnosis/store";
import { z } from "zod";
import { currentFlavour } from "@/lib/db/client";
import { cancelRun } from "@/lib/diagnosis/live-runs";
import { requestCancel } from "@/lib/scale/live-check-runs";
import { diagnosisPath } from "@/lib/diagnosis/record";
import { CheckRefusedError, startRecheck } from "@/lib/diagnosis/service";
import { diagnosisIdSchema, displayNameSchema } from "@/lib/diagnosis/validation";

const cancelSchema = z.object({ id: diagnosisIdSchema });
const recheckSchema = z.object({ id: diagnosisIdSchema, createdBy: displayNameSchema.optional() });

/** Cancels a running check; it is saved with what it saw, marked cancelled. */
export async function cancelCheckAction(form: FormData): Promise<void> {
  const staff = await requireRole("helpdesk");
  const parsed = cancelSchema.safeParse({ id: form.get("id") });
  if (!parsed.success) return;
  // on PostgreSQL the check may run on another instance: the cancel goes through the database
  const cancelled = currentFlavour() === "postgres" ? await requestCancel(parsed.data.id) : cancelRun(parsed.data.id);
  if (cancelled) await recordAudit({ action: "check.cancel", actor: staff, target: parsed.data.id, ...requestOrigin(await headers()) });
  // without JavaScript the form posts here: back to the page, which shows the saved result
  if (form.get("js") !== "1") redirect(diagnosisPath(parsed.data.id));
}

/** "Check again": a new diagnosis of the same target and steps, linked to this one; opens it. */
export async function recheckAction(form: FormData): Promise<void> {
  const staff = await requireRole("helpdesk");
  const from = requestOrigin(await headers());
  const parsed = recheckSchema.safeParse({ id: form.get("id") });
  if (!parsed.success) redirect("/diagnoses");
  const previous = await getDiagnosisHeader(parsed.data.id);
  if (!previous) redirect("/diagnoses");
  const limited = await consumeCheckLimits(staff, previous.host);
  if (!limited.ok) {
    await auditCheckLimited(staff, previous.host, limited, from);
    redirect(`${diagnosisPath(parsed.data.id)}?limited=${limited.retryAfterSeconds}`);
  }
  let id: string;
  try {
    ({ id } = await startRecheck(parsed.data.id, staff.name, { ownerId: staff.userId, audit: { staff, from, extra: { via: "console" } } }));
  } catch (error) {
    // the probe target policy may have changed since the first check: say so on the page, not a 500
    if (!(error instanceof CheckRefusedError)) throw error;
    await auditCheckRefused(staff, { host: previous.host, port: previous.port }, error, from, { via: "console", previousId: previous.id });
    redirect(`${diagnosisPath(parsed.data.id)}?refused=${error.field}`);
  }
  await auditCheckStarted(staff, { diagnosisId: id, host: previous.host, port: previous.port, steps: previous.steps, previousId: previous.id }, from);
  redirect(diagnosisPath(id));
}
