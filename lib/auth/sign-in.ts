/**
 * Password sign-in with limits and an audit trail: per client address and per account
 * (lib/auth/limits.ts), every failure audited with address and user agent (a failure makes no
 * session, so better-auth's session hook never sees it). Used by the login page's server action
 * and by POST /api/auth/sign-in/email.
 */
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { consumeLimit, resetLimit, type LimitResult } from "./limits";

export type SignInGate = { ok: true } | { ok: false; limited: Extract<LimitResult, { ok: false }> };

/** Takes a point from both sign-in limits; audits a refusal. */
export async function gateSignIn(email: string, from: { ip: string | null; userAgent: string | null }): Promise<SignInGate> {
  const account = email.trim().toLowerCase();
  for (const [name, key] of [
    ["signinPerIp", from.ip ?? "unknown"],
    ["signinPerAccount", account],
  ] as const) {
    const r = await consumeLimit(name, key);
    if (!r.ok) {
      await recordAudit({ action: "auth.sign-in.limited", target: account, detail: { limit: name, retryAfterSeconds: r.retryAfterSeconds }, ...from });
      return { ok: false, limited: r };
    }
  }
  return { ok: true };
}

/** After a failed attempt: one audit row with the reason (never the password). */
export async function auditSignInFailure(email: string, reason: string, from: { ip: string | null; userAgent: string | null }): Promise<void> {
  const account = email.trim().toLowerCase().slice(0, 320);
  const known = account ? (await getDb().user.count({ where: { email: account } })) > 0 : false;
  await recordAudit({ action: "auth.sign-in.failed", target: account, detail: { reason, knownAccount: known }, ...from });
}

/** After a successful sign-in: that account's failed attempts stop counting. */
export async function clearAccountLimit(email: string): Promise<void> {
  await resetLimit("signinPerAccount", email.trim().toLowerCase());
}
