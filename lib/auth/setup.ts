/**
 * First run. The console never ships a default password: when no admin exists it either creates
 * one from RELAYDESK_ADMIN_EMAIL and RELAYDESK_ADMIN_PASSWORD (automated deployments, tests), or
 * makes a one-time setup link, prints it on the console, and lets the first visitor with that link
 * create the admin (/setup). Only the link's SHA-256 is stored; it stops working once an admin exists.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { getAuth, MIN_PASSWORD_LENGTH } from "./auth";
import { hashSecret } from "./tokens";

export async function adminExists(): Promise<boolean> {
  return (await getDb().user.count({ where: { role: "admin" } })) > 0;
}

export class SetupError extends Error {}

/** Creates a staff member with a password (admin-created accounts; there is no sign-up). */
export async function createPasswordUser(input: { name: string; email: string; password: string; role: "viewer" | "helpdesk" | "editor" | "admin"; team?: string | null }) {
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new SetupError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  const auth = await getAuth();
  const email = input.email.trim().toLowerCase();
  if (await getDb().user.findUnique({ where: { email } })) throw new SetupError(`There is already an account for ${email}.`);
  const created = await auth.api.createUser({ body: { email, password: input.password, name: input.name.trim(), role: input.role } });
  if (input.team) await getDb().user.update({ where: { id: created.user.id }, data: { team: input.team } });
  return created.user;
}

/** At start: the env admin, else a setup link (returned, for printing), else nothing to do. */
export async function bootstrapAdmin(env: Record<string, string | undefined> = process.env, origin = "http://localhost:3000"): Promise<{ kind: "exists" } | { kind: "created"; email: string } | { kind: "link"; url: string }> {
  if (await adminExists()) return { kind: "exists" };
  const email = env.RELAYDESK_ADMIN_EMAIL?.trim();
  const password = env.RELAYDESK_ADMIN_PASSWORD;
  if (email && password) {
    const user = await createPasswordUser({ name: env.RELAYDESK_ADMIN_NAME?.trim() || "Administrator", email, password, role: "admin" });
    await recordAudit({ action: "setup.admin-created", target: user.email, detail: { method: "environment" } });
    return { kind: "created", email: user.email };
  }
  const token = randomBytes(24).toString("base64url");
  const db = getDb();
  await db.setupToken.upsert({ where: { id: 1 }, create: { id: 1, tokenHash: hashSecret(token) }, update: { tokenHash: hashSecret(token), createdAt: new Date() } });
  return { kind: "link", url: `${origin}/setup?token=${token}` };
}

/** Whether `token` is the current setup link's (and no admin exists yet). */
export async function setupTokenValid(token: string): Promise<boolean> {
  if (!token || token.length > 200 || (await adminExists())) return false;
  const row = await getDb().setupToken.findUnique({ where: { id: 1 } });
  if (!row) return false;
  const a = Buffer.from(row.tokenHash, "hex");
  const b = Buffer.from(hashSecret(token), "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Creates the first admin with the setup link; the link is used up. */
export async function completeSetup(input: { token: string; name: string; email: string; password: string }, from: { ip: string | null; userAgent: string | null }) {
  if (!(await setupTokenValid(input.token))) throw new SetupError("This setup link is not valid (any more). Restart the console for a new one, or sign in.");
  await getDb().setupToken.deleteMany({});
  const user = await createPasswordUser({ name: input.name, email: input.email, password: input.password, role: "admin" });
  await recordAudit({ action: "setup.admin-created", target: user.email, detail: { method: "setup-link" }, ...from });
  return user;
}
