"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit, requestOrigin } from "@/lib/audit/record";
import { requireRole } from "@/lib/auth/require";
import { diagnosisPath } from "@/lib/diagnosis/record";
import { getDiagnosisHeader } from "@/lib/diagnosis/store";
import { diagnosisIdSchema } from "@/lib/diagnosis/validation";
import { publicOrigin } from "@/lib/http/origin";
import { createPublicLink, PUBLIC_LINK_DAYS, publicLinkPath, revokePublicLink } from "@/lib/sharing/public-links";

export interface PublicLinkState {
  url: string | null;
  expiresAt: string | null;
  error: string | null;
}

const createSchema = z.object({
  id: diagnosisIdSchema,
  days: z.coerce.number().refine((d): d is (typeof PUBLIC_LINK_DAYS)[number] => (PUBLIC_LINK_DAYS as readonly number[]).includes(d), "Choose 1, 7 or 30 days"),
});

/** The console's origin for a link shown to the user: the public URL, else the Host the request came to. */
async function linkOrigin(): Promise<string> {
  const configured = publicOrigin();
  if (configured) return configured;
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`;
}

/** Makes a public (signed-out) link to one diagnosis; the link is shown once, here. */
export async function createPublicLinkAction(_previous: PublicLinkState, form: FormData): Promise<PublicLinkState> {
  const staff = await requireRole("helpdesk");
  const parsed = createSchema.safeParse({ id: form.get("id"), days: form.get("days") });
  if (!parsed.success) return { url: null, expiresAt: null, error: parsed.error.issues[0]?.message ?? "Invalid request" };
  const header = await getDiagnosisHeader(parsed.data.id);
  if (!header) return { url: null, expiresAt: null, error: "No such diagnosis." };
  const link = await createPublicLink(header.id, staff.userId, parsed.data.days);
  await recordAudit({ action: "share.public-link.create", actor: staff, target: header.id, detail: { linkId: link.id, days: parsed.data.days, expiresAt: link.expiresAt.toISOString(), host: header.host }, ...requestOrigin(await headers()) });
  revalidatePath(diagnosisPath(header.id));
  return { url: `${await linkOrigin()}${publicLinkPath(link.secret)}`, expiresAt: link.expiresAt.toISOString(), error: null };
}

/** Revokes a public link at once (its next view is refused). */
export async function revokePublicLinkAction(form: FormData): Promise<void> {
  const staff = await requireRole("helpdesk");
  const linkId = String(form.get("linkId") ?? "").slice(0, 64);
  const revoked = linkId ? await revokePublicLink(linkId) : null;
  if (!revoked) redirect("/diagnoses");
  await recordAudit({ action: "share.public-link.revoke", actor: staff, target: revoked.diagnosisId, detail: { linkId }, ...requestOrigin(await headers()) });
  revalidatePath(diagnosisPath(revoked.diagnosisId));
  redirect(diagnosisPath(revoked.diagnosisId));
}
