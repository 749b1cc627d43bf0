// Guards the live check as a saved diagnosis (issue 10): the record exists as "running" from the
// first second, a follower joining mid-run gets a replay, cancelled and timed-out runs are saved
// with what they saw and marked so, a policy refusal saves nothing, and checks left running by
// a process that ended are marked interrupted on start. Real SQLite and real loopback peers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startHostileServer, startMailServer, type RunningPeer } from "@/tests/peers";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();

const { getDb } = await import("@/lib/db/client");
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const kbSeedData = (await import("@/lib/kb/shipped")).shippedKbInput();
const { wizard } = kbSeedData;
const { createTargetPolicy } = await import("@/lib/probes/policy");
const { startDiagnosis, CheckRefusedError } = await import("@/lib/diagnosis/service");
const { getDiagnosis, getDiagnosisHeader, markInterruptedDiagnoses, createRunningDiagnosis, listDiagnoses } = await import("@/lib/diagnosis/store");
const { followRun, cancelRun, isRunning } = await import("@/lib/diagnosis/live-runs");
const { checkRequestSchema } = await import("@/lib/diagnosis/validation");
type LiveMessage = import("@/lib/diagnosis/live").LiveMessage;

const runtime = { policy: createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" }) };
const peers: RunningPeer[] = [];
let clean: RunningPeer;
let trickle: RunningPeer;

before(async () => {
  await loadKbSeed(getDb(), { ...kbSeedData, wizard });
  clean = await startMailServer();
  trickle = await startHostileServer("trickle", { delayMs: 150 });
  peers.push(clean, trickle);
});

after(async () => {
  for (const p of peers) await p.close();
  await getDb().$disconnect();
  database.cleanup();
});

const request = (port: number, extra: Record<string, unknown> = {}) =>
  checkRequestSchema.parse({ host: "127.0.0.1", port, steps: ["banner", "ehlo"], createdBy: "Background Test", ...extra });

/** Collects a run's messages until "finished". */
function follow(id: string): { messages: LiveMessage[]; finished: Promise<LiveMessage[]> } {
  const messages: LiveMessage[] = [];
  let done: (m: LiveMessage[]) => void = () => undefined;
  const finished = new Promise<LiveMessage[]>((resolve) => (done = resolve));
  const unsubscribe = followRun(id, (m) => {
    messages.push(m);
    if (m.type === "finished") {
      unsubscribe?.();
      done(messages);
    }
  });
  assert.ok(unsubscribe, "the run is followable right after it started");
  return { messages, finished };
}

test("a check is saved as running at once, then filled in with its result", async () => {
  const { id } = await startDiagnosis(request(clean.port), { runtime });
  const header = await getDiagnosisHeader(id);
  assert.equal(header?.status, "running");
  assert.equal(header?.createdBy, "Background Test");
  const { finished } = follow(id);
  const messages = await finished;
  assert.equal(messages[0]?.type, "sync");
  assert.deepEqual(messages.at(-1), { type: "finished", status: "done" });
  assert.ok(messages.some((m) => m.type === "check" && m.event.type === "probe-start"));
  const record = await getDiagnosis(id);
  assert.equal((await getDiagnosisHeader(id))?.status, "done");
  assert.ok(record?.findings.some((f) => f.id === "smtp.ehlo.accepted"));
});

test("a follower joining mid-run gets the replay, the trickling greeting's bytes, and cancel saves what was seen", async () => {
  const { id } = await startDiagnosis(request(trickle.port), { runtime });
  await new Promise((r) => setTimeout(r, 1_200));
  const late = follow(id);
  assert.equal(late.messages[0]?.type, "sync");
  assert.ok(late.messages[0]?.type === "sync" && late.messages[0].elapsedMs >= 1_000);
  // the replay holds the probe start and the latest partial greeting
  assert.ok(late.messages.some((m) => m.type === "check" && m.event.type === "probe-start"));
  const partials = () =>
    late.messages.flatMap((m) => (m.type === "check" && m.event.type === "probe-event" && m.event.event.type === "partial" ? [m.event.event.bytes] : []));
  const before = partials().at(-1) ?? 0;
  assert.ok(before >= 3, `bytes received so far: ${before}`);
  await new Promise((r) => setTimeout(r, 600));
  assert.ok((partials().at(-1) ?? 0) > before, "new bytes arrive while the greeting trickles");
  assert.ok(isRunning(id));
  assert.equal(cancelRun(id), true);
  const messages = await late.finished;
  assert.deepEqual(messages.at(-1), { type: "finished", status: "cancelled" });
  const header = await getDiagnosisHeader(id);
  assert.equal(header?.status, "cancelled");
  const record = await getDiagnosis(id);
  assert.equal(record?.ended, "cancelled");
  assert.ok((record?.results.length ?? 0) > 0, "what the check saw is saved");
});

test("a run that reaches its deadline is saved as timed out", async () => {
  const { id } = await startDiagnosis(request(trickle.port, { deadlineMs: 1_000 }), { runtime });
  await follow(id).finished;
  assert.equal((await getDiagnosisHeader(id))?.status, "timed_out");
  assert.equal((await getDiagnosis(id))?.ended, "deadline");
});

// Regression: /diagnoses showed "none" as the top cause of a host that could not be reached.
test("a host that refuses the connection is listed as 'could not test', not with no cause", async () => {
  const net = await import("node:net");
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as import("node:net").AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const { id } = await startDiagnosis(request(port), { runtime });
  await follow(id).finished;
  const row = (await listDiagnoses({ port })).find((d) => d.id === id);
  assert.equal(row?.untestable, "the host could not be reached");
});

test("a target the policy refuses is an error for the host field, and nothing is saved", async () => {
  const count = await getDb().diagnosis.count();
  for (const host of ["169.254.169.254", "0.0.0.0"]) {
    await assert.rejects(startDiagnosis(request(25, { host }), { runtime }), (error: unknown) => {
      assert.ok(error instanceof CheckRefusedError);
      assert.equal(error.field, "host");
      assert.doesNotMatch(error.message, /RELAYDESK_|CIDR|\/\d+/);
      return true;
    });
  }
  assert.equal(await getDb().diagnosis.count(), count);
});

test("checks left running by an ended process are marked interrupted on start", async () => {
  const { id } = await createRunningDiagnosis({
    host: "127.0.0.1",
    port: 25,
    category: null,
    createdBy: "Ghost",
    kbRevision: 1,
    previousId: null,
    start: { kind: "none" },
    answers: [],
    steps: ["banner"],
    mx: false,
    recipient: null,
    deadlineMs: 60_000,
  });
  assert.equal((await getDiagnosisHeader(id))?.status, "running");
  assert.ok((await markInterruptedDiagnoses()) >= 1);
  assert.equal((await getDiagnosisHeader(id))?.status, "interrupted");
  const record = await getDiagnosis(id);
  assert.ok(record, "an interrupted record still reads back");
  // issue 9: interrupted by a restart is "could not test", not lost and not a finished check
  assert.equal(record.conclusion?.outcome, "could_not_test");
  assert.match(record.conclusion?.headline ?? "", /^Could not test 127\.0\.0\.1:25: the check was interrupted by a restart/);
});
