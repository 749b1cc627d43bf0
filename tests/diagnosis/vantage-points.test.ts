// Issue 14 (part B), with real parts: the probe engine runs twice against real loopback peers —
// once on a path straight to a clean mail server ("inside"), once through a firewall emulator in
// front of it ("outside") — and the two vantage points go through buildDiagnosis with the shipped
// knowledge model. The comparison finding leads to the documented cause and article; a clear
// path does not cancel the device seen on the other; a check from one place is as before.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startIsaTlsResetProxy, startMailServer, startMailguardFront, type RunningPeer } from "@/tests/peers";
import { buildDiagnosis, type BuildInput } from "@/lib/diagnosis/build";
import { consoleVantage } from "@/lib/diagnosis/outcome";
import type { VantagePoint } from "@/lib/diagnosis/record";
import { runCheck } from "@/lib/diagnosis/run-check";
import { DEFAULT_STEPS } from "@/lib/diagnosis/steps";
import { diagnosisTicket } from "@/lib/diagnosis/ticket";
import { diffDiagnoses } from "@/lib/diagnosis/diff";
import { createTargetPolicy } from "@/lib/probes/policy";
import { modelFromSeed } from "./seed-model";

const model = modelFromSeed();
const runtime = { policy: createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" }) };
const peers: RunningPeer[] = [];
let server: RunningPeer;
let mailguard: RunningPeer;
let isa: RunningPeer;

before(async () => {
  server = await startMailServer();
  mailguard = await startMailguardFront({ host: server.host, port: server.port }, { bannerStyle: "masked-5.1" });
  isa = await startIsaTlsResetProxy({ host: server.host, port: server.port });
  peers.push(isa, mailguard, server);
});
after(async () => {
  for (const p of peers) await p.close();
});

const steps = [...DEFAULT_STEPS];

function buildInput(results: BuildInput["results"], ended: BuildInput["ended"], vantagePoints?: VantagePoint[]): BuildInput {
  return {
    model,
    host: "mail.example.test",
    port: 25,
    start: { kind: "none" },
    answers: [],
    steps,
    mx: false,
    recipient: null,
    results,
    ended,
    deadlineMs: 30_000,
    createdBy: "test",
    previousId: null,
    ranFrom: consoleVantage("relaydesk-test"),
    ...(vantagePoints ? { vantagePoints } : {}),
  };
}

/** One vantage point: the real probe engine against a loopback peer, its own outcome from its results alone. */
async function pointAt(name: string, kind: VantagePoint["kind"], address: string, target: RunningPeer): Promise<VantagePoint> {
  const run = await runCheck({ host: target.host, port: target.port, steps, deadlineMs: 30_000 }, { runtime });
  const own = buildDiagnosis(buildInput(run.results, run.ended));
  return { name, kind, address, outcome: own.conclusion!.outcome, reason: null, ended: run.ended, results: run.results, findings: own.findings };
}

function why(d: ReturnType<typeof buildDiagnosis>): string {
  return `findings: ${d.findings.map((f) => `${f.vantage ?? "-"}:${f.id}`).join(", ")}\nverdicts: ${d.causes.map((c) => `${c.key}=${c.verdict}`).join(", ")}\nheadline: ${d.conclusion?.headline}`;
}

test("split horizon: clear banner inside, the Mailguard emulator outside → the PIX cause and article first, on the comparison finding", async () => {
  const inside = await pointAt("inside", "agent", "127.0.0.2", server);
  const outside = await pointAt("outside-eu", "agent", "127.0.0.3", mailguard);
  assert.equal(inside.outcome, "no_documented_problem");
  assert.equal(outside.outcome, "problem_found");
  const d = buildDiagnosis(buildInput(inside.results, "completed", [inside, outside]));
  const w = why(d);

  const compare = d.findings.filter((f) => f.id.startsWith("compare."));
  assert.deepEqual(compare.map((f) => f.id).sort(), ["compare.banner.masked-on-one-side", "compare.ehlo.extensions-differ"], w);
  const banner = compare.find((f) => f.id === "compare.banner.masked-on-one-side")!;
  assert.equal(banner.probe, "compare");
  assert.equal(banner.title, "SMTP banner readable from inside, masked with asterisks from outside-eu");
  assert.ok(banner.evidence.some((l) => /^inside: 220 /.test(l) && !l.includes("*")), banner.evidence.join("\n"));
  assert.ok(banner.evidence.some((l) => /^outside-eu: 220 \*+/.test(l)), banner.evidence.join("\n"));
  const ehlo = compare.find((f) => f.id === "compare.ehlo.extensions-differ")!;
  assert.match(ehlo.title, /^EHLO accepted with extensions from inside, rejected from outside-eu$/);
  assert.ok(ehlo.evidence.some((l) => l === "outside-eu: 500 Unrecognized command"), ehlo.evidence.join("\n"));

  // every point's own findings are kept, tagged with where they were seen
  assert.ok(d.findings.some((f) => f.vantage === "inside" && f.id === "smtp.banner.clear"), w);
  assert.ok(d.findings.some((f) => f.vantage === "outside-eu" && f.id === "smtp.banner.masked"), w);

  const first = d.causes[0]!;
  assert.equal(first.key, "cisco-pix-mailguard", w);
  assert.equal(first.verdict, "confirmed", w);
  assert.equal(d.causes.filter((c) => c.verdict === "confirmed").length, 1, w);
  assert.equal(d.articles[0]!.slug, "cannot-send-or-receive-behind-cisco-pix-firewall", w);
  // the comparison line leads the evidence, with its verbatim documented basis
  const lead = first.evidence[0]!;
  assert.equal(lead.findingId, "compare.banner.masked-on-one-side");
  assert.equal(lead.vantage, undefined);
  assert.equal(lead.basis?.kind, "documented");
  assert.match(lead.basis?.kind === "documented" ? lead.basis.quote : "", /^From a workstation on the Internet, open a Telnet session to the IP address of the MX record on port 25\./);
  // the clear inside path does not cancel the device: judged per vantage point
  assert.deepEqual(
    first.byVantage?.map((v) => `${v.vantage ?? "comparison"}=${v.verdict}`),
    ["comparison=confirmed", "inside=no_evidence", "outside-eu=confirmed"],
  );
  assert.ok(first.evidence.some((e) => e.vantage === "inside" && e.findingId === "smtp.ehlo.accepted" && e.effect === "refutes"), w);

  const c = d.conclusion!;
  assert.equal(c.outcome, "problem_found", w);
  assert.equal(
    c.headline,
    "Problem found on mail.example.test:25: Cisco PIX firewall Mailguard blocks ESMTP commands (SMTP banner readable from inside, masked with asterisks from outside-eu).",
  );
  assert.match(c.ranFrom.note, /^This check ran from 2 vantage points: inside \(probe agent, 127\.0\.0\.2\): no documented problem; outside-eu \(probe agent, 127\.0\.0\.3\): problem found\./);
  assert.ok(c.tested.some((l) => l.startsWith("inside — Connect and read the banner: SMTP banner readable")), c.tested.join("\n"));
  assert.ok(c.tested.some((l) => l.startsWith("outside-eu — Connect and read the banner: SMTP banner masked")), c.tested.join("\n"));
  assert.deepEqual(d.vantagePoints.map((p) => p.name), ["inside", "outside-eu"]);

  // the ticket carries each point's outcome and findings and the comparison
  const ticket = diagnosisTicket({ ...d, id: "t1", createdAt: "2026-12-03T20:00:00.000Z" }, "text");
  assert.match(ticket, /VANTAGE POINTS/);
  assert.match(ticket, /inside \(probe agent, 127\.0\.0\.2\): No documented problem/);
  assert.match(ticket, /outside-eu \(probe agent, 127\.0\.0\.3\): Problem found/);
  assert.match(ticket, /Comparison: SMTP banner readable from inside, masked with asterisks from outside-eu \(compare\.banner\.masked-on-one-side\)/);
  assert.match(ticket, /outside-eu: 220 \*+/);
});

test("ISA reset: RST outside (ISA 2006 / TMG emulator), FIN inside → the GracefulPassthroughServerShutdown article first", async () => {
  const inside = await pointAt("console", "console", "relaydesk-test", server);
  const outside = await pointAt("outside-eu", "agent", "127.0.0.3", isa);
  const d = buildDiagnosis(buildInput(inside.results, "completed", [inside, outside]));
  const w = why(d);
  assert.deepEqual(d.findings.filter((f) => f.id.startsWith("compare.")).map((f) => f.id), ["compare.close.reset-on-one-side"], w);
  const reset = d.findings.find((f) => f.id === "compare.close.reset-on-one-side")!;
  assert.equal(reset.title, "TLS session ended with a TCP reset from outside-eu, with FIN from console");
  assert.ok(reset.evidence.some((l) => l.startsWith("outside-eu: ") && /reset/i.test(l)), reset.evidence.join("\n"));
  assert.ok(reset.evidence.some((l) => l.startsWith("console: ") && /FIN/.test(l)), reset.evidence.join("\n"));
  assert.equal(d.causes[0]!.key, "isa-tmg-smtp-filter-tls-reset", w);
  assert.equal(d.causes[0]!.verdict, "confirmed", w);
  assert.equal(d.articles[0]!.slug, "isa-2006-tmg-2010-resets-smtp-client-after-tls", w);
  assert.ok(d.articles[0]!.causes.some((c) => c.key === "isa-tmg-smtp-filter-tls-reset"));
  const lead = d.causes[0]!.evidence[0]!;
  assert.equal(lead.findingId, "compare.close.reset-on-one-side");
  assert.equal(
    lead.basis?.kind === "documented" ? lead.basis.quote : "",
    "In this scenario, ISA Server 2006 or Forefront TMG 2010 resets the connection to the SMTP client when the SMTP server closes its connection to ISA Server or Forefront TMG 2010 with a TCP FIN packet.",
  );
  assert.ok(d.causes[0]!.resolutions.some((r) => r.steps.some((s) => s.artifacts.some((a) => a.content.includes("GracefulPassthroughServerShutdown")))));
  assert.equal(d.conclusion!.outcome, "problem_found", w);
  assert.match(d.conclusion!.ranFrom.note, /console \(the RelayDesk console's server, relaydesk-test\): no documented problem/);
});

test("the same clean path from two places: no comparison finding, no documented problem", async () => {
  const a = await pointAt("console", "console", "relaydesk-test", server);
  const b = await pointAt("inside", "agent", "127.0.0.2", server);
  const d = buildDiagnosis(buildInput(a.results, "completed", [a, b]));
  assert.deepEqual(d.findings.filter((f) => f.id.startsWith("compare.")), [], why(d));
  assert.equal(d.conclusion!.outcome, "no_documented_problem", why(d));
  assert.deepEqual(d.causes.filter((c) => c.verdict === "confirmed" || c.verdict === "consistent").map((c) => c.key), [], why(d));
  assert.match(d.conclusion!.headline, /^No documented problem found on mail\.example\.test:25 from console and inside: /);
});

test("a point that could not test takes no part: the others decide, and the conclusion says why it is missing", async () => {
  const inside = await pointAt("inside", "agent", "127.0.0.2", server);
  const outside = await pointAt("outside-eu", "agent", "127.0.0.3", mailguard);
  const offline: VantagePoint = { ...outside, name: "dmz", outcome: "could_not_test", reason: "the agent was offline", ended: "deadline", results: [], findings: [] };
  const d = buildDiagnosis(buildInput(inside.results, "completed", [inside, offline]));
  assert.deepEqual(d.findings.filter((f) => f.id.startsWith("compare.")), []);
  assert.equal(d.conclusion!.outcome, "no_documented_problem", why(d));
  assert.ok(d.conclusion!.cannotRuleOut.includes("Nothing is known from dmz: it could not test (the agent was offline)."), d.conclusion!.cannotRuleOut.join("\n"));

  const none = buildDiagnosis(buildInput([], "deadline", [{ ...offline, name: "a" }, { ...offline, name: "b", reason: "its local policy refused the target" }]));
  assert.equal(none.conclusion!.outcome, "could_not_test");
  assert.equal(none.conclusion!.headline, "Could not test mail.example.test:25 from any of its 2 vantage points: a: the agent was offline; b: its local policy refused the target.");
});

test("a check from one vantage point (or an old record without any) gives exactly today's result", async () => {
  const outside = await pointAt("console", "console", "relaydesk-test", mailguard);
  const plain = buildDiagnosis(buildInput(outside.results, "completed"));
  const one = buildDiagnosis(buildInput(outside.results, "completed", [outside]));
  assert.deepEqual({ ...one, vantagePoints: [] }, plain);
  assert.equal(plain.findings.some((f) => f.id.startsWith("compare.") || f.vantage !== undefined), false);
  assert.equal(plain.causes.some((c) => c.byVantage !== undefined || c.untested.some((u) => u.findingId.startsWith("compare."))), false);
});

test("check again from the same vantage points: the diff names what went away from which point", async () => {
  const inside = await pointAt("inside", "agent", "127.0.0.2", server);
  const before = buildDiagnosis(buildInput(inside.results, "completed", [inside, await pointAt("outside-eu", "agent", "127.0.0.3", mailguard)]));
  // Mailguard turned off: the outside path now reaches the server directly
  const after = buildDiagnosis(buildInput(inside.results, "completed", [inside, await pointAt("outside-eu", "agent", "127.0.0.3", server)]));
  const diff = diffDiagnoses({ ...before, id: "a", createdAt: "2026-12-03T20:00:00.000Z" }, { ...after, id: "b", createdAt: "2026-12-03T20:05:00.000Z" });
  const gone = diff.gone.map((f) => f.title);
  assert.ok(gone.includes("SMTP banner masked with asterisks (from outside-eu)"), gone.join("\n"));
  assert.ok(gone.includes("SMTP banner readable from inside, masked with asterisks from outside-eu"), gone.join("\n"));
  assert.ok(diff.appeared.some((f) => f.title === "SMTP banner readable (from outside-eu)"), diff.appeared.map((f) => f.title).join("\n"));
  // still seen from inside: unchanged, not gone
  assert.ok(diff.unchanged.some((f) => f.title === "SMTP banner readable (from inside)"));
  assert.equal(after.conclusion!.outcome, "no_documented_problem");
});
