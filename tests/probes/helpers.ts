/**
 * Shared helpers of the probe tests: a loopback-allowing policy, short
 * deadlines, and invariant checks every result must satisfy.
 */
import assert from "node:assert/strict";
import { createTargetPolicy } from "../../lib/probes/policy";
import { ProbeLimiter } from "../../lib/probes/semaphore";
import type { FindingId } from "../../lib/probes/findings";
import type { ProbeResult } from "../../lib/probes/types";

/** Loopback allowed (as a lab would configure it), any port (peers use ephemeral ports). */
export const labPolicy = createTargetPolicy({ allowCidrs: ["127.0.0.0/8", "::1/128"], ports: "any" });

/** A private limiter so parallel test files never wait on each other. */
export const testLimiter = (): ProbeLimiter => new ProbeLimiter({ maxConcurrent: 64, maxPerTarget: 16 });

/** Short deadlines for tests (smtp-server greets after ~100 ms). */
export const FAST = {
  connectMs: 1_000,
  greetingMs: 1_500,
  commandMs: 1_000,
  tlsMs: 1_500,
  dataMs: 400,
  closeMs: 500,
  attemptMs: 300,
  dnsMs: 500,
  probeMs: 15_000,
};

export function ids(r: ProbeResult<unknown>): string[] {
  return r.findings.map((f) => f.id);
}

export function has(r: ProbeResult<unknown>, id: FindingId): boolean {
  return r.findings.some((f) => f.id === id);
}

export function finding(r: ProbeResult<unknown>, id: FindingId) {
  const f = r.findings.find((x) => x.id === id);
  assert.ok(f, `expected finding ${id}; got ${ids(r).join(", ") || "none"}\n${transcriptText(r)}`);
  return f;
}

export function transcriptText(r: ProbeResult<unknown>): string {
  return r.transcript.map((e) => `${e.atMs} ${e.dir} ${e.text}`).join("\n");
}

/** Invariants of every result: evidence quotes the transcript, steps are timed, text is safe. */
export function checkInvariants(r: ProbeResult<unknown>): void {
  const texts = new Set(r.transcript.map((e) => e.text));
  for (const f of r.findings) {
    assert.ok(f.evidence.length > 0, `finding ${f.id} has no evidence`);
    for (const ev of f.evidence) assert.ok(texts.has(ev), `evidence of ${f.id} is not a transcript line: ${JSON.stringify(ev)}`);
  }
  for (const s of r.steps) {
    assert.ok(Number.isFinite(s.durationMs) && s.durationMs >= 0, `step ${s.name} has no duration`);
    assert.ok(["ok", "failed", "skipped", "timeout"].includes(s.status));
  }
  for (const e of r.transcript) {
    assert.ok(!/[\x00-\x08\x0a-\x1f\x7f]/.test(e.text), `unsafe transcript text ${JSON.stringify(e.text)}`);
    assert.ok(e.text.length <= 1_100, "transcript line not truncated");
  }
  assert.doesNotThrow(() => JSON.stringify(r));
}

/** Ids that must never show up on a healthy server. */
export function problemIds(r: ProbeResult<unknown>): string[] {
  return r.findings.filter((f) => f.severity !== "info").map((f) => f.id);
}
