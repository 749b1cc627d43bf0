"use client";

import { useEffect, useRef, useState } from "react";
import { formatElapsed, loopTally, tallyText, type LiveProbe, type LiveState, type LiveVantage } from "@/lib/diagnosis/live";
import { StepTable, Transcript } from "./transcript";

const LABEL: Record<string, string> = { smtp: "SMTP dialogue", pop3: "POP3 connects", tcp: "TCP connects", dns: "DNS" };

/** Re-renders every `ms` while `on` (elapsed times advance between events). */
function useNow(on: boolean, ms = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [on, ms]);
  return now;
}

function stepWords(name: string): string {
  return name.replace(/[._]/g, " ").replace(/#(\d+)$/, " attempt $1");
}

function CurrentStep({ probe, startedAt, now }: { probe: LiveProbe; startedAt: number; now: number }) {
  const current = probe.running[probe.running.length - 1];
  const tally = loopTally(probe);
  if (!current && !probe.partial && !tally) return null;
  return (
    <div className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm" data-testid="current-step">
      {current ? (
        <p>
          Now: <span className="font-medium">{stepWords(current.name)}</span>, for{" "}
          <span className="tabular-nums" data-testid="step-elapsed">
            {formatElapsed(now - (startedAt + current.t))}
          </span>
        </p>
      ) : null}
      {probe.partial ? (
        <p className="mt-1">
          Received so far: <span className="tabular-nums" data-testid="partial-bytes">{probe.partial.bytes} bytes</span>{" "}
          <code className="break-all rounded bg-white px-1" data-testid="partial-text">
            {probe.partial.text}
          </code>
        </p>
      ) : null}
      {tally ? (
        <p className="mt-1" data-testid="loop-tally">
          {tallyText(tally)}
        </p>
      ) : null}
    </div>
  );
}

function ProbeLive({ p, now, startedAt, isActive, current }: { p: LiveProbe; now: number; startedAt: number; isActive: boolean; current: React.RefObject<HTMLDivElement | null> }) {
  return (
    <section aria-label={`${LABEL[p.kind] ?? p.label} (live)`} className="space-y-2">
      <h3 className="font-medium">
        {p.label}{" "}
        <span className="text-sm font-normal text-slate-700">
          {p.done ? (p.completed ? `(done in ${formatElapsed(p.durationMs ?? 0)})` : "(ended early)") : `(running, ${formatElapsed(now - (startedAt + p.t))})`}
        </span>
      </h3>
      {!p.done ? (
        <div ref={isActive ? current : undefined}>
          <CurrentStep probe={p} startedAt={startedAt} now={now} />
        </div>
      ) : null}
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
  );
}

/** "running", "done", or why the vantage point could not test. */
function vantageStatus(v: LiveVantage, probes: readonly LiveProbe[]): string {
  if (!v.done) return probes.length > 0 ? "running" : "waiting for its first event";
  return v.reason ? `could not test: ${v.reason}` : "done";
}

/**
 * What a running check has done so far: overall elapsed time, the current step with its own
 * elapsed time, the bytes of a greeting still trickling in, the running tally of a connect
 * loop, and per probe the transcript and the step results as they happen.
 */
export function LiveProgress({ state }: { state: LiveState }) {
  const running = state.status === "running";
  const now = useNow(running);
  const startedAt = state.startedAt ?? now;
  const current = useRef<HTMLDivElement>(null);
  const active = state.probes.findLast((p) => !p.done);

  // keep the current step in view as the check moves on (not on every tick)
  const marker = `${state.probes.length}:${active?.running.map((r) => r.name).join(",") ?? ""}`;
  useEffect(() => {
    if (!running) return;
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    current.current?.scrollIntoView({ block: "nearest", behavior: reduced ? "auto" : "smooth" });
  }, [marker, running]);

  return (
    <div className="space-y-4" data-testid="live-progress">
      <p role="status" className="text-sm text-slate-800">
        {running ? (
          <>
            Running for{" "}
            <span className="font-medium tabular-nums" data-testid="overall-elapsed">
              {formatElapsed(now - startedAt)}
            </span>
            {active ? ` · ${LABEL[active.kind] ?? active.label}` : ""}
          </>
        ) : null}
        {state.status === "error" ? `The check failed: ${state.error ?? "unknown error"}` : null}
      </p>
      {state.vantages.length === 0
        ? state.probes.map((p, i) => <ProbeLive key={`${p.kind}-${i}`} p={p} now={now} startedAt={startedAt} isActive={p === active} current={current} />)
        : state.vantages.map((v) => {
            const probes = state.probes.filter((p) => p.vantage === v.name);
            return (
              <section key={v.name} aria-label={`From ${v.name === "console" ? "the console" : v.name}`} data-testid={`vantage-live-${v.name}`} className="space-y-3 rounded-md border border-slate-300 p-3">
                <h3 className="font-semibold">
                  From {v.name === "console" ? "the console" : v.name}{" "}
                  <span className={`text-sm font-normal ${v.done && v.reason ? "text-red-800" : "text-slate-700"}`} data-testid="vantage-status">
                    ({vantageStatus(v, probes)})
                  </span>
                </h3>
                {probes.map((p, i) => (
                  <ProbeLive key={`${p.kind}-${i}`} p={p} now={now} startedAt={startedAt} isActive={p === active} current={current} />
                ))}
              </section>
            );
          })}
    </div>
  );
}
