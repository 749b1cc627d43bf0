/**
 * The database side of `relaydesk token create` (a bundle of its own in the compiled CLI, loaded
 * only by that command, so `relaydesk probe` never loads the database client).
 */
import { recordAudit } from "../audit/record";
import { createApiToken } from "../auth/tokens";
import { roleOf, type Role } from "../auth/roles";
import { getDb } from "../db/client";

export class TokenCommandError extends Error {}

/** Creates a token owned by `ownerEmail`, or by the first admin; returns the token. */
export async function createTokenForCli(input: { role: Role; name: string; ownerEmail?: string }): Promise<string> {
  const db = getDb();
  try {
    const owner = input.ownerEmail
      ? await db.user.findUnique({ where: { email: input.ownerEmail.trim().toLowerCase() } })
      : await db.user.findFirst({ where: { role: "admin", OR: [{ banned: false }, { banned: null }] }, orderBy: { createdAt: "asc" } });
    if (!owner) {
      throw new TokenCommandError(
        input.ownerEmail
          ? `no account ${input.ownerEmail}`
          : "no admin account yet: create it first (RELAYDESK_ADMIN_EMAIL/RELAYDESK_ADMIN_PASSWORD, or the setup link `npm start` prints)",
      );
    }
    if (owner.banned) throw new TokenCommandError(`${owner.email} is deactivated`);
    const created = await createApiToken({ userId: owner.id, name: input.name, role: input.role });
    await recordAudit({
      action: "token.create",
      actor: { userId: owner.id, name: owner.name, email: owner.email, role: roleOf(owner.role), via: "token" },
      target: input.name,
      detail: { tokenId: created.id, role: input.role, via: "cli" },
    });
    return created.token;
  } finally {
    await db.$disconnect();
  }
}
