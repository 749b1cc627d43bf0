// Guards the agent protocol's pure pieces: the bounded NDJSON splitter, the parser of the
// console's messages (anything unknown or malformed is ignored, never trusted), the reconnect
// backoff, and what the console accepts from an agent about a job.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NdjsonSplitter, parseServerMessage, reconnectDelayMs } from "@/lib/agents/protocol";
import { agentJobPostSchema } from "@/lib/agents/validation";
import { acceptedResults, agentCheckEvent } from "@/lib/agents/remote-part";
import { applyLiveMessage, initialLiveState } from "@/lib/diagnosis/live";
import { fromSchema } from "@/lib/diagnosis/validation";

test("the splitter yields whole lines only, across chunk boundaries, and skips non-JSON", () => {
  const s = new NdjsonSplitter(100);
  assert.deepEqual(s.push('{"type":"pi'), []);
  assert.deepEqual(s.push('ng"}\nnot json\n\n{"type":"hello","agentId":"a","name":"n"}\n{"x"'), [{ type: "ping" }, { type: "hello", agentId: "a", name: "n" }]);
  assert.deepEqual(s.push(":1}\n"), [{ x: 1 }]);
});

test("the splitter refuses a line longer than its bound instead of buffering it", () => {
  const s = new NdjsonSplitter(50);
  assert.throws(() => s.push("x".repeat(51)), /longer than 50/);
  // after the refusal it starts clean
  assert.deepEqual(s.push('{"type":"ping"}\n'), [{ type: "ping" }]);
});

test("server messages: jobs are taken apart field by field; unknown or malformed ones are null", () => {
  const job = parseServerMessage({ type: "job", job: { id: "j1", diagnosisId: "d", plan: { host: "h", port: 25, steps: ["banner", 7], deadlineMs: 5000, extra: "x" } } });
  assert.deepEqual(job, { type: "job", job: { id: "j1", diagnosisId: "d", plan: { host: "h", port: 25, steps: ["banner"], deadlineMs: 5000 } } });
  assert.equal(parseServerMessage({ type: "job", job: { id: "j1", plan: { host: "h", steps: [], deadlineMs: -1 } } }), null);
  assert.equal(parseServerMessage({ type: "job", job: { plan: {} } }), null);
  assert.equal(parseServerMessage({ type: "launch-missiles" }), null);
  assert.equal(parseServerMessage("ping"), null);
  assert.deepEqual(parseServerMessage({ type: "bye", reason: "the agent was revoked" }), { type: "bye", reason: "the agent was revoked", reconnect: false });
  assert.deepEqual(parseServerMessage({ type: "cancel", jobId: "j1" }), { type: "cancel", jobId: "j1", reason: "cancelled" });
});

test("reconnect backoff doubles from 0.5 s to at most 30 s, with jitter of ±20 %", () => {
  assert.equal(reconnectDelayMs(0, () => 0.5), 500);
  assert.equal(reconnectDelayMs(1, () => 0.5), 1000);
  assert.equal(reconnectDelayMs(20, () => 0.5), 30_000);
  assert.equal(reconnectDelayMs(0, () => 0), 400);
  assert.equal(reconnectDelayMs(0, () => 1), 600);
});

test("a job post is bounded: at most 200 events, an end with a known way of ending", () => {
  assert.equal(agentJobPostSchema.safeParse({ events: Array.from({ length: 201 }, () => ({ t: 0, event: {} })) }).success, false);
  assert.equal(agentJobPostSchema.safeParse({ events: [], end: { results: [], ended: "exploded", refused: null, abandoned: null } }).success, false);
  assert.equal(agentJobPostSchema.safeParse({ events: [{ t: 1, event: {} }], end: { results: [], ended: "completed", refused: null, abandoned: null } }).success, true);
});

test("the console keeps only events and results in the shapes it knows", () => {
  assert.equal(agentCheckEvent({ type: "probe-start", kind: "smtp", label: "SMTP" })?.type, "probe-start");
  assert.equal(agentCheckEvent({ type: "probe-start", kind: "ftp", label: "x" }), null);
  assert.equal(agentCheckEvent({ type: "vantage-end", vantage: "console" }), null, "an agent cannot speak for another vantage point");
  assert.equal(agentCheckEvent({ type: "probe-event", kind: "smtp", event: "x" }), null);
  const { results, rejected } = acceptedResults([{ kind: "smtp" }, "junk"]);
  assert.deepEqual([results.length, rejected], [0, 2]);
});

test("from: names of vantage points, without duplicates, at most 16", () => {
  assert.deepEqual(fromSchema.parse(["console", "outside-eu", "console"]), ["console", "outside-eu"]);
  assert.equal(fromSchema.safeParse([]).success, false);
  assert.equal(fromSchema.safeParse(["bad name"]).success, false);
  assert.equal(fromSchema.safeParse(Array.from({ length: 17 }, (_, i) => `a${i}`)).success, false);
});

test("the live view keeps each vantage point's probes apart", () => {
  let state = applyLiveMessage(initialLiveState, { type: "accepted", at: "" }, 0);
  for (const vantage of ["inside", "outside"]) {
    state = applyLiveMessage(state, { type: "check", event: { type: "vantage-start", vantage, vantageKind: "agent" }, t: 1 });
    state = applyLiveMessage(state, { type: "check", event: { type: "probe-start", kind: "smtp", label: "SMTP", vantage }, t: 2 });
  }
  state = applyLiveMessage(state, { type: "check", event: { type: "probe-end", kind: "smtp", completed: true, durationMs: 5, vantage: "inside" }, t: 3 });
  state = applyLiveMessage(state, { type: "check", event: { type: "vantage-end", vantage: "outside", ended: "error", reason: "offline" }, t: 4 });
  assert.deepEqual(state.probes.map((p) => [p.vantage, p.done]), [["inside", true], ["outside", false]]);
  assert.deepEqual(state.vantages.map((v) => [v.name, v.done, v.reason]), [["inside", false, null], ["outside", true, "offline"]]);
});
