"use client";

import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { lookupAction } from "@/app/actions/lookup";
import { LiveCheck } from "@/components/diagnosis/live-check";
import { priorsFromLookup } from "@/lib/diagnosis/ranking";
import type { DiagnosisModel, GivenAnswer, WizardStart } from "@/lib/diagnosis/types";
import { categoryStart, resolveAnswers, textStart, wizardStep } from "@/lib/diagnosis/wizard-state";

/**
 * The symptom wizard. Starts from a category or pasted text, then asks the seeded question that
 * best splits the remaining candidate causes (lib/diagnosis/question-selection.ts), shows how
 * many candidates remain and the top articles, can be stepped back, and offers a live check
 * at any point. The state lives in the URL (?c=category&a=question:answer,...) so a reload
 * or a copied link keeps it.
 */

interface Initial {
  category?: string | undefined;
  answers?: string | undefined;
}

function initialState(model: DiagnosisModel, initial: Initial): { start: WizardStart; answers: GivenAnswer[] } {
  try {
    if (!initial.category) return { start: { kind: "none" }, answers: [] };
    const start = categoryStart(model, initial.category);
    const pairs = (initial.answers ?? "")
      .split(",")
      .filter(Boolean)
      .map((pair) => {
        const [question = "", answer = ""] = pair.split(":");
        return { question, answer };
      });
    return { start, answers: resolveAnswers(model, pairs) };
  } catch {
    return { start: { kind: "none" }, answers: [] };
  }
}

function urlFor(start: WizardStart, answers: readonly GivenAnswer[]): string {
  if (start.kind !== "category") return "/diagnose";
  const params = new URLSearchParams({ c: start.key });
  if (answers.length > 0) params.set("a", answers.map((a) => `${a.questionKey}:${a.answerKey}`).join(","));
  return `/diagnose?${params.toString()}`;
}

export function Wizard({ model, initial }: { model: DiagnosisModel; initial: Initial }) {
  const id = useId();
  const first = useMemo(() => initialState(model, initial), [model, initial]);
  const [start, setStart] = useState<WizardStart>(first.start);
  const [answers, setAnswers] = useState<GivenAnswer[]>(first.answers);
  const [text, setText] = useState("");
  const [textError, setTextError] = useState<string | null>(null);
  const [checkOpen, setCheckOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const questionHeading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const view = useMemo(() => wizardStep(model, start, answers), [model, start, answers]);

  useEffect(() => {
    window.history.replaceState(null, "", urlFor(start, answers));
    if (moved.current) questionHeading.current?.focus();
  }, [start, answers]);

  function begin(next: WizardStart) {
    moved.current = true;
    setAnswers([]);
    setStart(next);
  }

  function answer(questionKey: string, answerKey: string) {
    moved.current = true;
    setAnswers((current) => [...current, ...resolveAnswers(model, [{ question: questionKey, answer: answerKey }])]);
  }

  function back() {
    moved.current = true;
    setAnswers((current) => current.slice(0, -1));
  }

  function restart() {
    moved.current = false;
    setAnswers([]);
    setStart({ kind: "none" });
    setCheckOpen(false);
  }

  function startFromText() {
    const pasted = text.trim();
    if (!pasted) {
      setTextError("Paste an NDR, a log excerpt or an error text first.");
      return;
    }
    setTextError(null);
    startTransition(async () => {
      const result = await lookupAction(pasted);
      if ("error" in result) {
        setTextError(result.error);
        return;
      }
      const causes = priorsFromLookup(result.articles.map((a) => ({ slug: a.slug, score: a.score })), model.articles);
      if (causes.length === 0) {
        setTextError("Nothing in the knowledge base matches this text. Start from a category instead.");
        return;
      }
      begin(textStart(pasted, causes, result.articles[0]?.title ?? null));
    });
  }

  if (start.kind === "none" && !checkOpen) {
    return (
      <div className="space-y-8">
        <section aria-labelledby={`${id}-categories`}>
          <h2 id={`${id}-categories`} className="text-lg font-semibold">
            What did the user report?
          </h2>
          <ul className="mt-3 grid gap-3 md:grid-cols-2">
            {model.categories.map((c) => (
              <li key={c.key}>
                <button
                  type="button"
                  onClick={() => begin(categoryStart(model, c.key))}
                  aria-describedby={`${id}-cat-${c.key}`}
                  className="w-full rounded-lg border border-slate-300 bg-white p-3 text-left hover:border-sky-700 hover:bg-sky-50 focus:outline-none focus:ring-2 focus:ring-sky-600"
                >
                  <span className="block font-medium text-sky-900">{c.label}</span>
                  <span id={`${id}-cat-${c.key}`} className="block text-sm text-slate-700">
                    {c.description}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby={`${id}-text`} className="space-y-2">
          <h2 id={`${id}-text`} className="text-lg font-semibold">
            Or start from pasted text
          </h2>
          <label htmlFor={`${id}-pasted`} className="block text-sm text-slate-800">
            An NDR, an SMTP log excerpt, an event description or an error code
          </label>
          <textarea
            id={`${id}-pasted`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={5}
            aria-describedby={textError ? `${id}-text-error` : undefined}
            className="w-full rounded border border-slate-400 p-2 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600"
          />
          {textError ? (
            <p id={`${id}-text-error`} role="alert" className="text-sm font-medium text-red-800">
              {textError}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              onClick={startFromText}
              disabled={pending}
              className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2 disabled:bg-slate-500"
            >
              {pending ? "Looking up…" : "Start from this text"}
            </button>
            <button
              type="button"
              onClick={() => setCheckOpen(true)}
              className="rounded border border-slate-400 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600"
            >
              Skip to a live check
            </button>
          </div>
        </section>
      </div>
    );
  }

  const next = view.next;
  const topArticles = view.ranking.articles.slice(0, 3);
  const candidates = view.ranking.causes.filter((c) => c.candidate);
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-800">
          {start.kind === "category" ? (
            <>
              Started from <span className="font-semibold">{start.label}</span>
            </>
          ) : start.kind === "text" ? (
            <>
              Started from <span className="font-semibold">{start.label}</span>
            </>
          ) : (
            "Live check without the wizard"
          )}
        </p>
        <button
          type="button"
          onClick={restart}
          className="rounded border border-slate-400 bg-white px-3 py-1 text-sm text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600"
        >
          Start over
        </button>
      </div>

      {start.kind !== "none" ? (
        <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
          <div className="space-y-6">
            <p role="status" className="text-base font-medium" data-testid="candidate-count">
              {view.ranking.candidates === 1 ? "1 candidate cause remains" : `${view.ranking.candidates} candidate causes remain`}
            </p>

            {answers.length > 0 ? (
              <section aria-labelledby={`${id}-answered`}>
                <h2 id={`${id}-answered`} className="text-sm font-semibold text-slate-800">
                  Your answers
                </h2>
                <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm text-slate-800">
                  {answers.map((a) => (
                    <li key={a.questionKey}>
                      {a.prompt} <span className="font-medium">{a.label}</span>
                    </li>
                  ))}
                </ol>
                <button
                  type="button"
                  onClick={back}
                  className="mt-2 rounded border border-slate-400 bg-white px-3 py-1 text-sm text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600"
                >
                  Back: undo the last answer
                </button>
              </section>
            ) : null}

            {next ? (
              <section aria-labelledby={`${id}-question`} className="rounded-lg border border-slate-300 bg-white p-4" data-testid="question">
                <h2 id={`${id}-question`} ref={questionHeading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
                  {next.question.prompt}
                </h2>
                <p className="mt-1 text-sm text-slate-700">{next.question.help}</p>
                <ul className="mt-3 grid gap-2" aria-label="Answers">
                  {next.question.answers.map((a) => (
                    <li key={a.key}>
                      <button
                        type="button"
                        onClick={() => answer(next.question.key, a.key)}
                        className="w-full rounded border border-slate-300 bg-slate-50 px-3 py-2 text-left text-sm hover:border-sky-700 hover:bg-sky-50 focus:outline-none focus:ring-2 focus:ring-sky-600"
                      >
                        {a.label}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ) : (
              <section aria-labelledby={`${id}-question`} className="rounded-lg border border-slate-300 bg-white p-4" data-testid="question">
                <h2 id={`${id}-question`} ref={questionHeading} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
                  No further question splits the remaining causes
                </h2>
                <p className="mt-1 text-sm text-slate-700">Run a live check to confirm or refute them, or read the articles.</p>
              </section>
            )}

            <section aria-labelledby={`${id}-cands`}>
              <h2 id={`${id}-cands`} className="text-sm font-semibold text-slate-800">
                Candidate causes so far
              </h2>
              <ol className="mt-2 space-y-2 text-sm">
                {candidates.map((c) => (
                  <li key={c.key} data-testid="wizard-cause">
                    <span className="font-medium">
                      {c.rank}. {c.title}
                    </span>
                    <span className="block text-xs text-slate-700">{c.explanation}</span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
          <aside aria-labelledby={`${id}-top`} className="space-y-3">
            <h2 id={`${id}-top`} className="text-sm font-semibold text-slate-800">
              Top articles so far
            </h2>
            <ol className="space-y-2 text-sm" data-testid="wizard-articles">
              {topArticles.map((a) => (
                <li key={a.slug}>
                  <Link className="text-sky-800 underline" href={`/articles/${a.slug}`}>
                    {a.title}
                  </Link>
                </li>
              ))}
            </ol>
          </aside>
        </div>
      ) : null}

      {checkOpen ? (
        <LiveCheck
          context={{
            ...(start.kind === "category" ? { category: start.key } : {}),
            ...(start.kind === "text" ? { text } : {}),
            answers: answers.map((a) => ({ question: a.questionKey, answer: a.answerKey })),
          }}
          suggestedSteps={view.suggested.steps}
          suggestedPort={view.suggested.port}
          probes={view.suggested.probes}
        />
      ) : (
        <button
          type="button"
          onClick={() => setCheckOpen(true)}
          className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2"
        >
          Run a live check
        </button>
      )}
    </div>
  );
}
