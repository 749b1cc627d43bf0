"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { requestOrigin } from "@/lib/audit/record";
import { requireRole } from "@/lib/auth/require";
import { probePolicyFormSchema } from "@/lib/probe-policy/schema";
import { ProbePolicyConflictError, saveProbePolicy } from "@/lib/probe-policy/store";

/** The policy form's outcome; `values` gives back what was typed when it is refused, so nothing is lost. */
export interface ProbePolicyFormState {
  ok: boolean;
  message?: string;
  fieldErrors?: Partial<Record<"allowCidrs" | "denyCidrs" | "ports", string>>;
  values?: { allowCidrs: string; denyCidrs: string; ports: string };
}

const FIELDS = ["allowCidrs", "denyCidrs", "ports"] as const;

/** Saves the probe target policy (admins only); applies to the next check on every instance. */
export async function saveProbePolicyAction(_previous: ProbePolicyFormState, form: FormData): Promise<ProbePolicyFormState> {
  const admin = await requireRole("admin");
  if (!(form instanceof FormData)) return { ok: false, message: "Send the policy form." };
  const raw = Object.fromEntries([...FIELDS, "baseRevision"].map((k) => [k, String(form.get(k) ?? "")]));
  const values = { allowCidrs: raw.allowCidrs!, denyCidrs: raw.denyCidrs!, ports: raw.ports! };
  const parsed = probePolicyFormSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: ProbePolicyFormState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((FIELDS as readonly unknown[]).includes(field)) fieldErrors[field as (typeof FIELDS)[number]] ??= issue.message;
    }
    return { ok: false, message: "The policy was not saved: correct the fields marked below.", fieldErrors, values };
  }
  try {
    const saved = await saveProbePolicy(parsed.data, { actor: admin, ...requestOrigin(await headers()) });
    revalidatePath("/admin/policy");
    return {
      ok: true,
      message: saved.changed ? `Saved as revision ${saved.revision}. The next check on every console instance uses it.` : "Nothing changed: this is the policy in force.",
    };
  } catch (error) {
    if (error instanceof ProbePolicyConflictError) return { ok: false, message: error.message, values };
    throw error;
  }
}
