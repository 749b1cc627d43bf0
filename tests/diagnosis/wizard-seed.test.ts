// Guards the seeded wizard data (kb/wizard.json) together with the ranking: every key
// resolves, the categories exist, questions split candidates, and the three documented
// scenarios (Mailguard, ISA/TMG reset after TLS, ISA 2000 port reuse) rank the right article first.
import assert from "node:assert/strict";
import { test } from "node:test";
import { candidateDistribution, entropy } from "@/lib/diagnosis/question-selection";
import { stepsForCheck } from "@/lib/diagnosis/steps";
import { categoryStart, resolveAnswers, wizardStep, WizardInputError } from "@/lib/diagnosis/wizard-state";
import type { GivenAnswer, ObservedFinding } from "@/lib/diagnosis/types";
import { shippedKbInput } from "@/lib/kb/shipped";
import { modelFromSeed, seedWithWizard } from "./seed-model";

const { wizard } = shippedKbInput();

const model = modelFromSeed();

const observed = (...ids: string[]): ObservedFinding[] =>
  ids.map((id) => ({ id, title: id, severity: "warning", evidence: [`line for ${id}`], probe: "smtp" }));

test("the wizard seed validates against the knowledge base (every cause key exists)", () => {
  const seed = seedWithWizard();
  assert.equal(seed.wizard.categories.length, wizard.categories.length);
});

test("the categories of the issue are all there, each weighing at least one cause", () => {
  const labels = model.categories.map((c) => c.label.toLowerCase());
  for (const expected of [
    "duplicate inbound messages",
    "an ndr or error code",
    "connection resets or time-outs",
    "cannot receive internet mail",
    "attachments missing or garbled",
    "authentication failures between servers or clients",
    "a service that will not start",
    "mail stuck in a queue",
  ]) {
    assert.ok(labels.includes(expected), `missing category "${expected}"`);
  }
  for (const c of model.categories) assert.ok(c.causes.some((w) => w.weight > 0), c.key);
});

test("every question has a 'not sure' answer that weighs nothing, and weights stay within -3..3", () => {
  for (const q of model.questions) {
    assert.ok(q.answers.some((a) => a.causes.length === 0), `${q.key} has no neutral answer`);
    for (const a of q.answers) for (const w of a.causes) assert.ok(Math.abs(w.weight) <= 3, a.key);
  }
  const keys = model.questions.map((q) => q.key);
  for (const expected of ["product-version", "symptom-location", "between-servers", "direction", "frequency", "tls-in-use"]) {
    assert.ok(keys.includes(expected), expected);
  }
});

test("every category gets a first question that reduces the uncertainty, and the wizard never repeats one", () => {
  for (const category of model.categories) {
    const start = categoryStart(model, category.key);
    const answers: GivenAnswer[] = [];
    for (let i = 0; i < model.questions.length + 1; i++) {
      const step = wizardStep(model, start, answers);
      if (i === 0) assert.ok(step.next, `no first question for ${category.key}`);
      if (!step.next) break;
      assert.ok(!answers.some((a) => a.questionKey === step.next!.question.key), "repeated question");
      assert.ok(step.next.score.gain > 0);
      // answer with the most likely answer each time
      const best = [...step.next.score.answers].sort((a, b) => b.probability - a.probability)[0]!;
      answers.push(...resolveAnswers(model, [{ question: step.next.question.key, answer: best.key }]));
    }
  }
});

test("duplicate inbound messages: the first question separates the split-terminator bug from Mailguard in general", () => {
  const step = wizardStep(model, categoryStart(model, "duplicate-inbound-messages"), []);
  assert.deepEqual(step.ranking.causes.map((c) => c.key), ["cisco-pix-mailguard-split-terminator", "cisco-pix-mailguard"]);
  assert.equal(step.ranking.candidates, 2);
  const q = step.next!.question;
  const weighs = (answer: (typeof q.answers)[number], cause: string) => answer.causes.find((w) => w.cause === cause)?.weight ?? 0;
  assert.ok(
    q.answers.some((a) => weighs(a, "cisco-pix-mailguard-split-terminator") !== weighs(a, "cisco-pix-mailguard")),
    `${q.key} does not tell the two candidates apart`,
  );
  // the suggested live check includes the steps that test these causes, the split test among them
  assert.ok(step.suggested.steps.includes("unknown_command"));
  assert.ok(step.suggested.steps.includes("split_data"));
});

test("Mailguard evidence puts the PIX article first, with the banner beside the KB's masked-banner symptom", () => {
  const start = categoryStart(model, "duplicate-inbound-messages");
  const answers = resolveAnswers(model, [
    { question: "frequency", answer: "frequency-runs" },
    { question: "between-servers", answer: "between-cisco-pix" },
  ]);
  const findings = observed("smtp.banner.masked", "smtp.ehlo.rejected", "smtp.unknown_command.accepted", "smtp.starttls.unavailable");
  const { ranking } = wizardStep(model, start, answers, findings);
  const top = ranking.causes[0]!;
  assert.equal(top.key, "cisco-pix-mailguard");
  assert.equal(top.verdict, "confirmed");
  assert.match(top.explanation, /^first because: smtp\.banner\.masked \(strong\), smtp\.unknown_command\.accepted \(strong\), smtp\.ehlo\.rejected \(moderate\)/);
  assert.match(top.explanation, /against: none$/);
  const banner = top.evidence.find((e) => e.findingId === "smtp.banner.masked")!;
  assert.match(banner.symptom!.description, /asterisk/i);
  assert.match(ranking.articles[0]!.title, /Cisco PIX/);
  assert.ok(ranking.articles[0]!.matchedSymptoms.length >= 2);
});

test("after the fix clean findings rule the cause out (refuted, or no evidence where the documents name another vantage point)", () => {
  const start = categoryStart(model, "duplicate-inbound-messages");
  const clean = observed("smtp.banner.clear", "smtp.ehlo.accepted", "smtp.unknown_command.rejected", "smtp.esmtp.extensions_present");
  const { ranking } = wizardStep(model, start, [], clean);
  const mailguard = ranking.causes.find((c) => c.key === "cisco-pix-mailguard")!;
  assert.ok(["refuted", "no_evidence"].includes(mailguard.verdict), mailguard.verdict);
  assert.equal(mailguard.candidate, false);
});

test("a reset after TLS leads to the ISA 2006 / TMG 2010 article (GracefulPassthroughServerShutdown)", () => {
  const start = categoryStart(model, "connection-resets-or-timeouts");
  const answers = resolveAnswers(model, [{ question: "between-servers", answer: "between-isa-2006-tmg-smtp-filter" }]);
  const findings = observed("smtp.banner.clear", "smtp.ehlo.accepted", "smtp.starttls.established", "smtp.close.reset_after_tls");
  const { ranking } = wizardStep(model, start, answers, findings);
  assert.equal(ranking.causes[0]!.key, "isa-tmg-smtp-filter-tls-reset");
  assert.equal(ranking.articles[0]!.slug, "isa-2006-tmg-2010-resets-smtp-client-after-tls");
});

test("intermittent POP3 connect failures lead to the ISA 2000 article (MinTickBeforePortReuse)", () => {
  const start = categoryStart(model, "connection-resets-or-timeouts");
  const findings = observed("pop3.connect.intermittent_failures");
  const { ranking, suggested } = wizardStep(model, start, resolveAnswers(model, [{ question: "direction", answer: "direction-clients-fetching" }]), findings);
  assert.equal(ranking.causes[0]!.key, "isa-2000-fwsrv-port-reuse");
  assert.equal(ranking.articles[0]!.slug, "mystery-of-the-failing-pop3-access-with-isa-2000");
  assert.ok(suggested.steps.length > 0);
});

test("every knowledge-model check can be tested by some live-check step", () => {
  for (const check of model.checks) assert.ok(stepsForCheck(check).length > 0, `${check.probe} ${check.findingId}`);
});

test("unknown keys are refused with the known ones listed", () => {
  assert.throws(() => categoryStart(model, "nope"), WizardInputError);
  assert.throws(() => resolveAnswers(model, [{ question: "frequency", answer: "sometimes" }]), /known: frequency-intermittent/);
  assert.throws(() => resolveAnswers(model, [{ question: "frequency", answer: "frequency-runs" }, { question: "frequency", answer: "frequency-runs" }]), /twice/);
});

test("answering shrinks the candidate entropy on average for the duplicate scenario", () => {
  const start = categoryStart(model, "duplicate-inbound-messages");
  const before = wizardStep(model, start, []);
  const q = before.next!;
  const h0 = entropy(candidateDistribution(new Map(before.ranking.causes.map((c) => [c.key, c.score]))).values());
  assert.ok(q.score.expectedEntropy < h0);
});
