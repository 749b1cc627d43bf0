"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { recordAudit, requestOrigin } from "@/lib/audit/record";
import { requireRole } from "@/lib/auth/require";
import { atLeast, isRole } from "@/lib/auth/roles";
import { createApiToken, revokeApiToken, TokenError } from "@/lib/auth/tokens";

export interface NewTokenState {
  token: string | null;
  name: string | null;
  error: string | null;
}

/** Creates a personal API token (role at most one's own); the token is returned once, here. */
export async function createTokenAction(_previous: NewTokenState, form: FormData): Promise<NewTokenState> {
  const staff = await requireRole("viewer");
  const name = String(form.get("name") ?? "").trim();
  const role = form.get("role");
  if (!isRole(role)) return { token: null, name: null, error: "Choose a role." };
  if (!atLeast(staff.role, role)) return { token: null, name: null, error: `A token's role cannot be higher than yours (${staff.role}).` };
  try {
    const created = await createApiToken({ userId: staff.userId, name, role });
    await recordAudit({ action: "token.create", actor: staff, target: name, detail: { tokenId: created.id, role }, ...requestOrigin(await headers()) });
    revalidatePath("/tokens");
    return { token: created.token, name, error: null };
  } catch (error) {
    if (error instanceof TokenError) return { token: null, name: null, error: error.message };
    throw error;
  }
}

/** Revokes a token: one's own, or any for an admin. */
export async function revokeTokenAction(form: FormData): Promise<void> {
  const staff = await requireRole("viewer");
  const id = String(form.get("tokenId") ?? "").slice(0, 64);
  const revoked = id ? await revokeApiToken(id, staff) : null;
  if (revoked) await recordAudit({ action: "token.revoke", actor: staff, target: revoked.name, detail: { tokenId: id, owner: revoked.ownerEmail }, ...requestOrigin(await headers()) });
  revalidatePath("/tokens");
  redirect("/tokens");
}
