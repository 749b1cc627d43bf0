"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { currentFlavour } from "@/lib/db/client";
import { cancelRun } from "@/lib/diagnosis/live-runs";
import { requestCancel } from "@/lib/scale/live-check-runs";
import { diagnosisPath } from "@/lib/diagnosis/record";
import { startRecheck } from "@/lib/diagnosis/service";
import { diagnosisIdSchema, displayNameSchema } from "@/lib/diagnosis/validation";

const cancelSchema = z.object({ id: diagnosisIdSchema });
const recheckSchema = z.object({ id: diagnosisIdSchema, createdBy: displayNameSchema.optional() });

/** Cancels a running check; it is saved with what it saw, marked cancelled. */
export async function cancelCheckAction(form: FormData): Promise<void> {
  const parsed = cancelSchema.safeParse({ id: form.get("id") });
  if (!parsed.success) return;
  // on PostgreSQL the check may run on another instance: the cancel goes through the database
  if (currentFlavour() === "postgres") await requestCancel(parsed.data.id);
  else cancelRun(parsed.data.id);
  // without JavaScript the form posts here: back to the page, which shows the saved result
  if (form.get("js") !== "1") redirect(diagnosisPath(parsed.data.id));
}

/** "Check again": a new diagnosis of the same target and steps, linked to this one; opens it. */
export async function recheckAction(form: FormData): Promise<void> {
  const name = form.get("createdBy");
  const parsed = recheckSchema.safeParse({ id: form.get("id"), ...(typeof name === "string" && name.trim() ? { createdBy: name } : {}) });
  if (!parsed.success) redirect("/diagnoses");
  const { id } = await startRecheck(parsed.data.id, parsed.data.createdBy);
  redirect(diagnosisPath(id));
}
