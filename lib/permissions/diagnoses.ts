/**
 * Who may do what to saved diagnoses (issue 11). A diagnosis link opens for any signed-in staff
 * member; lists show one's own and one's team's (admins: all); running, re-checking and sharing
 * need helpdesk; pinning (exempt from retention) is an admin's decision.
 */
import { getDb } from "@/lib/db/client";
import type { StaffIdentity } from "@/lib/auth/identity";
import { atLeast } from "@/lib/auth/roles";
import type { ListOptions } from "@/lib/diagnosis/store";

export function canOpenDiagnosis(staff: StaffIdentity): boolean {
  return atLeast(staff.role, "viewer");
}

export function canRunChecks(staff: StaffIdentity): boolean {
  return atLeast(staff.role, "helpdesk");
}

export function canShareDiagnosis(staff: StaffIdentity): boolean {
  return atLeast(staff.role, "helpdesk");
}

export function canPinDiagnosis(staff: StaffIdentity): boolean {
  return staff.role === "admin";
}

/** The list scope of a staff member: admins see all; others their own and their team's. */
export async function diagnosisListScope(staff: StaffIdentity): Promise<NonNullable<ListOptions["visibleTo"]>> {
  if (staff.role === "admin") return "all";
  const user = await getDb().user.findUnique({ where: { id: staff.userId }, select: { team: true } });
  return { userId: staff.userId, team: user?.team?.trim() || null };
}
