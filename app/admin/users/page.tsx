import type { Metadata } from "next";
import { NewUserForm } from "@/components/auth/new-user-form";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/auth";
import { requireRole } from "@/lib/auth/require";
import { ROLES } from "@/lib/auth/roles";
import { listStaff } from "@/lib/auth/users";
import { revokeSessionsAction, setActiveAction, setRoleAction, setTeamAction } from "./actions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Staff and roles" };

const SMALL_BUTTON = "min-h-11 rounded border border-slate-400 bg-white px-3 text-sm hover:bg-slate-100";

/** Staff accounts, roles and teams (admins). */
export default async function UsersPage({ searchParams }: PageProps<"/admin/users">) {
  const admin = await requireRole("admin");
  const params = await searchParams;
  const msg = typeof params.msg === "string" ? params.msg.slice(0, 300) : null;
  const staff = await listStaff();
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Staff and roles</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          viewer: browse the knowledge base and open shared diagnoses · helpdesk: also run checks, save and share · editor: also edit the knowledge base ·
          admin: also staff and roles, pinning diagnoses, the probe target policy and the audit log. A team groups staff whose diagnoses appear in each other&apos;s lists. Changes
          count on the person&apos;s next request.
        </p>
        {params.setup ? <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm">Setup done: you are the first admin. Add your colleagues below.</p> : null}
        {msg ? <p role="status" className="rounded border border-slate-300 bg-white p-3 text-sm" data-testid="admin-message">{msg}</p> : null}
      </header>
      <section aria-labelledby="new-user-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="new-user-heading" className="text-lg font-semibold">New staff account</h2>
        <NewUserForm minPassword={MIN_PASSWORD_LENGTH} />
      </section>
      <section aria-labelledby="staff-heading" className="space-y-2">
        <h2 id="staff-heading" className="text-lg font-semibold">{staff.length === 1 ? "1 account" : `${staff.length} accounts`}</h2>
        <ul className="space-y-3">
          {staff.map((u) => (
            <li key={u.id} className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm" data-testid="staff-row" data-email={u.email}>
              <p>
                <span className="font-semibold">{u.name}</span> <span className="break-all text-slate-700">{u.email}</span>{" "}
                <span className="rounded bg-slate-100 px-1">{u.role}</span>
                {u.team ? <span className="ml-1 rounded bg-sky-50 px-1">team {u.team}</span> : null}
                {u.sso ? <span className="ml-1 text-slate-700">SSO</span> : null}
                {u.banned ? <span className="ml-1 font-medium text-red-800">deactivated</span> : null}
                <span className="ml-1 text-slate-700">· {u.sessions} active session(s)</span>
              </p>
              <div className="flex flex-wrap items-end gap-2">
                <form action={setRoleAction} className="flex items-end gap-2">
                  <input type="hidden" name="userId" value={u.id} />
                  <label className="text-sm">
                    <span className="sr-only">Role of {u.email}</span>
                    <select name="role" defaultValue={u.role} className="min-h-11 rounded border border-slate-400 bg-white px-2">
                      {ROLES.map((r) => (
                        <option key={r} value={r}>{r}</option>
                      ))}
                    </select>
                  </label>
                  <button type="submit" className={SMALL_BUTTON}>Set role</button>
                </form>
                <form action={setTeamAction} className="flex items-end gap-2">
                  <input type="hidden" name="userId" value={u.id} />
                  <label className="text-sm">
                    <span className="sr-only">Team of {u.email}</span>
                    <input name="team" defaultValue={u.team ?? ""} placeholder="team" className="min-h-11 w-32 rounded border border-slate-400 px-2" />
                  </label>
                  <button type="submit" className={SMALL_BUTTON}>Set team</button>
                </form>
                <form action={revokeSessionsAction}>
                  <input type="hidden" name="userId" value={u.id} />
                  <button type="submit" className={SMALL_BUTTON}>End sessions</button>
                </form>
                {u.id !== admin.userId ? (
                  <form action={setActiveAction}>
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="active" value={u.banned ? "1" : "0"} />
                    <button type="submit" className={SMALL_BUTTON}>{u.banned ? "Reactivate" : "Deactivate"}</button>
                  </form>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
