// compareVantagePoints (issue 14): the comparison findings across the vantage points that tested,
// from their findings and probe results alone. Pure: hand-built points, many cases.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { StoredProbeResult, VantagePoint } from "@/lib/diagnosis/record";
import { compareVantagePoints, COMPARE_FINDING_IDS, isCompareFinding } from "@/lib/diagnosis/vantage-compare";

const CLEAR = "220 mail.example.test ESMTP ready";
const MASKED = "220 *********0*****************2***0****";

type Seen = Array<[id: string, evidence: string[]]>;

/** A point with these findings; `extensions`: the keywords of an accepted EHLO (in its SMTP result's finding data). */
function point(name: string, seen: Seen, opts: { extensions?: string[]; outcome?: VantagePoint["outcome"] } = {}): VantagePoint {
  const findings = seen.map(([id, evidence]) => ({ id, title: id, severity: "info" as const, evidence, probe: id.split(".")[0]! }));
  const result: StoredProbeResult = {
    kind: "smtp",
    id: `r-${name}`,
    target: { input: "mail.example.test", host: "127.0.0.1", port: 25 },
    startedAt: "2026-12-03T20:00:00.000Z",
    durationMs: 10,
    steps: [],
    transcript: [],
    findings: opts.extensions ? [{ id: "smtp.ehlo.accepted", severity: "info", title: "EHLO accepted", evidence: ["250-mail.example.test"], data: { extensions: opts.extensions } }] : [],
    errors: [],
    completed: true,
  };
  return { name, kind: "agent", address: null, outcome: opts.outcome ?? "no_documented_problem", reason: null, ended: "completed", results: [result], findings };
}

const clean = (name: string) =>
  point(
    name,
    [
      ["smtp.banner.clear", [CLEAR]],
      ["smtp.ehlo.accepted", ["250-mail.example.test Hello"]],
      ["smtp.close.graceful_after_tls", ["QUIT", "221 bye", "[TLS session] closed with FIN"]],
    ],
    { extensions: ["PIPELINING", "STARTTLS", "8BITMIME"] },
  );
const mailguarded = (name: string) =>
  point(
    name,
    [
      ["smtp.banner.masked", [MASKED]],
      ["smtp.ehlo.rejected", ["EHLO relaydesk.invalid", "500 Unrecognized command"]],
      ["smtp.close.graceful", ["QUIT", "221 bye", "[plain session] closed with FIN"]],
    ],
    { outcome: "problem_found" },
  );
const resetAfterTls = (name: string) =>
  point(
    name,
    [
      ["smtp.banner.clear", [CLEAR]],
      ["smtp.ehlo.accepted", ["250-mail.example.test Hello"]],
      ["smtp.close.reset_after_tls", ["QUIT", "221 bye", "[TLS session] connection reset (RST)"]],
    ],
    { extensions: ["PIPELINING", "STARTTLS", "8BITMIME"], outcome: "problem_found" },
  );

const ids = (points: VantagePoint[]) => compareVantagePoints(points).map((f) => f.id);

test("the four comparison ids are the contract, all under compare.", () => {
  assert.deepEqual(COMPARE_FINDING_IDS, [
    "compare.banner.masked-on-one-side",
    "compare.ehlo.extensions-differ",
    "compare.close.reset-on-one-side",
    "compare.connect.fails-from-one-side",
  ]);
  assert.ok(COMPARE_FINDING_IDS.every(isCompareFinding));
  assert.equal(isCompareFinding("smtp.banner.masked"), false);
});

test("identical results from two points: no comparison finding", () => {
  assert.deepEqual(ids([clean("inside"), clean("outside")]), []);
  assert.deepEqual(ids([mailguarded("a"), mailguarded("b")]), []);
  assert.deepEqual(ids([resetAfterTls("a"), resetAfterTls("b")]), []);
});

test("fewer than two points: nothing to compare", () => {
  assert.deepEqual(ids([]), []);
  assert.deepEqual(ids([mailguarded("outside")]), []);
});

test("a point that could not test takes no part", () => {
  const down = { ...mailguarded("outside"), outcome: "could_not_test" as const, reason: "the agent was offline" };
  assert.deepEqual(ids([clean("inside"), down]), []);
  // with a third point that tested, the comparison is between the two that did
  assert.deepEqual(ids([clean("inside"), down, clean("dmz")]), []);
});

test("clear inside, masked outside: the banner and the EHLO differ, evidence names each point and quotes its lines", () => {
  const found = compareVantagePoints([clean("inside"), mailguarded("outside-eu")]);
  assert.deepEqual(found.map((f) => f.id), ["compare.banner.masked-on-one-side", "compare.ehlo.extensions-differ"]);
  const [banner, ehlo] = found;
  assert.equal(banner!.title, "SMTP banner readable from inside, masked with asterisks from outside-eu");
  assert.deepEqual(banner!.evidence, [`inside: ${CLEAR}`, `outside-eu: ${MASKED}`]);
  assert.equal(banner!.probe, "compare");
  assert.equal(banner!.severity, "warning");
  assert.equal(banner!.vantage, undefined);
  assert.equal(ehlo!.title, "EHLO accepted with extensions from inside, rejected from outside-eu");
  assert.deepEqual(ehlo!.evidence, ["inside: 250-mail.example.test Hello", "outside-eu: EHLO relaydesk.invalid", "outside-eu: 500 Unrecognized command"]);
  // the close test ran on different kinds of session (TLS inside, plain outside): not compared
  assert.equal(found.some((f) => f.id === "compare.close.reset-on-one-side"), false);
});

test("extensions stripped on one path while EHLO is still accepted", () => {
  const stripped = point("outside", [["smtp.banner.clear", [CLEAR]], ["smtp.ehlo.accepted", ["250-mail.example.test Hello"]]], { extensions: ["PIPELINING"] });
  const found = compareVantagePoints([clean("inside"), stripped]);
  assert.deepEqual(found.map((f) => f.id), ["compare.ehlo.extensions-differ"]);
  assert.equal(found[0]!.title, "EHLO accepted with extensions from inside, 8BITMIME, STARTTLS missing from outside");
});

test("extension names compare case-insensitively; a point whose EHLO never got an answer is not compared", () => {
  const lower = point("b", [["smtp.banner.clear", [CLEAR]]], { extensions: ["pipelining", "starttls", "8bitmime"] });
  assert.deepEqual(ids([clean("a"), lower]), []);
  const silent = point("c", [["smtp.banner.clear", [CLEAR]]]);
  assert.deepEqual(ids([clean("a"), silent]), []);
});

test("RST after TLS on one side, FIN after TLS on the other: the ISA/TMG split", () => {
  const found = compareVantagePoints([resetAfterTls("outside"), clean("inside")]);
  assert.deepEqual(found.map((f) => f.id), ["compare.close.reset-on-one-side"]);
  assert.equal(found[0]!.title, "TLS session ended with a TCP reset from outside, with FIN from inside");
  assert.deepEqual(found[0]!.evidence, [
    "outside: QUIT",
    "outside: 221 bye",
    "outside: [TLS session] connection reset (RST)",
    "inside: QUIT",
    "inside: 221 bye",
    "inside: [TLS session] closed with FIN",
  ]);
});

test("a plain-session reset is not the ISA/TMG comparison (only after TLS)", () => {
  const plainReset = point("outside", [["smtp.close.reset", ["QUIT", "[plain session] connection reset (RST)"]]]);
  const plainFin = point("inside", [["smtp.close.graceful", ["QUIT", "[plain session] closed with FIN"]]]);
  assert.deepEqual(ids([plainReset, plainFin]), []);
});

test("connect loop failing from one point, stable from another (POP3 and TCP)", () => {
  const failing = point("fw-client", [["pop3.connect.intermittent_failures", ["#5 timed out after 2000 ms"]]], { outcome: "problem_found" });
  const stable = point("securenat", [["pop3.connect.stable", ["20 of 20 connects got +OK"]]]);
  const found = compareVantagePoints([failing, stable]);
  assert.deepEqual(found.map((f) => f.id), ["compare.connect.fails-from-one-side"]);
  assert.equal(found[0]!.title, "Repeated connects failed from fw-client, never from securenat");
  assert.deepEqual(found[0]!.evidence, ["fw-client: #5 timed out after 2000 ms", "securenat: 20 of 20 connects got +OK"]);

  const tcpFailing = point("a", [["tcp.connect.intermittent_failures", ["#3 refused"]]]);
  const tcpStable = point("b", [["tcp.connect.stable", ["20 of 20 connected"]]]);
  assert.deepEqual(ids([tcpFailing, tcpStable]), ["compare.connect.fails-from-one-side"]);
  // a POP3 loop is not compared with a TCP loop
  assert.deepEqual(ids([failing, tcpStable]), []);
  // failures from both: the server or a shared path, no difference
  assert.deepEqual(ids([failing, { ...failing, name: "other" }]), []);
});

test("three points: every side is named, in the points' order", () => {
  const found = compareVantagePoints([clean("inside"), mailguarded("outside-eu"), mailguarded("outside-us")]);
  const banner = found.find((f) => f.id === "compare.banner.masked-on-one-side")!;
  assert.equal(banner.title, "SMTP banner readable from inside, masked with asterisks from outside-eu and outside-us");
  assert.deepEqual(banner.evidence, [`inside: ${CLEAR}`, `outside-eu: ${MASKED}`, `outside-us: ${MASKED}`]);
  const three = compareVantagePoints([resetAfterTls("a"), clean("b"), clean("c")]);
  assert.equal(three.find((f) => f.id === "compare.close.reset-on-one-side")!.title, "TLS session ended with a TCP reset from a, with FIN from b and c");
});

test("evidence is bounded per point; many points", () => {
  const many = Array.from({ length: 50 }, (_, i) => `250-LINE${i}`);
  const big = point("outside", [["smtp.banner.masked", many]], { outcome: "problem_found" });
  const banner = compareVantagePoints([clean("inside"), big]).find((f) => f.id === "compare.banner.masked-on-one-side")!;
  assert.equal(banner.evidence.filter((l) => l.startsWith("outside: ")).length, 6);

  // many points: one pass over each (every side still named, evidence still bounded per point)
  const points = Array.from({ length: 2_000 }, (_, i) => (i % 2 === 0 ? clean(`p${i}`) : mailguarded(`p${i}`)));
  const found = compareVantagePoints(points);
  assert.deepEqual(found.map((f) => f.id), ["compare.banner.masked-on-one-side", "compare.ehlo.extensions-differ"]);
  assert.equal(found[0]!.evidence.length, 2_000);
});
