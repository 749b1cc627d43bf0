/**
 * The wizard's state in the /diagnose URL: start (c=category or t=pasted text), answers
 * (a=question:answer,…), the open live-check form (check=1) and the article a check was
 * started from (article=slug). Every wizard step is a link, so Back, Forward and reload work
 * and a copied link reproduces the step. Client-safe and pure.
 */
export interface WizardUrlState {
  c?: string | undefined;
  t?: string | undefined;
  answers: ReadonlyArray<{ questionKey: string; answerKey: string }>;
  check?: boolean;
  article?: string | undefined;
  trimmed?: string | undefined;
}

export function answersParam(answers: WizardUrlState["answers"]): string {
  return answers.map((a) => `${a.questionKey}:${a.answerKey}`).join(",");
}

export function diagnoseUrl(state: WizardUrlState, hash?: string): string {
  const params = new URLSearchParams();
  if (state.c) params.set("c", state.c);
  else if (state.t) params.set("t", state.t);
  if (state.answers.length > 0) params.set("a", answersParam(state.answers));
  if (state.trimmed) params.set("trimmed", state.trimmed);
  if (state.article) params.set("article", state.article);
  if (state.check) params.set("check", "1");
  const query = params.toString();
  return `/diagnose${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`;
}

export function parseAnswersParam(value: string | undefined): Array<{ question: string; answer: string }> {
  return (value ?? "")
    .split(",")
    .filter(Boolean)
    .slice(0, 50)
    .map((pair) => {
      const [question = "", answer = ""] = pair.split(":");
      return { question, answer };
    });
}
