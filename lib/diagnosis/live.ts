/**
 * The live-check stream (POST /api/checks): its message types, an NDJSON reader for the browser
 * and the pure reducer that turns messages into what the live view shows. Client-safe.
 */
import type { Finding, ProbeEvent, ProbeKind, StepResult, TranscriptEntry } from "@/lib/probes/types";
import type { DiagnosisRecord } from "./record";

/** What the live view receives: probe events tagged with the probe kind, plus probe start and end. */
export type CheckEvent =
  | { type: "probe-start"; kind: ProbeKind; label: string }
  | { type: "probe-end"; kind: ProbeKind; completed: boolean; durationMs: number }
  | { type: "probe-event"; kind: ProbeKind; event: ProbeEvent };

/** One NDJSON line of the stream. */
export type LiveMessage =
  | { type: "accepted"; at: string }
  | { type: "check"; event: CheckEvent }
  | { type: "done"; saved: boolean; url: string | null; record: DiagnosisRecord }
  | { type: "error"; message: string };

export interface LiveProbe {
  kind: ProbeKind;
  label: string;
  transcript: TranscriptEntry[];
  steps: StepResult[];
  /** Steps started and not yet ended. */
  running: string[];
  findings: Finding[];
  done: boolean;
  completed: boolean;
  durationMs: number | null;
}

export interface LiveState {
  status: "idle" | "running" | "done" | "cancelled" | "error";
  probes: LiveProbe[];
  error: string | null;
  result: { saved: boolean; url: string | null; record: DiagnosisRecord } | null;
}

export const initialLiveState: LiveState = { status: "idle", probes: [], error: null, result: null };

/** Most transcript entries kept in the live view per probe (the saved record keeps them all). */
const MAX_LIVE_ENTRIES = 2_000;

function updateLast(state: LiveState, kind: ProbeKind, update: (p: LiveProbe) => LiveProbe): LiveState {
  const index = state.probes.map((p) => p.kind).lastIndexOf(kind);
  if (index === -1) return state;
  const probes = [...state.probes];
  probes[index] = update(probes[index]!);
  return { ...state, probes };
}

export function applyLiveMessage(state: LiveState, message: LiveMessage): LiveState {
  switch (message.type) {
    case "accepted":
      return { ...initialLiveState, status: "running" };
    case "error":
      return { ...state, status: "error", error: message.message };
    case "done":
      return { ...state, status: "done", result: { saved: message.saved, url: message.url, record: message.record } };
    case "check": {
      const e = message.event;
      if (e.type === "probe-start") {
        const probe: LiveProbe = { kind: e.kind, label: e.label, transcript: [], steps: [], running: [], findings: [], done: false, completed: false, durationMs: null };
        return { ...state, probes: [...state.probes, probe] };
      }
      if (e.type === "probe-end") {
        return updateLast(state, e.kind, (p) => ({ ...p, done: true, completed: e.completed, durationMs: e.durationMs, running: [] }));
      }
      const pe = e.event;
      return updateLast(state, e.kind, (p) => {
        switch (pe.type) {
          case "transcript":
            return p.transcript.length >= MAX_LIVE_ENTRIES ? p : { ...p, transcript: [...p.transcript, pe.entry] };
          case "finding":
            return { ...p, findings: [...p.findings, pe.finding] };
          case "step":
            if (pe.phase === "start") return { ...p, running: [...p.running, pe.name] };
            return {
              ...p,
              steps: [...p.steps, pe.step],
              running: p.running.filter((name, i) => name !== pe.step.name || p.running.indexOf(name) !== i),
            };
          default:
            return p;
        }
      });
    }
    default:
      return state;
  }
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
