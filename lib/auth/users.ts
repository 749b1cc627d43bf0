/**
 * Staff administration (admin only; the pages and actions check the role): list, create, change
 * role or team, deactivate (ban + revoke every session), revoke sessions. Each change is audited by
 * the caller with the acting admin.
 */
import { getDb } from "@/lib/db/client";
import { roleOf, type Role } from "./roles";

export interface StaffSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
  team: string | null;
  banned: boolean;
  createdAt: string;
  sso: boolean;
  sessions: number;
}

export async function listStaff(): Promise<StaffSummary[]> {
  const rows = await getDb().user.findMany({
    orderBy: [{ createdAt: "asc" }],
    take: 1000,
    include: { accounts: { select: { providerId: true } }, _count: { select: { sessions: { where: { expiresAt: { gt: new Date() } } } } } },
  });
  return rows.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: roleOf(u.role),
    team: u.team,
    banned: !!u.banned,
    createdAt: u.createdAt.toISOString(),
    sso: u.accounts.some((a) => a.providerId !== "credential"),
    sessions: u._count.sessions,
  }));
}

export async function getStaff(id: string) {
  return getDb().user.findUnique({ where: { id } });
}

export async function setStaffRole(id: string, role: Role) {
  return getDb().user.update({ where: { id }, data: { role } });
}

export async function setStaffTeam(id: string, team: string | null) {
  return getDb().user.update({ where: { id }, data: { team } });
}

/** Ends every session of a user at once (their next request is signed out). */
export async function revokeStaffSessions(id: string): Promise<number> {
  return (await getDb().session.deleteMany({ where: { userId: id } })).count;
}

export async function setStaffBanned(id: string, banned: boolean) {
  const user = await getDb().user.update({ where: { id }, data: { banned, banReason: banned ? "deactivated by an admin" : null } });
  if (banned) await revokeStaffSessions(id);
  return user;
}

export async function countAdmins(): Promise<number> {
  return getDb().user.count({ where: { role: "admin", OR: [{ banned: false }, { banned: null }] } });
}
