/**
 * Personal API tokens: "rdk_" + 32 random bytes (base64url). Only the SHA-256 is stored; the token
 * is shown once. A token acts with its own role, capped by its owner's current role at every use,
 * so demoting a user demotes their tokens too.
 */
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import type { StaffIdentity } from "./identity";
import { atLeast, isRole, lowerRole, roleOf, type Role } from "./roles";

export const TOKEN_PREFIX = "rdk_";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export class TokenError extends Error {}

export interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  owner: { id: string; email: string; name: string };
}

/** Creates a token for `userId` with `role` (at most the owner's); returns the token itself, once. */
export async function createApiToken(input: { userId: string; name: string; role: Role }): Promise<{ id: string; token: string }> {
  const name = input.name.trim();
  if (!name || name.length > 100) throw new TokenError("A token needs a name of 1 to 100 characters.");
  if (!isRole(input.role)) throw new TokenError("Unknown role.");
  const db = getDb();
  const owner = await db.user.findUnique({ where: { id: input.userId } });
  if (!owner) throw new TokenError("No such user.");
  if (!atLeast(roleOf(owner.role), input.role)) throw new TokenError(`A token's role cannot be higher than its owner's (${roleOf(owner.role)}).`);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiToken.create({
    data: { name, role: input.role, userId: owner.id, tokenHash: hashSecret(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) },
  });
  return { id: row.id, token };
}

/**
 * The identity a bearer token acts as, or null (unknown, revoked, expired, owner banned). Use is
 * recorded as lastUsedAt and a "token.use" audit row, at most once a minute per token (a busy
 * script should not write on every call).
 */
export async function identityForToken(token: string, use?: { method: string; path: string; ip: string | null; userAgent: string | null }): Promise<StaffIdentity | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const db = getDb();
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt < new Date())) return null;
  if (row.user.banned) return null;
  const identity: StaffIdentity = { userId: row.user.id, name: row.user.name, email: row.user.email, role: lowerRole(roleOf(row.role), roleOf(row.user.role)), via: "token" };
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
    if (use) await recordAudit({ action: "token.use", actor: identity, target: row.name, detail: { tokenId: row.id, method: use.method, path: use.path }, ip: use.ip, userAgent: use.userAgent });
  }
  return identity;
}

export async function listApiTokens(where: { userId?: string } = {}): Promise<TokenSummary[]> {
  const rows = await getDb().apiToken.findMany({ where, include: { user: true }, orderBy: { createdAt: "desc" }, take: 500 });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    role: roleOf(r.role),
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    owner: { id: r.user.id, email: r.user.email, name: r.user.name },
  }));
}

/** Revokes a token; only its owner or an admin may. Returns the revoked token's name. */
export async function revokeApiToken(tokenId: string, by: StaffIdentity): Promise<{ name: string; ownerEmail: string } | null> {
  const db = getDb();
  const row = await db.apiToken.findUnique({ where: { id: tokenId }, include: { user: true } });
  if (!row || (row.userId !== by.userId && by.role !== "admin")) return null;
  if (!row.revokedAt) await db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  return { name: row.name, ownerEmail: row.user.email };
}
