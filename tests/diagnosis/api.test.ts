// Guards the diagnosis HTTP surface: POST/GET /api/diagnoses (run, save, read back, errors) and
// the NDJSON live stream of POST /api/checks, including cancel and the run deadline.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AuthedRequest as NextRequest, signInAsStaff } from "../helpers/staff";
import { startHostileServer, startMailServer, startMailguardFront, type RunningPeer } from "@/tests/peers";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();
// the JSON API needs a signed-in caller: an admin's API token, as a script would send
await signInAsStaff("admin");
// The routes use the environment's probe policy: let them reach the loopback peers below.
process.env.RELAYDESK_PROBE_ALLOW_CIDRS = "127.0.0.0/8";
process.env.RELAYDESK_PROBE_PORTS = "any";

const { getDb } = await import("@/lib/db/client");
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const kbSeedData = (await import("@/lib/kb/shipped")).shippedKbInput();
const { wizard } = kbSeedData;
const diagnosesRoute = await import("@/app/api/diagnoses/route");
const diagnosisRoute = await import("@/app/api/diagnoses/[id]/route");
const checksRoute = await import("@/app/api/checks/route");
type LiveMessage = import("@/lib/diagnosis/live").LiveMessage;

const peers: RunningPeer[] = [];
let mailguard: RunningPeer;
let silent: RunningPeer;

before(async () => {
  await loadKbSeed(getDb(), { ...kbSeedData, wizard });
  const clean = await startMailServer();
  mailguard = await startMailguardFront({ host: clean.host, port: clean.port });
  silent = await startHostileServer("silent");
  peers.push(mailguard, clean, silent);
});

after(async () => {
  for (const p of peers) await p.close();
  await getDb().$disconnect();
  database.cleanup();
});

const post = (path: string, body: unknown, signal?: AbortSignal) =>
  new NextRequest(`http://relaydesk.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

async function readStream(response: Response): Promise<LiveMessage[]> {
  const text = await response.text();
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LiveMessage);
}

test("POST /api/diagnoses runs the checks and returns id, url, findings, causes and articles; GET returns the record", async () => {
  const res = await diagnosesRoute.POST(
    post("/api/diagnoses", {
      host: "127.0.0.1",
      port: mailguard.port,
      steps: ["banner", "ehlo", "unknown_command", "starttls", "close"],
      category: "duplicate-inbound-messages",
      answers: { "between-servers": "between-cisco-pix" },
      createdBy: "API test",
    }),
  );
  assert.equal(res.status, 201);
  const body = (await res.json()) as { id: string; url: string; findings: Array<{ id: string }>; causes: Array<{ key: string; explanation: string }>; articles: Array<{ title: string }> };
  assert.match(body.id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(body.url, `http://relaydesk.test/d/${body.id}`);
  assert.ok(body.findings.some((f) => f.id === "smtp.banner.masked"));
  assert.equal(body.causes[0]!.key, "cisco-pix-mailguard");
  assert.match(body.causes[0]!.explanation, /^first because: /);
  assert.match(body.articles[0]!.title, /Cisco PIX/);
  // the contract names: outcome, headline, verdicts and the fix beside the cause
  const full = body as unknown as {
    outcome: string;
    headline: string;
    tested: string[];
    cannotRuleOut: string[];
    next: string[];
    ranFrom: { host: string; note: string };
    causes: Array<{ verdict: string; resolutions: Array<{ steps: Array<{ artifacts: Array<{ content: string }> }>; warnings: unknown[] }>; evidence: Array<{ basis: { kind: string } | null }> }>;
  };
  assert.equal(full.outcome, "problem_found");
  assert.match(full.headline, /^Problem found on 127\.0\.0\.1:\d+: Cisco PIX firewall Mailguard/);
  assert.ok(full.tested.length > 0 && full.next.length > 0);
  assert.match(full.ranFrom.note, /^This check ran from the RelayDesk console's server/);
  assert.equal(full.causes[0]!.verdict, "confirmed");
  assert.ok(full.causes[0]!.resolutions.some((r) => r.steps.some((s) => s.artifacts.some((a) => a.content === "no fixup protocol smtp 25"))));
  assert.ok(full.causes[0]!.evidence.every((e) => e.basis && ["documented", "inferred"].includes(e.basis.kind)));
  for (const c of full.causes) assert.ok(["confirmed", "consistent", "no_evidence", "refuted", "not_tested"].includes(c.verdict), c.verdict);

  const got = await diagnosisRoute.GET(new NextRequest(`http://relaydesk.test/api/diagnoses/${body.id}`), { params: Promise.resolve({ id: body.id }) });
  assert.equal(got.status, 200);
  const record = (await got.json()) as { id: string; createdBy: string; results: unknown[]; outcome: string; headline: string; causes: Array<{ resolutions: unknown[] }> };
  assert.equal(record.id, body.id);
  assert.equal(record.outcome, "problem_found");
  assert.equal(record.headline, full.headline);
  assert.deepEqual(record.causes[0]!.resolutions, full.causes[0]!.resolutions);
  // who ran it is the token's owner, not the free-text "createdBy" of the request (issue 11)
  assert.equal(record.createdBy, "Test admin");
  assert.equal(record.results.length, 1);

  const download = await diagnosisRoute.GET(new NextRequest(`http://relaydesk.test/api/diagnoses/${body.id}?download=1`), { params: Promise.resolve({ id: body.id }) });
  assert.match(download.headers.get("content-disposition") ?? "", /attachment; filename="relaydesk-diagnosis-/);

  const list = await diagnosesRoute.GET(new NextRequest("http://relaydesk.test/api/diagnoses?host=127.0.0.1"));
  const listed = (await list.json()) as { diagnoses: Array<{ id: string }> };
  assert.ok(listed.diagnoses.some((d) => d.id === body.id));
});

test("bad requests get a 400 with a clear message, unknown ids a 404", async () => {
  const cases: Array<[unknown, RegExp]> = [
    ["{not json", /JSON/],
    [{ host: "bad host" }, /host/],
    [{ host: "127.0.0.1", port: 70000 }, /port/],
    [{ host: "127.0.0.1", steps: ["format-disk"] }, /steps/],
    [{ host: "127.0.0.1", category: "no-such-category" }, /unknown category/],
  ];
  for (const [body, message] of cases) {
    const res = await diagnosesRoute.POST(post("/api/diagnoses", body));
    assert.equal(res.status, 400, JSON.stringify(body));
    const json = (await res.json()) as { error: { message: string } };
    assert.match(json.error.message, message);
  }
  for (const id of ["AAAAAAAAAAAAAAAAAAAAAA", "../etc/passwd", "x"]) {
    const res = await diagnosisRoute.GET(new NextRequest(`http://relaydesk.test/api/diagnoses/x`), { params: Promise.resolve({ id }) });
    assert.equal(res.status, 404);
  }
});

test("POST /api/checks streams transcript lines and step results as they happen, then the saved diagnosis", async () => {
  const res = await checksRoute.POST(post("/api/checks", { host: "127.0.0.1", port: mailguard.port, steps: ["banner", "ehlo", "unknown_command"] }));
  assert.equal(res.headers.get("content-type"), "application/x-ndjson; charset=utf-8");
  const messages = await readStream(res);
  assert.equal(messages[0]!.type, "accepted");
  const last = messages.at(-1)!;
  assert.equal(last.type, "done");
  if (last.type !== "done") return;
  assert.equal(last.saved, true);
  assert.equal(last.url, `/d/${last.record.id}`);
  const events = messages.flatMap((m) => (m.type === "check" && m.event.type === "probe-event" ? [m.event.event] : []));
  const firstServerLine = events.find((e) => e.type === "transcript" && e.entry.dir === "server");
  assert.ok(firstServerLine && firstServerLine.type === "transcript" && /^220 \*/.test(firstServerLine.entry.text));
  assert.ok(events.some((e) => e.type === "step" && e.phase === "end" && e.step.name === "ehlo"));
  assert.ok(events.some((e) => e.type === "finding" && e.finding.id === "smtp.unknown_command.accepted"));
  // a recheck through the same stream links the new diagnosis to the first
  const again = await readStream(await checksRoute.POST(post("/api/checks", { recheckOf: last.record.id })));
  const done = again.at(-1)!;
  assert.ok(done.type === "done" && done.record.previousId === last.record.id);
});

test("cancelling the request stops the probes at once; the partial run is not saved", async () => {
  const controller = new AbortController();
  const started = Date.now();
  const res = await checksRoute.POST(post("/api/checks", { host: "127.0.0.1", port: silent.port, steps: ["banner"] }, controller.signal));
  setTimeout(() => controller.abort(), 300);
  const messages = await readStream(res);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
  const done = messages.at(-1)!;
  assert.ok(done.type === "done" && done.saved === false && done.record.ended === "cancelled", JSON.stringify(done).slice(0, 300));
});

test("a run that reaches its deadline ends with what it has and is saved as such", async () => {
  const started = Date.now();
  const messages = await readStream(await checksRoute.POST(post("/api/checks", { host: "127.0.0.1", port: silent.port, steps: ["banner"], deadlineMs: 1_000 })));
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 4_000, `took ${elapsed} ms`);
  const done = messages.at(-1)!;
  assert.ok(done.type === "done");
  if (done.type !== "done") return;
  assert.equal(done.record.ended, "deadline");
  assert.equal(done.saved, true);
  assert.ok(done.record.results[0]!.transcript.some((e) => e.dir === "info"));
});
