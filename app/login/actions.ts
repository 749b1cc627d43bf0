"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { recordAudit, requestOrigin } from "@/lib/audit/record";
import { getAuth } from "@/lib/auth/auth";
import { currentStaff } from "@/lib/auth/require";
import { auditSignInFailure, clearAccountLimit, gateSignIn } from "@/lib/auth/sign-in";

export interface SignInState {
  error: string | null;
  email: string;
}

/** Only a path on this console (never //host or a scheme): where to go after signing in. */
function safeNext(value: FormDataEntryValue | null): string {
  const next = typeof value === "string" ? value : "/";
  return /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith("/login") ? next : "/";
}

/** Email and password sign-in, limited per address and per account; every failure is audited. */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  if (!(form instanceof FormData)) return { error: "Send the sign-in form.", email: "" };
  const email = String(form.get("email") ?? "").trim().slice(0, 320);
  const password = String(form.get("password") ?? "").slice(0, 256);
  if (!email || !password) return { error: "Enter your email address and password.", email };
  const h = await headers();
  const from = requestOrigin(h);
  const gate = await gateSignIn(email, from);
  if (!gate.ok) return { error: gate.limited.message, email };
  try {
    const auth = await getAuth();
    await auth.api.signInEmail({ body: { email, password }, headers: h });
  } catch (error) {
    const code = (error as { body?: { code?: string } }).body?.code ?? "UNKNOWN";
    await auditSignInFailure(email, code, from);
    if (code === "BANNED_USER") return { error: "This account has been deactivated. Ask an admin.", email };
    return { error: "Wrong email address or password.", email };
  }
  await clearAccountLimit(email);
  redirect(safeNext(form.get("next")));
}

/** Ends this session (the cookie and the database row). */
export async function signOutAction(): Promise<void> {
  const h = await headers();
  const staff = await currentStaff();
  const auth = await getAuth();
  await auth.api.signOut({ headers: h }).catch(() => undefined);
  if (staff) await recordAudit({ action: "auth.sign-out", actor: staff, target: staff.email, ...requestOrigin(h) });
  redirect("/login");
}
