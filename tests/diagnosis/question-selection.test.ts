// Guards wizard question selection (lib/diagnosis/question-selection.ts): the question with the
// largest expected entropy reduction over the weighted candidates is asked; useless ones never.
import assert from "node:assert/strict";
import { test } from "node:test";
import { OTHER_CAUSE, candidateDistribution, entropy, scoreQuestion, selectQuestion } from "@/lib/diagnosis/question-selection";
import type { WizardQuestionModel } from "@/lib/diagnosis/types";

const q = (key: string, position: number, answers: WizardQuestionModel["answers"]): WizardQuestionModel => ({
  key,
  prompt: key,
  help: "",
  position,
  answers,
});

const splitsAB = q("splits", 1, [
  { key: "a", label: "A", causes: [{ cause: "a", weight: 3 }, { cause: "b", weight: -3 }] },
  { key: "b", label: "B", causes: [{ cause: "a", weight: -3 }, { cause: "b", weight: 3 }] },
  { key: "unsure", label: "Not sure", causes: [] },
]);
const weighsBoth = q("both", 0, [
  { key: "yes", label: "Yes", causes: [{ cause: "a", weight: 2 }, { cause: "b", weight: 2 }] },
  { key: "no", label: "No", causes: [{ cause: "a", weight: -1 }, { cause: "b", weight: -1 }] },
]);
const aboutC = q("about-c", 2, [
  { key: "yes", label: "Yes", causes: [{ cause: "c", weight: 3 }] },
  { key: "no", label: "No", causes: [{ cause: "c", weight: -3 }] },
]);

test("entropy of the candidate distribution", () => {
  assert.equal(entropy([0.5, 0.5]), 1);
  assert.equal(entropy([1]), 0);
  const p = candidateDistribution(new Map([["a", 2], ["b", 2], ["c", 0], ["d", -1]]));
  assert.deepEqual([...p.keys()], ["a", "b", OTHER_CAUSE], "causes with a score above zero, and 'some other cause'");
  assert.equal(p.get("a"), p.get("b"));
  assert.ok(p.get("a")! > p.get(OTHER_CAUSE)!);
  assert.ok(Math.abs([...p.values()].reduce((s, v) => s + v, 0) - 1) < 1e-12);
});

test("a question that tells two equal candidates apart gains more than one that weighs them alike", () => {
  const scores = new Map([["a", 2], ["b", 2]]);
  const split = scoreQuestion(splitsAB, scores);
  const both = scoreQuestion(weighsBoth, scores);
  assert.ok(split.gain > 0.3, `gain ${split.gain}`);
  assert.ok(Math.abs(both.gain) < 0.2, `gain ${both.gain}`);
  const probabilities = split.answers.reduce((s, a) => s + a.probability, 0);
  assert.ok(Math.abs(probabilities - 1) < 1e-12);
  assert.equal(selectQuestion([weighsBoth, splitsAB, aboutC], new Set(), scores)?.question.key, "splits");
});

test("questions about causes that are not candidates are never asked", () => {
  const scores = new Map([["a", 2], ["b", 2], ["c", 0]]);
  // "yes" would only add a new candidate: no expected reduction, rather an increase
  assert.ok(scoreQuestion(aboutC, scores).gain <= 0);
  assert.equal(selectQuestion([aboutC], new Set(), scores), null);
});

test("answered questions are skipped; a lone candidate is still questioned only if an answer can rule it out", () => {
  const scores = new Map([["a", 2], ["b", 2]]);
  assert.equal(selectQuestion([splitsAB], new Set(["splits"]), scores), null);
  const lone = new Map([["a", 3]]);
  const ignoresA = q("ignores-a", 0, [
    { key: "x", label: "X", causes: [{ cause: "b", weight: 3 }] },
    { key: "y", label: "Y", causes: [] },
  ]);
  assert.equal(selectQuestion([ignoresA], new Set(), lone), null);
  assert.equal(selectQuestion([ignoresA, splitsAB], new Set(), lone)?.question.key, "splits");
});

test("equal gains fall back to seed order", () => {
  const twin = { ...splitsAB, key: "twin", position: 0 };
  assert.equal(selectQuestion([splitsAB, twin], new Set(), new Map([["a", 1], ["b", 1]]))?.question.key, "twin");
});
