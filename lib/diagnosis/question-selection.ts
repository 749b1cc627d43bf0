/**
 * Wizard question selection: ask the question whose answer is expected to shrink the
 * uncertainty over the remaining candidate causes the most (expected reduction in Shannon
 * entropy). Pure; the questions, answers and their cause weights are seeded data.
 *
 * Model: a cause's score (category or text weight + answer weights + evidence) is read as a
 * log-odds, so the candidates (score > 0, plus "some other cause" at score 0) form the
 * distribution p(c) ∝ exp(LAMBDA · score).
 * An answer's weight for a cause is read the same way, as a likelihood over that question's
 * answers: P(a | c) ∝ exp(LAMBDA · w(a, c)). A cause the question does not mention gets equal
 * likelihood for every answer, so the question says nothing about it.
 */
import type { WizardQuestionModel } from "./types";

/** Score points to natural-log odds: a weight of 3 multiplies the odds by e^1.5 ≈ 4.5. */
export const LAMBDA = 0.5;
/** Questions expected to gain less than this (bits) are not worth asking. */
export const MIN_GAIN_BITS = 0.05;

/**
 * Stands for "a cause the knowledge base does not have": always present with score 0 and never
 * weighed by an answer. It keeps a lone candidate open to doubt (a question that could rule it
 * out is still worth asking) and keeps weak candidates from looking certain.
 */
export const OTHER_CAUSE = "(other)";

/** The candidate distribution: causes with a score above zero plus OTHER_CAUSE, p ∝ exp(LAMBDA · score). */
export function candidateDistribution(scores: ReadonlyMap<string, number>): Map<string, number> {
  const candidates: Array<[string, number]> = [...scores.entries()].filter(([k, s]) => s > 0 && k !== OTHER_CAUSE);
  candidates.push([OTHER_CAUSE, 0]);
  const max = Math.max(...candidates.map(([, s]) => s));
  const raw = candidates.map(([k, s]) => [k, Math.exp(LAMBDA * (s - max))] as const);
  const total = raw.reduce((sum, [, v]) => sum + v, 0);
  return new Map(raw.map(([k, v]) => [k, v / total]));
}

/** Shannon entropy in bits. */
export function entropy(p: Iterable<number>): number {
  let h = 0;
  for (const v of p) if (v > 0) h -= v * Math.log2(v);
  return h;
}

export interface QuestionScore {
  key: string;
  /** Expected reduction of the candidate entropy, bits. */
  gain: number;
  expectedEntropy: number;
  /** Probability of each answer under the current candidates, and what would be left after it. */
  answers: Array<{ key: string; probability: number; entropyAfter: number; candidatesAfter: number }>;
}

/**
 * Expected information gain of one question over the current candidates. Only the remaining
 * candidates are split: an answer may also raise a cause that is not a candidate yet (the
 * ranking shows it once answered), but that is not what the question is chosen for.
 */
export function scoreQuestion(question: WizardQuestionModel, scores: ReadonlyMap<string, number>): QuestionScore {
  const p = candidateDistribution(scores);
  const h = entropy(p.values());
  const weightOf = (answerIndex: number, cause: string) =>
    question.answers[answerIndex]!.causes.filter((w) => w.cause === cause).reduce((s, w) => s + w.weight, 0);

  // P(a | c) for every candidate cause (uniform for OTHER_CAUSE and for causes the question ignores).
  const likelihood = new Map<string, number[]>();
  for (const cause of p.keys()) {
    const raw = question.answers.map((_, i) => (cause === OTHER_CAUSE ? 1 : Math.exp(LAMBDA * weightOf(i, cause))));
    const total = raw.reduce((s, v) => s + v, 0);
    likelihood.set(cause, raw.map((v) => v / total));
  }

  let expected = 0;
  const answers = question.answers.map((answer, i) => {
    let probability = 0;
    for (const [cause, pc] of p) probability += pc * likelihood.get(cause)![i]!;
    const after = new Map<string, number>();
    for (const cause of p.keys()) {
      if (cause !== OTHER_CAUSE) after.set(cause, (scores.get(cause) ?? 0) + weightOf(i, cause));
    }
    const posterior = candidateDistribution(after);
    const entropyAfter = entropy(posterior.values());
    expected += probability * entropyAfter;
    return { key: answer.key, probability, entropyAfter, candidatesAfter: posterior.size - 1 };
  });
  return { key: question.key, gain: h - expected, expectedEntropy: expected, answers };
}

export interface SelectedQuestion {
  question: WizardQuestionModel;
  score: QuestionScore;
}

/**
 * The unanswered question with the largest expected gain (ties: seed order), or null when no
 * question is worth asking any more (one candidate left, or none of the questions tells the
 * remaining candidates apart).
 */
export function selectQuestion(
  questions: readonly WizardQuestionModel[],
  answered: ReadonlySet<string>,
  scores: ReadonlyMap<string, number>,
  minGain = MIN_GAIN_BITS,
): SelectedQuestion | null {
  let best: SelectedQuestion | null = null;
  for (const question of [...questions].sort((a, b) => a.position - b.position)) {
    if (answered.has(question.key)) continue;
    const score = scoreQuestion(question, scores);
    if (score.gain < minGain) continue;
    // Compare at a fixed precision so floating-point noise never reorders equal questions.
    if (!best || Math.round(score.gain * 1e9) > Math.round(best.score.gain * 1e9)) best = { question, score };
  }
  return best;
}
