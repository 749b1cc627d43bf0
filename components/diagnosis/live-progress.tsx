"use client";

import type { LiveState } from "@/lib/diagnosis/live";
import { StepTable, Transcript } from "./transcript";

const LABEL: Record<string, string> = { smtp: "SMTP dialogue", pop3: "POP3 connects", tcp: "TCP connects", dns: "DNS" };

/** What a running check has done so far: a transcript and the step results per probe, as they happen. */
export function LiveProgress({ state }: { state: LiveState }) {
  const running = state.probes.flatMap((p) => p.running.map((r) => `${LABEL[p.kind] ?? p.kind}: ${r}`));
  return (
    <div className="space-y-4" data-testid="live-progress">
      <p role="status" className="text-sm text-slate-800">
        {state.status === "running" ? (running.length > 0 ? `Running ${running.join(", ")}…` : "Running…") : null}
        {state.status === "cancelled" ? "Cancelled. The results below are what the check had seen." : null}
        {state.status === "error" ? `The check failed: ${state.error ?? "unknown error"}` : null}
        {state.status === "done" ? "Finished." : null}
      </p>
      {state.probes.map((p, i) => (
        <section key={`${p.kind}-${i}`} aria-label={`${LABEL[p.kind] ?? p.label} (live)`} className="space-y-2">
          <h3 className="font-medium">
            {p.label}{" "}
            <span className="text-sm font-normal text-slate-700">{p.done ? (p.completed ? "(done)" : "(ended early)") : "(running)"}</span>
          </h3>
          <Transcript lines={p.transcript} label={`${p.label} live transcript`} />
          <StepTable steps={p.steps} caption={`${p.label} steps so far`} />
          {p.findings.length > 0 ? (
            <ul className="flex flex-wrap gap-2" aria-label={`${p.label} findings so far`}>
              {p.findings.map((f, j) => (
                <li key={`${f.id}-${j}`} className="rounded-full border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-800">
                  {f.title}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ))}
    </div>
  );
}
