// Guards the evidence ranking (lib/diagnosis/ranking.ts): scores from start weights, answers and
// probe findings with knowledge-model weights, one explanation per rank, unexplained findings kept.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  EVIDENCE_FACTOR,
  explainRank,
  priorsFromLookup,
  rankDiagnosis,
  strengthOf,
  type RankInput,
} from "@/lib/diagnosis/ranking";
import type { ArticleModel, CauseModel, CheckModel, ObservedFinding } from "@/lib/diagnosis/types";

const causes: CauseModel[] = [
  { key: "mailguard", title: "Mailguard", description: "Mailguard blocks ESMTP.", vantage: null },
  { key: "split", title: "Split terminator", description: "Split CRLF.CRLF is swallowed.", vantage: null },
  { key: "isa-reset", title: "ISA reset", description: "ISA resets after TLS.", vantage: null },
];

const articles: ArticleModel[] = [
  { slug: "xcon", title: "XCON duplicates", summary: "s", position: 0, causes: [{ cause: "mailguard", explanation: "xcon words" }, { cause: "split", explanation: "xcon split words" }] },
  { slug: "pix", title: "Behind a PIX", summary: "s", position: 1, causes: [{ cause: "mailguard", explanation: "pix words" }] },
  { slug: "isa", title: "ISA article", summary: "s", position: 2, causes: [{ cause: "isa-reset", explanation: "isa words" }] },
];

const symptom = (key: string, articleSlug: string) => ({
  key,
  description: `${key} description`,
  articleSlug,
  articleTitle: articles.find((a) => a.slug === articleSlug)!.title,
});

const checkBase = { verdictStrength: "supporting", basis: { kind: "inferred", reason: "test weight" } } as const;
const decisive = { ...checkBase, verdictStrength: "decisive" } as const;
const checks: CheckModel[] = [
  { cause: "mailguard", findingId: "smtp.banner.masked", probe: "smtp.banner", effect: "confirms", weight: 3, explanation: "masked banner means Mailguard", symptom: symptom("pix-banner", "pix"), ...decisive },
  { cause: "mailguard", findingId: "smtp.ehlo.rejected", probe: "smtp.ehlo", effect: "confirms", weight: 2, explanation: "EHLO 500", symptom: symptom("pix-ehlo", "pix"), ...checkBase },
  { cause: "mailguard", findingId: "smtp.banner.clear", probe: "smtp.banner", effect: "refutes", weight: 2, explanation: "clear banner", symptom: null, ...decisive },
  { cause: "split", findingId: "smtp.data.split_terminator_lost", probe: "smtp.data", effect: "confirms", weight: 3, explanation: "lost", symptom: symptom("xcon-crlf", "xcon"), ...checkBase },
  { cause: "isa-reset", findingId: "smtp.close.reset_after_tls", probe: "smtp.close", effect: "confirms", weight: 3, explanation: "reset", symptom: symptom("isa-reset", "isa"), ...checkBase },
];

const finding = (id: string, title: string, evidence: string[] = [], severity: ObservedFinding["severity"] = "warning"): ObservedFinding => ({
  id,
  title,
  severity,
  evidence,
  probe: "smtp",
});

const base: RankInput = {
  causes,
  articles,
  checks,
  start: { kind: "category", key: "dups", label: "Duplicate inbound messages", causes: [{ cause: "split", weight: 3 }, { cause: "mailguard", weight: 2 }] },
  answers: [],
};

test("strength words follow the check weights 1 weak, 2 moderate, 3 strong", () => {
  assert.equal(strengthOf(3), "strong");
  assert.equal(strengthOf(2), "moderate");
  assert.equal(strengthOf(1), "weak");
  assert.equal(strengthOf(-3), "strong");
  assert.equal(strengthOf(0.5), "weak");
});

test("without findings the category weights decide, only weighted causes are listed, and they are not tested", () => {
  const r = rankDiagnosis(base);
  assert.deepEqual(r.causes.map((c) => c.key), ["split", "mailguard"]);
  assert.equal(r.candidates, 2);
  assert.deepEqual(r.causes.map((c) => c.verdict), ["not_tested", "not_tested"]);
  assert.deepEqual(r.causes[0]!.untestedSteps, [{ step: "split_data", label: "Split end-of-data test (sends a test message)", couldConfirm: true }]);
  assert.match(r.causes[0]!.explanation, /^first because: Duplicate inbound messages \(strong, \+3\); against: none$/);
});

test("probe findings outweigh the category and every rank carries its explanation", () => {
  const r = rankDiagnosis({
    ...base,
    findings: [
      finding("smtp.banner.masked", "banner masked", ["220 ****0*2****"]),
      finding("smtp.ehlo.rejected", "EHLO answered 500", ["500 Unrecognized command"]),
    ],
  });
  const top = r.causes[0]!;
  assert.equal(top.key, "mailguard");
  assert.equal(top.evidenceScore, 5);
  assert.equal(top.score, 2 + EVIDENCE_FACTOR * 5);
  assert.equal(top.verdict, "confirmed");
  assert.equal(
    top.explanation,
    "first because: banner masked (strong), EHLO answered 500 (moderate), Duplicate inbound messages (moderate, +2); against: none",
  );
  // the evidence line sits beside the symptom of the article that describes it, with that article's cause text
  const banner = top.evidence.find((e) => e.findingId === "smtp.banner.masked")!;
  assert.deepEqual(banner.lines, ["220 ****0*2****"]);
  assert.equal(banner.symptom?.key, "pix-banner");
  assert.equal(banner.causeText, "pix words");
  assert.match(r.causes[1]!.explanation, /^second because: /);
  // the split test was not run: it is listed as what a check could still test
  assert.ok(r.causes.find((c) => c.key === "split")!.untested.some((u) => u.findingId === "smtp.data.split_terminator_lost"));
});

test("a refuting finding argues against a cause and shows up under 'against'", () => {
  const r = rankDiagnosis({ ...base, findings: [finding("smtp.banner.clear", "SMTP banner readable", ["220 mail ESMTP"], "info")] });
  const mailguard = r.causes.find((c) => c.key === "mailguard")!;
  assert.equal(mailguard.verdict, "refuted");
  assert.equal(mailguard.score, 2 - EVIDENCE_FACTOR * 2);
  assert.equal(mailguard.candidate, false);
  assert.match(mailguard.explanation, /against: SMTP banner readable \(moderate\)$/);
  assert.equal(r.candidates, 1);
  // refuted causes' articles drop out of the article list unless another candidate keeps them
  assert.deepEqual(r.articles.map((a) => a.slug), ["xcon"]);
});

test("answers add their weights and negative answers rule causes out", () => {
  const r = rankDiagnosis({
    ...base,
    answers: [
      { questionKey: "between", prompt: "What sits between?", answerKey: "isa", label: "ISA 2006", causes: [{ cause: "isa-reset", weight: 3 }, { cause: "mailguard", weight: -2 }, { cause: "split", weight: -2 }] },
    ],
  });
  assert.deepEqual(r.causes.map((c) => [c.key, c.score]), [["isa-reset", 3], ["split", 1], ["mailguard", 0]]);
  assert.equal(r.causes.find((c) => c.key === "mailguard")!.candidate, false);
  assert.match(r.causes[0]!.explanation, /"ISA 2006" \(What sits between\?\) \(strong, \+3\)/);
});

test("a finding that no check explains is reported, not hidden", () => {
  const r = rankDiagnosis({ ...base, findings: [finding("server.greeting_delayed", "Greeting delayed", ["220 slow"])] });
  assert.deepEqual(r.unexplained, [{ id: "server.greeting_delayed", title: "Greeting delayed", severity: "warning", evidence: ["220 slow"] }]);
});

test("the article whose symptoms the evidence matched ranks first among articles of the same cause", () => {
  const r = rankDiagnosis({ ...base, findings: [finding("smtp.banner.masked", "banner masked", ["220 ***"])] });
  assert.equal(r.articles[0]!.slug, "pix");
  assert.deepEqual(r.articles[0]!.matchedSymptoms.map((s) => s.key), ["pix-banner"]);
  assert.deepEqual(r.articles.map((a) => a.rank), [1, 2]);
});

test("duplicate findings on several addresses count once and merge their evidence lines", () => {
  const f1 = { ...finding("smtp.banner.masked", "banner masked", ["220 *** a"]), address: "192.0.2.1" };
  const f2 = { ...finding("smtp.banner.masked", "banner masked", ["220 *** b"]), address: "192.0.2.2" };
  const r = rankDiagnosis({ ...base, findings: [f1, f2] });
  const top = r.causes[0]!;
  assert.equal(top.evidenceScore, 3);
  assert.deepEqual(top.evidence[0]!.lines, ["220 *** a", "220 *** b"]);
});

test("ranking is deterministic whatever the order of the input", () => {
  const findings = [finding("smtp.ehlo.rejected", "EHLO 500"), finding("smtp.close.reset_after_tls", "reset"), finding("smtp.banner.masked", "masked")];
  const a = rankDiagnosis({ ...base, findings });
  const b = rankDiagnosis({ ...base, findings: [...findings].reverse(), checks: [...checks].reverse() });
  assert.deepEqual(
    a.causes.map((c) => [c.key, c.score, c.explanation]),
    b.causes.map((c) => [c.key, c.score, c.explanation]),
  );
});

test("explainRank words an empty side", () => {
  assert.equal(explainRank(3, [], []), "third because: nothing speaks for it yet; against: none");
});

test("pasted-text priors follow the lookup scores of the best articles", () => {
  const priors = priorsFromLookup(
    [
      { slug: "isa", score: 10 },
      { slug: "pix", score: 5 },
      { slug: "unknown", score: 4 },
    ],
    articles,
  );
  assert.deepEqual(priors, [
    { cause: "isa-reset", weight: 3 },
    { cause: "mailguard", weight: 1.5 },
  ]);
  assert.deepEqual(priorsFromLookup([], articles), []);
});

// --- calibrated verdicts (issue 7) -------------------------------------------------------------

const none: RankInput = { ...base, start: { kind: "none" } };

test("a decisive confirming observation confirms; supporting agreement alone is only consistent", () => {
  const confirmed = rankDiagnosis({ ...none, findings: [finding("smtp.banner.masked", "banner masked")] });
  assert.equal(confirmed.causes[0]!.key, "mailguard");
  assert.equal(confirmed.causes[0]!.verdict, "confirmed");
  assert.match(confirmed.causes[0]!.verdictReason, /^Confirmed: banner masked is the documented, specific sign/);
  const consistent = rankDiagnosis({ ...none, findings: [finding("smtp.ehlo.rejected", "EHLO answered 500")] });
  const mailguard = consistent.causes.find((c) => c.key === "mailguard")!;
  assert.equal(mailguard.verdict, "consistent");
  assert.match(mailguard.verdictReason, /^Consistent, not confirmed: EHLO answered 500 agrees/);
});

test("one EHLO 500 counts once: findings read from the same reply are one observation", () => {
  const ehloChecks: CheckModel[] = [
    ...checks,
    { cause: "mailguard", findingId: "smtp.esmtp.missing", probe: "smtp.ehlo", effect: "confirms", weight: 2, explanation: "missing", symptom: null, ...checkBase },
    { cause: "mailguard", findingId: "smtp.starttls.unavailable", probe: "smtp.starttls", effect: "confirms", weight: 1, explanation: "no tls", symptom: null, ...checkBase },
  ];
  const r = rankDiagnosis({
    ...none,
    checks: ehloChecks,
    findings: [finding("smtp.ehlo.rejected", "EHLO 500"), finding("smtp.esmtp.missing", "ESMTP missing"), finding("smtp.starttls.unavailable", "no STARTTLS")],
  });
  const mailguard = r.causes.find((c) => c.key === "mailguard")!;
  assert.equal(mailguard.evidenceScore, 2, "only the strongest line of the EHLO reply counts");
  assert.deepEqual(mailguard.evidence.map((e) => [e.findingId, e.counted]), [
    ["smtp.ehlo.rejected", true],
    ["smtp.esmtp.missing", false],
    ["smtp.starttls.unavailable", false],
  ]);
  assert.equal(mailguard.support.length, 1);
});

test("a target that cannot be reached is never evidence for a device, even when a check names it", () => {
  const withUnreachable: CheckModel[] = [
    ...checks,
    { cause: "mailguard", findingId: "target.unreachable", probe: "tcp.connect", effect: "confirms", weight: 1, explanation: "telnet", symptom: null, ...decisive },
  ];
  const r = rankDiagnosis({ ...none, checks: withUnreachable, findings: [finding("target.unreachable", "Target unreachable", ["connect ECONNREFUSED"], "critical")] });
  assert.ok(r.causes.every((c) => c.verdict === "not_tested" && c.evidence.length === 0), r.causes.map((c) => c.verdict).join());
  assert.deepEqual(r.unexplained.map((f) => f.id), ["target.unreachable"]);
});

test("a decisive refutation refutes, except for a cause seen only from another place (vantage)", () => {
  const refuted = rankDiagnosis({ ...none, findings: [finding("smtp.banner.clear", "SMTP banner readable", [], "info")] });
  assert.equal(refuted.causes.find((c) => c.key === "mailguard")!.verdict, "refuted");
  const vantage = { note: "Seen only from a workstation on the internet.", basis: { kind: "inferred", reason: "test" } } as const;
  const r = rankDiagnosis({
    ...none,
    causes: causes.map((c) => (c.key === "mailguard" ? { ...c, vantage } : c)),
    findings: [finding("smtp.banner.clear", "SMTP banner readable", [], "info")],
  });
  const mailguard = r.causes.find((c) => c.key === "mailguard")!;
  assert.equal(mailguard.verdict, "no_evidence");
  assert.match(mailguard.verdictReason, /^Not refuted from here/);
  assert.match(mailguard.vantage!.meaning, /cannot rule this cause out/);
});

test("decisive evidence both ways is a conflict, not a confirmation", () => {
  const r = rankDiagnosis({ ...none, findings: [finding("smtp.banner.masked", "masked"), finding("smtp.banner.clear", "clear", [], "info")] });
  assert.equal(r.causes.find((c) => c.key === "mailguard")!.verdict, "consistent");
});

test("a cause whose steps ran without a sign of it has no evidence; confirmed causes rank above everything", () => {
  const r = rankDiagnosis({
    ...base,
    findings: [finding("smtp.close.graceful_after_tls", "TLS session closed gracefully", [], "info"), finding("smtp.banner.masked", "masked")],
  });
  assert.equal(r.causes[0]!.key, "mailguard", "confirmed first although split has the higher category weight");
  assert.equal(r.causes.find((c) => c.key === "isa-reset")!.verdict, "no_evidence");
  assert.equal(r.causes.find((c) => c.key === "split")!.verdict, "not_tested");
});

test("the fix of a cause travels with it", () => {
  const fix = {
    key: "turn-off",
    cause: "mailguard",
    kind: "workaround",
    title: "Turn off Mailguard",
    summary: "s",
    outcome: null,
    articleSlug: "pix",
    articleTitle: "Behind a PIX",
    source: "test source",
    steps: [{ text: "Type it.", artifacts: [{ language: "device-cli", title: "t", content: "no fixup protocol smtp 25", note: null, registry: null }] }],
    warnings: [{ level: "important", risk: "lowers-security", text: "lowers security" }],
  };
  const r = rankDiagnosis({ ...none, findings: [finding("smtp.banner.masked", "masked")], resolutions: [fix] });
  assert.deepEqual(r.causes[0]!.resolutions, [fix]);
  assert.deepEqual(r.causes.find((c) => c.key === "split")!.resolutions, []);
});

test("a step that ran is never offered again: STARTTLS not offered answers the STARTTLS step", () => {
  const r = rankDiagnosis({
    ...none,
    findings: [finding("smtp.banner.masked", "masked"), finding("smtp.starttls.unavailable", "no STARTTLS"), finding("smtp.close.graceful", "closed", [], "info")],
  });
  const isa = r.causes.find((c) => c.key === "isa-reset")!;
  assert.equal(isa.verdict, "not_tested");
  assert.deepEqual(isa.untestedSteps, []);
  assert.match(isa.verdictReason, /could not be observed on this target/);
});
