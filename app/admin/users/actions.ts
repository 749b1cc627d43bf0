"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit, requestOrigin } from "@/lib/audit/record";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/auth";
import { requireRole } from "@/lib/auth/require";
import { ROLES, roleOf } from "@/lib/auth/roles";
import { createPasswordUser, SetupError } from "@/lib/auth/setup";
import { countAdmins, getStaff, revokeStaffSessions, setStaffBanned, setStaffRole, setStaffTeam } from "@/lib/auth/users";

export interface NewUserState {
  error: string | null;
  created: string | null;
}

const teamSchema = z.string().trim().max(60).regex(/^[\w .-]*$/, "A team name may use letters, digits, space, dot, dash and underscore");

const newUserSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(120),
  email: z.email("Enter a valid email address").max(320),
  password: z.string().min(MIN_PASSWORD_LENGTH, `The first password must have at least ${MIN_PASSWORD_LENGTH} characters`).max(256),
  role: z.enum(ROLES),
  team: teamSchema,
});

function back(message: string): never {
  revalidatePath("/admin/users");
  redirect(`/admin/users?msg=${encodeURIComponent(message)}`);
}

/** Creates a staff account with a first password (there is no sign-up). */
export async function createUserAction(_previous: NewUserState, form: FormData): Promise<NewUserState> {
  const admin = await requireRole("admin");
  const parsed = newUserSchema.safeParse(Object.fromEntries(["name", "email", "password", "role", "team"].map((k) => [k, form.get(k) ?? ""])));
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Invalid input", created: null };
  try {
    const user = await createPasswordUser({ ...parsed.data, team: parsed.data.team || null });
    await recordAudit({ action: "user.create", actor: admin, target: user.email, detail: { role: parsed.data.role, team: parsed.data.team || null }, ...requestOrigin(await headers()) });
    return { error: null, created: user.email };
  } catch (error) {
    if (error instanceof SetupError) return { error: error.message, created: null };
    throw error;
  }
}

/** The last active admin cannot be demoted or deactivated (the console would have no admin). */
async function wouldRemoveLastAdmin(userId: string): Promise<boolean> {
  const user = await getStaff(userId);
  return roleOf(user?.role) === "admin" && !user?.banned && (await countAdmins()) <= 1;
}

export async function setRoleAction(form: FormData): Promise<void> {
  const admin = await requireRole("admin");
  const userId = String(form.get("userId") ?? "");
  const role = z.enum(ROLES).safeParse(form.get("role"));
  const user = await getStaff(userId);
  if (!user || !role.success) back("No such user or role.");
  if (role.data !== "admin" && (await wouldRemoveLastAdmin(userId))) back("The last admin cannot be demoted.");
  await setStaffRole(userId, role.data);
  await recordAudit({ action: "user.role", actor: admin, target: user.email, detail: { from: roleOf(user.role), to: role.data }, ...requestOrigin(await headers()) });
  back(`${user.email} is now ${role.data}.`);
}

export async function setTeamAction(form: FormData): Promise<void> {
  const admin = await requireRole("admin");
  const userId = String(form.get("userId") ?? "");
  const team = teamSchema.safeParse(form.get("team") ?? "");
  const user = await getStaff(userId);
  if (!user) back("No such user.");
  if (!team.success) back(team.error.issues[0]?.message ?? "Invalid team");
  await setStaffTeam(userId, team.data || null);
  await recordAudit({ action: "user.team", actor: admin, target: user.email, detail: { from: user.team, to: team.data || null }, ...requestOrigin(await headers()) });
  back(`${user.email}'s team is now ${team.data || "none"}.`);
}

export async function revokeSessionsAction(form: FormData): Promise<void> {
  const admin = await requireRole("admin");
  const userId = String(form.get("userId") ?? "");
  const user = await getStaff(userId);
  if (!user) back("No such user.");
  const count = await revokeStaffSessions(userId);
  await recordAudit({ action: "user.sessions.revoke", actor: admin, target: user.email, detail: { sessions: count }, ...requestOrigin(await headers()) });
  back(`${count} session(s) of ${user.email} ended.`);
}

export async function setActiveAction(form: FormData): Promise<void> {
  const admin = await requireRole("admin");
  const userId = String(form.get("userId") ?? "");
  const active = form.get("active") === "1";
  const user = await getStaff(userId);
  if (!user) back("No such user.");
  if (!active && (await wouldRemoveLastAdmin(userId))) back("The last admin cannot be deactivated.");
  await setStaffBanned(userId, !active);
  await recordAudit({ action: active ? "user.reactivate" : "user.deactivate", actor: admin, target: user.email, ...requestOrigin(await headers()) });
  back(`${user.email} is ${active ? "active again" : "deactivated; their sessions and tokens stop working"}.`);
}
