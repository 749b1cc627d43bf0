"use client";

import { useActionState } from "react";
import { completeSetupAction, type SetupState } from "@/app/setup/actions";

const INPUT = "mt-1 block min-h-11 w-full rounded border border-slate-400 px-3 text-base focus:outline-none focus:ring-2 focus:ring-sky-600";

export function SetupForm({ token, minPassword }: { token: string; minPassword: number }) {
  const [state, action, pending] = useActionState<SetupState, FormData>(completeSetupAction, { error: null, values: { name: "", email: "" } });
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <div>
        <label htmlFor="setup-name" className="block text-sm font-medium">
          Your name
        </label>
        <input id="setup-name" name="name" required autoComplete="name" defaultValue={state.values.name} className={INPUT} />
      </div>
      <div>
        <label htmlFor="setup-email" className="block text-sm font-medium">
          Email address
        </label>
        <input id="setup-email" name="email" type="email" required autoComplete="username" defaultValue={state.values.email} className={INPUT} />
      </div>
      <div>
        <label htmlFor="setup-password" className="block text-sm font-medium">
          Password (at least {minPassword} characters)
        </label>
        <input id="setup-password" name="password" type="password" required minLength={minPassword} autoComplete="new-password" className={INPUT} />
      </div>
      <div>
        <label htmlFor="setup-confirm" className="block text-sm font-medium">
          Password again
        </label>
        <input id="setup-confirm" name="confirm" type="password" required minLength={minPassword} autoComplete="new-password" className={INPUT} />
      </div>
      {state.error ? (
        <p role="alert" className="text-sm font-medium text-red-800">
          {state.error}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className="min-h-11 w-full rounded bg-sky-800 px-4 text-sm font-semibold text-white hover:bg-sky-900 disabled:opacity-60">
        {pending ? "Creating…" : "Create the admin account"}
      </button>
    </form>
  );
}
