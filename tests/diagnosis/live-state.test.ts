// Guards the live view's reducer (issue 10): elapsed times survive a reload ("sync"), the bytes
// of a trickling greeting show until the line completes, and connect loops keep a running tally.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyLiveMessage, formatElapsed, initialLiveState, loopTally, tallyText, type LiveMessage } from "@/lib/diagnosis/live";

const ev = (event: unknown, t: number): LiveMessage => ({ type: "check", event: event as never, t });

test("sync places the start in this browser's clock; steps carry their start time", () => {
  let s = applyLiveMessage(initialLiveState, { type: "sync", id: "x", elapsedMs: 5_000 }, 100_000);
  assert.equal(s.startedAt, 95_000);
  s = applyLiveMessage(s, ev({ type: "probe-start", kind: "smtp", label: "SMTP dialogue" }, 5_100), 100_100);
  s = applyLiveMessage(s, ev({ type: "probe-event", kind: "smtp", event: { type: "step", phase: "start", name: "banner", probeId: "p", atMs: 1 } }, 5_200), 100_200);
  assert.deepEqual(s.probes[0]!.running, [{ name: "banner", t: 5_200 }]);
});

test("partial bytes show until the server line arrives", () => {
  let s = applyLiveMessage(initialLiveState, { type: "accepted", at: "" }, 0);
  s = applyLiveMessage(s, ev({ type: "probe-start", kind: "smtp", label: "SMTP" }, 0));
  s = applyLiveMessage(s, ev({ type: "probe-event", kind: "smtp", event: { type: "partial", probeId: "p", text: "220 mai", bytes: 7, atMs: 5 } }, 900));
  assert.deepEqual(s.probes[0]!.partial, { text: "220 mai", bytes: 7, t: 900 });
  s = applyLiveMessage(s, ev({ type: "probe-event", kind: "smtp", event: { type: "transcript", probeId: "p", entry: { dir: "server", text: "220 mail ready", atMs: 9 } } }, 1_000));
  assert.equal(s.probes[0]!.partial, null);
  assert.equal(s.probes[0]!.transcript.length, 1);
});

test("a connect loop keeps a running tally", () => {
  let s = applyLiveMessage(initialLiveState, { type: "accepted", at: "" }, 0);
  s = applyLiveMessage(s, ev({ type: "probe-start", kind: "pop3", label: "POP3", planned: 20 }, 0));
  const statuses = ["ok", "ok", "timeout", "ok", "failed"];
  statuses.forEach((status, i) => {
    s = applyLiveMessage(s, ev({ type: "probe-event", kind: "pop3", event: { type: "step", phase: "end", probeId: "p", step: { name: `pop3.connect#${i + 1}`, status, durationMs: 1, startedAtMs: 0 } } }, i));
  });
  const tally = loopTally(s.probes[0]!)!;
  assert.deepEqual(tally, { done: 5, planned: 20, ok: 3, timedOut: 1, failed: 1 });
  assert.equal(tallyText(tally), "5 of 20 attempts, 3 answered, 1 timed out, 1 failed");
});

test("elapsed times read as seconds, then minutes", () => {
  assert.equal(formatElapsed(4_210), "4.2 s");
  assert.equal(formatElapsed(63_000), "1 min 03 s");
});
