/**
 * The live-check stream: its message types, an NDJSON reader for the browser and the pure
 * reducer that turns messages into what the live view shows. Two producers: POST /api/checks
 * (runs the check inside the request) and GET /api/checks/ID/events (follows a check that runs
 * in the background as a saved diagnosis, replaying what it saw so far). Client-safe.
 */
import type { Finding, ProbeEvent, ProbeKind, StepResult, TranscriptEntry } from "@/lib/probes/types";
import type { DiagnosisRecord } from "./record";

/**
 * What the live view receives: probe events tagged with the probe kind, plus probe start and end,
 * each tagged with the vantage point it came from ("console" or an agent's name; absent: the
 * console), and the start and end of each vantage point's part.
 */
export type CheckEvent =
  | {
      type: "probe-start";
      kind: ProbeKind;
      label: string;
      /** Attempts planned, for the connect loops (the running tally's denominator). */
      planned?: number;
      vantage?: string;
    }
  | { type: "probe-end"; kind: ProbeKind; completed: boolean; durationMs: number; vantage?: string }
  | { type: "probe-event"; kind: ProbeKind; event: ProbeEvent; vantage?: string }
  | { type: "vantage-start"; vantage: string; vantageKind: "console" | "agent" }
  /** A vantage point's part ended; `reason` says why it could not (fully) test. */
  | { type: "vantage-end"; vantage: string; ended: "completed" | "deadline" | "cancelled" | "error"; reason: string | null };

/** The vantage point of an event ("console" when untagged). */
export function vantageOf(event: CheckEvent): string {
  return event.vantage ?? "console";
}

/** One vantage point's part as the live view shows it. */
export interface LiveVantage {
  name: string;
  kind: "console" | "agent";
  done: boolean;
  reason: string | null;
}

/** How a background check ended (the diagnosis status, see lib/diagnosis/store.ts). */
export type FinishedStatus = "done" | "cancelled" | "timed_out" | "interrupted" | "failed";

/** One NDJSON line of the stream. `t` is ms since the check started, by the server's clock. */
export type LiveMessage =
  | { type: "accepted"; at: string }
  /** First line of a followed check: how long it has been running, so elapsed times survive a reload. */
  | { type: "sync"; id: string; elapsedMs: number }
  | { type: "check"; event: CheckEvent; t?: number }
  | { type: "done"; saved: boolean; url: string | null; record: DiagnosisRecord }
  /** A followed check has ended (its page now shows the saved result). */
  | { type: "finished"; status: FinishedStatus }
  | { type: "error"; message: string };

export interface LiveStep {
  name: string;
  /** ms since the check started (server clock) when the step began. */
  t: number;
}

export interface LiveProbe {
  kind: ProbeKind;
  /** The vantage point it runs from ("console" or an agent's name). */
  vantage: string;
  label: string;
  /** ms since the check started when the probe began. */
  t: number;
  planned: number | null;
  transcript: TranscriptEntry[];
  steps: StepResult[];
  /** Steps started and not yet ended. */
  running: LiveStep[];
  /** The line still arriving (a trickled greeting), cleared when a line completes. */
  partial: { text: string; bytes: number; t: number } | null;
  findings: Finding[];
  done: boolean;
  completed: boolean;
  durationMs: number | null;
}

export interface LiveState {
  status: "idle" | "running" | "done" | "cancelled" | "error" | "finished";
  /** Date.now() of the check's start, in this browser's clock (from "sync" or "accepted"). */
  startedAt: number | null;
  /** Last server time seen (ms since the start). */
  t: number;
  probes: LiveProbe[];
  /** The vantage points taking part (empty for a console-only stream that never said so). */
  vantages: LiveVantage[];
  error: string | null;
  result: { saved: boolean; url: string | null; record: DiagnosisRecord } | null;
  finished: FinishedStatus | null;
}

export const initialLiveState: LiveState = { status: "idle", startedAt: null, t: 0, probes: [], vantages: [], error: null, result: null, finished: null };

/** Most transcript entries kept in the live view per probe (the saved record keeps them all). */
const MAX_LIVE_ENTRIES = 2_000;

function updateLast(state: LiveState, kind: ProbeKind, vantage: string, update: (p: LiveProbe) => LiveProbe): LiveState {
  const index = state.probes.map((p) => `${p.vantage}\u0000${p.kind}`).lastIndexOf(`${vantage}\u0000${kind}`);
  if (index === -1) return state;
  const probes = [...state.probes];
  probes[index] = update(probes[index]!);
  return { ...state, probes };
}

/** The reducer; `now` is Date.now() when the message arrived (for the start time). */
export function applyLiveMessage(state: LiveState, message: LiveMessage, now: number = Date.now()): LiveState {
  switch (message.type) {
    case "accepted":
      return { ...initialLiveState, status: "running", startedAt: now };
    case "sync":
      return { ...initialLiveState, status: "running", startedAt: now - message.elapsedMs, t: message.elapsedMs };
    case "error":
      return { ...state, status: "error", error: message.message };
    case "done":
      return { ...state, status: "done", result: { saved: message.saved, url: message.url, record: message.record } };
    case "finished":
      return { ...state, status: "finished", finished: message.status, probes: state.probes.map((p) => ({ ...p, running: [], partial: null })) };
    case "check": {
      const t = message.t ?? (state.startedAt !== null ? now - state.startedAt : state.t);
      const next = { ...state, t: Math.max(state.t, t) };
      const e = message.event;
      if (e.type === "vantage-start") {
        if (next.vantages.some((v) => v.name === e.vantage)) return next;
        return { ...next, vantages: [...next.vantages, { name: e.vantage, kind: e.vantageKind, done: false, reason: null }] };
      }
      if (e.type === "vantage-end") {
        return { ...next, vantages: next.vantages.map((v) => (v.name === e.vantage ? { ...v, done: true, reason: e.reason } : v)) };
      }
      const vantage = vantageOf(e);
      if (e.type === "probe-start") {
        const probe: LiveProbe = {
          kind: e.kind,
          vantage,
          label: e.label,
          t,
          planned: e.planned ?? null,
          transcript: [],
          steps: [],
          running: [],
          partial: null,
          findings: [],
          done: false,
          completed: false,
          durationMs: null,
        };
        return { ...next, probes: [...state.probes, probe] };
      }
      if (e.type === "probe-end") {
        return updateLast(next, e.kind, vantage, (p) => ({ ...p, done: true, completed: e.completed, durationMs: e.durationMs, running: [], partial: null }));
      }
      const pe = e.event;
      return updateLast(next, e.kind, vantage, (p) => {
        switch (pe.type) {
          case "transcript":
            return {
              ...p,
              partial: pe.entry.dir === "server" ? null : p.partial,
              transcript: p.transcript.length >= MAX_LIVE_ENTRIES ? p.transcript : [...p.transcript, pe.entry],
            };
          case "partial":
            return { ...p, partial: { text: pe.text, bytes: pe.bytes, t } };
          case "finding":
            return { ...p, findings: [...p.findings, pe.finding] };
          case "step": {
            if (pe.phase === "start") return { ...p, running: [...p.running, { name: pe.name, t }] };
            const index = p.running.findIndex((r) => r.name === pe.step.name);
            return {
              ...p,
              steps: [...p.steps, pe.step],
              running: index === -1 ? p.running : [...p.running.slice(0, index), ...p.running.slice(index + 1)],
            };
          }
          default:
            return p;
        }
      });
    }
    default:
      return state;
  }
}

/** Running tally of a connect loop: attempts ended so far by how they ended. */
export interface LoopTally {
  done: number;
  planned: number | null;
  ok: number;
  timedOut: number;
  failed: number;
}

/** Loop attempts are the steps named "…#n" (lib/probes/repeat.ts). */
export function loopTally(probe: LiveProbe): LoopTally | null {
  const attempts = probe.steps.filter((s) => /#\d+$/.test(s.name));
  if (probe.planned === null && attempts.length === 0) return null;
  const ok = attempts.filter((s) => s.status === "ok").length;
  const timedOut = attempts.filter((s) => s.status === "timeout").length;
  return { done: attempts.length, planned: probe.planned, ok, timedOut, failed: attempts.length - ok - timedOut };
}

/** "13 of 20, 4 timed out" */
export function tallyText(tally: LoopTally): string {
  const parts = [`${tally.done}${tally.planned ? ` of ${tally.planned}` : ""} attempts`];
  if (tally.ok) parts.push(`${tally.ok} answered`);
  if (tally.timedOut) parts.push(`${tally.timedOut} timed out`);
  if (tally.failed) parts.push(`${tally.failed} failed`);
  return parts.join(", ");
}

/** "4.2 s", "1 min 03 s" */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.floor(s % 60)).padStart(2, "0")} s`;
}

/** Longest NDJSON line accepted (a done message carries the whole record). */
const MAX_LINE = 16 * 1024 * 1024;

/** Reads an NDJSON body line by line; lines that are not JSON objects are skipped. */
export async function* readNdjson(body: ReadableStream<Uint8Array>): AsyncGenerator<LiveMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      if (buffer.length > MAX_LINE) throw new Error("stream line too long");
      let newline = buffer.indexOf("\n");
      while (newline !== -1) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) {
          try {
            const parsed: unknown = JSON.parse(line);
            if (parsed && typeof parsed === "object" && "type" in parsed) yield parsed as LiveMessage;
          } catch {
            // not JSON: skip
          }
        }
        newline = buffer.indexOf("\n");
      }
    }
  } finally {
    reader.releaseLock();
  }
}
