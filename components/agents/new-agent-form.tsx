"use client";

import { useActionState } from "react";
import { createAgentAction, type NewAgentState } from "@/app/admin/agents/actions";
import { CopyButton } from "@/components/copy-button";

const INPUT = "mt-1 block min-h-11 rounded border border-slate-400 px-3 text-base focus:outline-none focus:ring-2 focus:ring-sky-600";

/** Creates a probe agent; shows its token once, with the command that starts it. */
export function NewAgentForm({ serverUrl }: { serverUrl: string }) {
  const [state, action, pending] = useActionState<NewAgentState, FormData>(createAgentAction, { token: null, name: null, error: null });
  return (
    <div className="space-y-3">
      <form action={action} className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 sm:flex-none">
          <label htmlFor="agent-name" className="block text-sm font-medium">
            Name (where it runs, e.g. outside-eu)
          </label>
          <input id="agent-name" name="name" required maxLength={63} autoComplete="off" autoCapitalize="none" spellCheck={false} aria-describedby="agent-name-rule" className={`${INPUT} w-full font-mono sm:w-64`} />
          <p id="agent-name-rule" className="mt-1 text-xs text-slate-700">
            Letters, digits, “.”, “_” or “-”.
          </p>
        </div>
        <button type="submit" disabled={pending} className="mb-5 min-h-11 rounded bg-sky-800 px-4 text-sm font-semibold text-white hover:bg-sky-900 disabled:opacity-60">
          {pending ? "Creating…" : "Create agent"}
        </button>
      </form>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="text-sm font-medium text-red-800">
            {state.error}
          </p>
        ) : null}
        {state.token ? (
          <div className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-agent">
            <p className="font-medium">Agent “{state.name}”: copy its token now, it is not shown again.</p>
            <div className="flex flex-wrap items-center gap-2">
              <code className="break-all font-mono text-xs" data-testid="new-agent-token">
                {state.token}
              </code>
              <CopyButton text={state.token} label="Copy token" />
            </div>
            <p className="text-xs text-slate-700">Start it on the machine it should check from:</p>
            <code className="block break-all rounded bg-white p-2 font-mono text-xs">
              npx relaydesk agent --server {serverUrl} --token {state.token} --name {state.name}
            </code>
          </div>
        ) : null}
      </div>
    </div>
  );
}
