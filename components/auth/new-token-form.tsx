"use client";

import { useActionState } from "react";
import { createTokenAction, type NewTokenState } from "@/app/tokens/actions";
import { CopyButton } from "@/components/copy-button";
import type { Role } from "@/lib/auth/roles";

const INPUT = "mt-1 block min-h-11 rounded border border-slate-400 px-3 text-base focus:outline-none focus:ring-2 focus:ring-sky-600";

export function NewTokenForm({ roles }: { roles: readonly Role[] }) {
  const [state, action, pending] = useActionState<NewTokenState, FormData>(createTokenAction, { token: null, name: null, error: null });
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 sm:flex-none">
          <label htmlFor="token-name" className="block text-sm font-medium">
            Name (what it is for)
          </label>
          <input id="token-name" name="name" required maxLength={100} className={`${INPUT} w-full sm:w-64`} />
        </div>
        <div>
          <label htmlFor="token-role" className="block text-sm font-medium">
            Role
          </label>
          <select id="token-role" name="role" defaultValue={roles[0]} className={`${INPUT} bg-white`}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={pending} className="min-h-11 rounded bg-sky-800 px-4 text-sm font-semibold text-white hover:bg-sky-900 disabled:opacity-60">
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="text-sm font-medium text-red-800">
            {state.error}
          </p>
        ) : null}
        {state.token ? (
          <div className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-token">
            <p className="font-medium">Token “{state.name}”: copy it now, it is not shown again.</p>
            <div className="flex flex-wrap items-center gap-2">
              <code className="break-all font-mono text-xs" data-testid="new-token-value">
                {state.token}
              </code>
              <CopyButton text={state.token} label="Copy token" />
            </div>
            <p className="text-xs text-slate-700">Use it as the header Authorization: Bearer TOKEN on the JSON API.</p>
          </div>
        ) : null}
      </div>
    </div>
  );
}
