"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { LiveProgress } from "./live-progress";
import { NAME_STORAGE_KEY } from "./display-name";
import { useLiveCheck } from "./use-live-check";

/**
 * "Check again": runs the same checks on the same target as a new diagnosis linked to this one
 * (live), then opens it; its page shows what changed. The way to verify a fix.
 */
export function Recheck({ id, host, port }: { id: string; host: string; port: number | null }) {
  const router = useRouter();
  const { state, start, cancel } = useLiveCheck();
  const [name, setName] = useState("");
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reading browser storage once after hydration
    setName(window.localStorage.getItem(NAME_STORAGE_KEY) ?? "");
  }, []);
  useEffect(() => {
    if (state.status === "done" && state.result?.url) router.push(state.result.url);
  }, [state.status, state.result, router]);

  const running = state.status === "running";
  return (
    <section aria-labelledby="recheck-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="recheck-heading" className="text-lg font-semibold">
        Check again
      </h2>
      <p className="text-sm text-slate-700">
        Runs the same steps against {host}
        {port ? `:${port}` : ""} again and saves a new diagnosis linked to this one, showing what changed (for example after a fix).
      </p>
      <div className="flex gap-3">
        <button
          type="button"
          disabled={running}
          onClick={() => void start({ recheckOf: id, ...(name ? { createdBy: name } : {}) })}
          className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2 disabled:bg-slate-500"
        >
          {running ? "Checking again…" : "Check again"}
        </button>
        {running ? (
          <button
            type="button"
            onClick={cancel}
            className="rounded border border-slate-400 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600"
          >
            Cancel
          </button>
        ) : null}
      </div>
      {state.status === "done" && state.result?.url ? (
        <p role="status" className="text-sm">
          Saved; opening the new diagnosis…
        </p>
      ) : null}
      {state.status !== "idle" && state.status !== "done" ? <LiveProgress state={state} /> : null}
    </section>
  );
}
