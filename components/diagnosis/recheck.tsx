"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { LiveProgress } from "./live-progress";
import { NAME_STORAGE_KEY } from "./display-name";
import { RunControls } from "./run-controls";
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
      <RunControls
        running={running}
        label="Check again"
        runningLabel="Checking again…"
        onRun={() => void start({ recheckOf: id, ...(name ? { createdBy: name } : {}) })}
        onCancel={cancel}
      />
      {state.status === "done" && state.result?.url ? (
        <p role="status" className="text-sm">
          Saved; opening the new diagnosis…
        </p>
      ) : null}
      {state.status !== "idle" && state.status !== "done" ? <LiveProgress state={state} /> : null}
    </section>
  );
}
