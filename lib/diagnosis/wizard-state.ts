/**
 * Wizard state over the seeded model: resolving keys from a request into snapshotted answers,
 * and the view of one wizard step (candidates left, top articles, the next question, the
 * suggested live check). Pure and client-safe; the client component and the server share it.
 */
import { rankDiagnosis, wizardScores, type Ranking } from "./ranking";
import { selectQuestion, type SelectedQuestion } from "./question-selection";
import { suggestCheck, type SuggestedCheck } from "./steps";
import type { CauseWeight, DiagnosisModel, GivenAnswer, ObservedFinding, WizardStart } from "./types";

export class WizardInputError extends Error {
  readonly code = "EWIZARD";
}

export function categoryStart(model: Pick<DiagnosisModel, "categories">, key: string): WizardStart {
  const category = model.categories.find((c) => c.key === key);
  if (!category) throw new WizardInputError(`unknown category "${key}" (known: ${model.categories.map((c) => c.key).join(", ")})`);
  return { kind: "category", key: category.key, label: category.label, causes: category.causes };
}

export function textStart(text: string, causes: CauseWeight[], matchedTitle: string | null): WizardStart {
  const excerpt = text.trim().replace(/\s+/g, " ").slice(0, 200);
  return { kind: "text", excerpt, label: matchedTitle ? `pasted text matching "${matchedTitle}"` : "pasted text", causes };
}

/** Resolves {question, answer} keys against the seeded questions; unknown keys are an error. */
export function resolveAnswers(
  model: Pick<DiagnosisModel, "questions">,
  answers: ReadonlyArray<{ question: string; answer: string }>,
): GivenAnswer[] {
  const seen = new Set<string>();
  return answers.map(({ question, answer }) => {
    const q = model.questions.find((x) => x.key === question);
    if (!q) throw new WizardInputError(`unknown question "${question}"`);
    if (seen.has(q.key)) throw new WizardInputError(`question "${question}" answered twice`);
    seen.add(q.key);
    const a = q.answers.find((x) => x.key === answer);
    if (!a) {
      throw new WizardInputError(`unknown answer "${answer}" to "${question}" (known: ${q.answers.map((x) => x.key).join(", ")})`);
    }
    return { questionKey: q.key, prompt: q.prompt, answerKey: a.key, label: a.label, causes: a.causes };
  });
}

export interface WizardStepView {
  ranking: Ranking;
  /** The next question to ask, or null when no question splits the candidates any more. */
  next: SelectedQuestion | null;
  /** A live check whose steps can confirm or refute the remaining candidates. */
  suggested: SuggestedCheck;
}

export function wizardStep(
  model: DiagnosisModel,
  start: WizardStart,
  answers: readonly GivenAnswer[],
  findings: readonly ObservedFinding[] = [],
): WizardStepView {
  const ranking = rankDiagnosis({
    causes: model.causes,
    articles: model.articles,
    checks: model.checks,
    start,
    answers: [...answers],
    findings: [...findings],
  });
  const scores = wizardScores(start, answers);
  // Questions are chosen on the full score (evidence included), so a confirmed cause is not questioned again.
  for (const c of ranking.causes) scores.set(c.key, c.score);
  const next = start.kind === "none" ? null : selectQuestion(model.questions, new Set(answers.map((a) => a.questionKey)), scores);
  const candidates = ranking.causes.filter((c) => c.candidate).map((c) => c.key);
  const suggested = suggestCheck(candidates, model.checks);
  return { ranking, next, suggested };
}
