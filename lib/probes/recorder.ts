/**
 * Collects what a probe saw and did: transcript, steps, findings, errors, and
 * streams each of them to `onEvent` as it happens. A listener that throws is
 * ignored (it must never break a probe).
 */
import { randomUUID } from "./random-id";
import { monotonicMs } from "./clock";
import { MAX_TRANSCRIPT_BYTES, MAX_TRANSCRIPT_ENTRIES, MAX_TRANSCRIPT_LINE_CHARS } from "./constants";
import { FINDINGS, type FindingId, type Severity } from "./findings";
import { safeText } from "./sanitize";
import type {
  Finding,
  ProbeError,
  ProbeEventListener,
  ProbeKind,
  ProbeResult,
  ProbeTarget,
  StepResult,
  StepStatus,
  TranscriptDirection,
  TranscriptEntry,
} from "./types";

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

export interface StepHandle {
  readonly name: string;
  /** ms since the step started. */
  elapsed(): number;
  end(status: StepStatus, detail?: string): StepResult;
  readonly ended: boolean;
}

export class ProbeRecorder {
  readonly id = randomUUID();
  readonly startedAt = new Date();
  private readonly t0 = monotonicMs();
  readonly transcript: TranscriptEntry[] = [];
  readonly steps: StepResult[] = [];
  readonly findings: Finding[] = [];
  readonly errors: ProbeError[] = [];
  private droppedEntries = 0;
  private keptBytes = 0;
  private droppedBytes = 0;
  /** Time spent waiting for a probe slot (not part of the probe's own deadline). */
  queuedMs = 0;
  /** Address the current session talks to; stamped on entries when set. */
  address: string | undefined;

  constructor(
    readonly kind: ProbeKind,
    private readonly onEvent: ProbeEventListener | undefined,
    private readonly maxLineChars: number = MAX_TRANSCRIPT_LINE_CHARS,
    private readonly maxEntries: number = MAX_TRANSCRIPT_ENTRIES,
    private readonly maxBytes: number = MAX_TRANSCRIPT_BYTES,
  ) {}

  /** ms since the probe started (0.1 ms resolution). */
  now(): number {
    return round(monotonicMs() - this.t0);
  }

  private emit(event: Parameters<ProbeEventListener>[0]): void {
    if (!this.onEvent) return;
    try {
      this.onEvent(event);
    } catch {
      // a broken listener must not break the probe
    }
  }

  /** Display-safe text for a line, as the transcript stores it. */
  display(raw: Uint8Array | string): string {
    return safeText(raw, this.maxLineChars);
  }

  /** Adds a transcript entry; `text` must already be display-safe (use display()). Returns the text. */
  addSafe(dir: TranscriptDirection, text: string): string {
    const bytes = Buffer.byteLength(text);
    if (this.droppedBytes > 0 || this.keptBytes + bytes > this.maxBytes) {
      this.droppedBytes += bytes;
      return text;
    }
    if (this.transcript.length >= this.maxEntries) {
      this.droppedEntries++;
      return text;
    }
    this.keptBytes += bytes;
    const entry: TranscriptEntry = { dir, text, atMs: this.now() };
    if (this.address !== undefined) entry.address = this.address;
    this.transcript.push(entry);
    this.emit({ type: "transcript", probeId: this.id, entry });
    return text;
  }

  client(raw: string): string {
    return this.addSafe("client", this.display(raw));
  }

  server(raw: Uint8Array | string): string {
    return this.addSafe("server", this.display(raw));
  }

  info(raw: string): string {
    return this.addSafe("info", this.display(raw));
  }

  /** Streams the unfinished line received so far (not recorded: the complete line will be). */
  partial(raw: Uint8Array, bytes: number): void {
    this.emit({ type: "partial", probeId: this.id, text: this.display(raw), bytes, atMs: this.now() });
  }

  startStep(name: string): StepHandle {
    const startedAtMs = this.now();
    const t = monotonicMs();
    const address = this.address;
    this.emit({ type: "step", probeId: this.id, phase: "start", name, ...(address !== undefined ? { address } : {}), atMs: startedAtMs });
    let result: StepResult | null = null;
    const steps = this.steps;
    const emit = (step: StepResult): void => this.emit({ type: "step", probeId: this.id, phase: "end", step });
    return {
      name,
      elapsed: () => monotonicMs() - t,
      get ended() {
        return result !== null;
      },
      end(status: StepStatus, detail?: string): StepResult {
        if (result) return result; // first end wins
        result = { name, status, durationMs: round(monotonicMs() - t), startedAtMs };
        if (detail !== undefined) result.detail = detail;
        if (address !== undefined) result.address = address;
        steps.push(result);
        emit(result);
        return result;
      },
    };
  }

  /** Records a step that did not run. */
  skip(name: string, detail: string): StepResult {
    return this.startStep(name).end("skipped", detail);
  }

  finding(id: FindingId, evidence: string[], data?: Record<string, unknown>, severity?: Severity): Finding {
    const def = FINDINGS[id];
    const finding: Finding = {
      id,
      severity: severity ?? def.severity,
      title: def.title,
      evidence: evidence.slice(0, 50),
    };
    if (data !== undefined) finding.data = data;
    if (this.address !== undefined) finding.address = this.address;
    this.findings.push(finding);
    this.emit({ type: "finding", probeId: this.id, finding });
    return finding;
  }

  hasFinding(id: FindingId, address: string | undefined = this.address): boolean {
    return this.findings.some((f) => f.id === id && (address === undefined || f.address === address));
  }

  error(code: string, message: string, step?: string): ProbeError {
    const err: ProbeError = { code, message };
    if (step !== undefined) err.step = step;
    if (this.address !== undefined) err.address = this.address;
    this.errors.push(err);
    return err;
  }

  result<D>(target: ProbeTarget, details: D, completed: boolean): ProbeResult<D> {
    if (this.droppedEntries > 0) {
      this.transcript.push({ dir: "info", text: `[${this.droppedEntries} more transcript entries dropped]`, atMs: this.now() });
    }
    if (this.droppedBytes > 0) {
      this.transcript.push({ dir: "info", text: `[${this.droppedBytes} bytes more not kept]`, atMs: this.now() });
    }
    return {
      kind: this.kind,
      id: this.id,
      target,
      startedAt: this.startedAt.toISOString(),
      durationMs: this.now(),
      ...(this.queuedMs > 0 ? { queuedMs: round(this.queuedMs) } : {}),
      steps: this.steps,
      transcript: this.transcript,
      findings: this.findings,
      errors: this.errors,
      completed,
      details,
    };
  }
}
