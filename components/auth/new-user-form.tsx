"use client";

import { useActionState } from "react";
import { createUserAction, type NewUserState } from "@/app/admin/users/actions";
import { ROLES } from "@/lib/auth/roles";

const INPUT = "mt-1 block min-h-11 w-full rounded border border-slate-400 px-3 text-base focus:outline-none focus:ring-2 focus:ring-sky-600";

export function NewUserForm({ minPassword }: { minPassword: number }) {
  const [state, action, pending] = useActionState<NewUserState, FormData>(createUserAction, { error: null, created: null });
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="New staff account">
      <div>
        <label htmlFor="nu-name" className="block text-sm font-medium">Name</label>
        <input id="nu-name" name="name" required className={INPUT} />
      </div>
      <div>
        <label htmlFor="nu-email" className="block text-sm font-medium">Email address</label>
        <input id="nu-email" name="email" type="email" required className={INPUT} />
      </div>
      <div>
        <label htmlFor="nu-password" className="block text-sm font-medium">First password ({minPassword}+ characters)</label>
        <input id="nu-password" name="password" type="password" required minLength={minPassword} autoComplete="new-password" className={INPUT} />
      </div>
      <div>
        <label htmlFor="nu-role" className="block text-sm font-medium">Role</label>
        <select id="nu-role" name="role" defaultValue="helpdesk" className={`${INPUT} bg-white`}>
          {ROLES.map((r) => (
            <option key={r} value={r}>{r}</option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="nu-team" className="block text-sm font-medium">Team (optional)</label>
        <input id="nu-team" name="team" className={INPUT} />
      </div>
      <div className="flex items-end">
        <button type="submit" disabled={pending} className="min-h-11 w-full rounded bg-sky-800 px-4 text-sm font-semibold text-white hover:bg-sky-900 disabled:opacity-60">
          {pending ? "Creating…" : "Create account"}
        </button>
      </div>
      <div aria-live="polite" className="sm:col-span-2 lg:col-span-3">
        {state.error ? <p role="alert" className="text-sm font-medium text-red-800">{state.error}</p> : null}
        {state.created ? <p className="text-sm font-medium text-emerald-800">Account {state.created} created. Give them the first password in person.</p> : null}
      </div>
    </form>
  );
}
