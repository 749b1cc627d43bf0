import { getDb } from "@/lib/db/client";
import { getAuth } from "./auth";
import type { StaffIdentity } from "./identity";
import { roleOf } from "./roles";

/**
 * The staff member a session cookie belongs to, read from the database on every call (no cookie
 * cache): a revoked session, a ban or a role change counts at once.
 */
export async function identityForSession(headers: Headers): Promise<StaffIdentity | null> {
  if (!/better-auth\.session_token=/.test(headers.get("cookie") ?? "")) return null;
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers, query: { disableCookieCache: true } });
  if (!session) return null;
  // the role straight from the user row (the session object may carry the sign-in time's copy)
  const user = await getDb().user.findUnique({ where: { id: session.user.id } });
  if (!user || user.banned) return null;
  return { userId: user.id, name: user.name, email: user.email, role: roleOf(user.role), via: "session" };
}
