/**
 * Public (signed-out) links to one diagnosis: an explicit choice per diagnosis, with an expiry,
 * revocable; the URL carries a random secret of which only the SHA-256 is stored. Every view
 * through one is audited by the page that serves it.
 */
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { hashSecret } from "@/lib/auth/tokens";

export const PUBLIC_LINK_DAYS = [1, 7, 30] as const;
export type PublicLinkDays = (typeof PUBLIC_LINK_DAYS)[number];

export function publicLinkPath(secret: string): string {
  return `/p/${secret}`;
}

export interface PublicLinkSummary {
  id: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  views: number;
  createdBy: string | null;
  active: boolean;
}

export async function createPublicLink(diagnosisId: string, createdById: string, days: PublicLinkDays): Promise<{ id: string; secret: string; expiresAt: Date }> {
  const secret = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const row = await getDb().diagnosisShare.create({ data: { diagnosisId, createdById, tokenHash: hashSecret(secret), expiresAt } });
  return { id: row.id, secret, expiresAt };
}

export async function listPublicLinks(diagnosisId: string): Promise<PublicLinkSummary[]> {
  const rows = await getDb().diagnosisShare.findMany({ where: { diagnosisId }, include: { createdBy: true }, orderBy: { createdAt: "desc" }, take: 50 });
  const now = new Date();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    views: r.views,
    createdBy: r.createdBy?.email ?? null,
    active: !r.revokedAt && r.expiresAt > now,
  }));
}

export async function revokePublicLink(linkId: string): Promise<{ diagnosisId: string } | null> {
  const db = getDb();
  const row = await db.diagnosisShare.findUnique({ where: { id: linkId } });
  if (!row) return null;
  if (!row.revokedAt) await db.diagnosisShare.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  return { diagnosisId: row.diagnosisId };
}

/** The diagnosis a public link opens, counting the view; null when unknown, revoked or expired. */
export async function openPublicLink(secret: string): Promise<{ linkId: string; diagnosisId: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(secret)) return null;
  const db = getDb();
  const row = await db.diagnosisShare.findUnique({ where: { tokenHash: hashSecret(secret) } });
  if (!row || row.revokedAt || row.expiresAt <= new Date()) return null;
  await db.diagnosisShare.update({ where: { id: row.id }, data: { views: { increment: 1 } } });
  return { linkId: row.id, diagnosisId: row.diagnosisId };
}
