"use client";

import Link from "next/link";
import { useActionState, useEffect, useId, useMemo, useRef } from "react";
import { useFormStatus } from "react-dom";
import { startFromTextAction } from "@/app/diagnose/actions";
import { LiveCheck } from "@/components/diagnosis/live-check";
import type { SuggestedCheck } from "@/lib/diagnosis/steps";
import type { DiagnosisModel, GivenAnswer, RankedCause, WizardStart } from "@/lib/diagnosis/types";
import { answersParam, diagnoseUrl } from "@/lib/diagnosis/wizard-url";
import { wizardStep } from "@/lib/diagnosis/wizard-state";

/**
 * The symptom wizard. Starts from a category or pasted text, then asks the seeded question that
 * best splits the remaining candidate causes (lib/diagnosis/question-selection.ts), says how
 * and why the candidates changed, shows the top articles, and offers a live check at any point.
 * Every step is a link to a /diagnose URL holding the whole state (lib/diagnosis/wizard-url.ts),
 * so Back, Forward and reload work, and so does the wizard without JavaScript.
 */
export interface WizardProps {
  model: DiagnosisModel;
  start: WizardStart;
  answers: GivenAnswer[];
  /** The pasted text of a text start (as in the URL). */
  text?: string | undefined;
  checkOpen: boolean;
  /** "Check a host for this" from an article: its causes' steps. */
  fromArticle: { slug: string; title: string; suggested: SuggestedCheck } | null;
  /** Characters of the original paste, when it was trimmed. */
  trimmedFrom: number | null;
  problems: string[];
  /** Whether the signed-in staff member may run live checks (helpdesk and up); else the form is not offered. */
  canRun?: boolean;
  /** Probe agents online now: the live check can also run from them. */
  agents?: ReadonlyArray<{ name: string; address: string | null }>;
}

const BUTTON_LINK =
  "inline-flex min-h-11 items-center rounded border border-slate-400 no-underline bg-white px-3 text-sm text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600";
const PRIMARY_LINK =
  "inline-flex min-h-11 items-center rounded bg-sky-800 no-underline px-4 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2";

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Why the candidate count is what it is after the last answer, in a sentence. */
function countChange(before: RankedCause[] | null, after: RankedCause[], last: GivenAnswer | undefined): string | null {
  if (!before || !last) return null;
  const was = new Set(before.filter((c) => c.candidate).map((c) => c.key));
  const now = new Set(after.filter((c) => c.candidate).map((c) => c.key));
  const removed = before.filter((c) => was.has(c.key) && !now.has(c.key)).map((c) => c.title);
  const added = after.filter((c) => now.has(c.key) && !was.has(c.key)).map((c) => c.title);
  const parts: string[] = [];
  if (removed.length > 0) parts.push(`ruled out ${listWords(removed)}`);
  if (added.length > 0) parts.push(`brought in ${listWords(added)}, which ${added.length === 1 ? "fits" : "fit"} that answer`);
  if (parts.length === 0) return `Your answer “${last.label}” did not change which causes are in the running; it changed their order.`;
  return `Your answer “${last.label}” ${parts.join(" and ")} (${was.size} → ${now.size}).`;
}

/** A cause's standing in words; the scores stay in "how this was ranked". */
function causeSentence(c: RankedCause): string {
  const fits = c.support.map((r) => r.label);
  const against = c.against.map((r) => r.label);
  const parts: string[] = [];
  // the labels already quote what was reported (an answer with its question, a category)
  if (fits.length > 0) parts.push(`Fits ${listWords(fits)}.`);
  if (against.length > 0) parts.push(`Speaks against it: ${listWords(against)}.`);
  return parts.join(" ") || "Nothing reported so far points to it or away from it.";
}

function PasteSubmit() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={`${PRIMARY_LINK} disabled:bg-slate-500`}>
      {pending ? "Looking up…" : "Start from this text"}
    </button>
  );
}

export function Wizard({ model, start, answers, text, checkOpen: wantCheck, fromArticle, trimmedFrom, problems, canRun = true, agents = [] }: WizardProps) {
  const checkOpen = wantCheck && canRun;
  const id = useId();
  const [paste, pasteAction] = useActionState(startFromTextAction, { error: null, text: "" });
  const questionHeading = useRef<HTMLHeadingElement>(null);
  const view = useMemo(() => wizardStep(model, start, answers), [model, start, answers]);
  const before = useMemo(() => (answers.length > 0 ? wizardStep(model, start, answers.slice(0, -1)).ranking.causes : null), [model, start, answers]);
  const base = { c: start.kind === "category" ? start.key : undefined, t: start.kind === "text" ? text : undefined };
  const stepKey = `${base.c ?? ""}|${base.t ?? ""}|${answersParam(answers)}`;
  const lastKey = useRef(stepKey);

  // after a step (a soft navigation keeps this component), focus moves to the new question
  useEffect(() => {
    if (lastKey.current !== stepKey) questionHeading.current?.focus();
    lastKey.current = stepKey;
  }, [stepKey]);

  const problemList =
    problems.length > 0 ? (
      <ul role="alert" className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    ) : null;

  const suggested = fromArticle && start.kind === "none" ? fromArticle.suggested : view.suggested;
  const checkUrl = diagnoseUrl({ ...base, answers, check: true, ...(trimmedFrom ? { trimmed: String(trimmedFrom) } : {}) }, "live-check");
  const liveCheck = !canRun ? (
    <p className="text-sm text-slate-700" data-testid="no-run-note">
      Live checks need the helpdesk role; ask an admin if you should run them.
    </p>
  ) : checkOpen ? (
    <section id="live-check" aria-label="Live check" className="scroll-mt-4">
      {fromArticle && start.kind === "none" ? (
        <p className="mb-3 text-sm text-slate-800">
          Checking a host for{" "}
          <Link href={`/articles/${fromArticle.slug}`} className="text-sky-800 underline">
            {fromArticle.title}
          </Link>
          : the steps that test its causes are selected.
        </p>
      ) : null}
      <LiveCheck
        context={{ c: base.c, t: base.t, a: answersParam(answers) || undefined }}
        suggestedSteps={suggested.steps}
        suggestedPort={suggested.port}
        agents={agents}
        focusOnOpen
      />
    </section>
  ) : (
    <Link href={checkUrl} className={PRIMARY_LINK}>
      Run a live check
    </Link>
  );

  if (start.kind === "none") {
    return (
      <div className="space-y-8">
        {problemList}
        {checkOpen || (wantCheck && !canRun) ? liveCheck : null}
        <section aria-labelledby={`${id}-categories`}>
          <h2 id={`${id}-categories`} className="text-lg font-semibold">
            {checkOpen ? "Or start from what the user reported" : "What did the user report?"}
          </h2>
          <ul className="mt-3 grid gap-3 md:grid-cols-2">
            {model.categories.map((c) => (
              <li key={c.key}>
                <Link
                  href={diagnoseUrl({ c: c.key, answers: [] })}
                  aria-describedby={`${id}-cat-${c.key}`}
                  className="block w-full rounded-lg border border-slate-300 bg-white p-3 no-underline text-left hover:border-sky-700 hover:bg-sky-50 focus:outline-none focus:ring-2 focus:ring-sky-600"
                >
                  <span className="block font-medium text-sky-900">{c.label}</span>
                  <span id={`${id}-cat-${c.key}`} className="block text-sm text-slate-700">
                    {c.description}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby={`${id}-text`} className="space-y-2">
          <h2 id={`${id}-text`} className="text-lg font-semibold">
            Or start from pasted text
          </h2>
          <form action={pasteAction} className="space-y-2">
            <label htmlFor={`${id}-pasted`} className="block text-sm text-slate-800">
              An NDR, an SMTP log excerpt, an event description or an error code
            </label>
            <textarea
              id={`${id}-pasted`}
              name="text"
              defaultValue={paste.text}
              rows={5}
              aria-invalid={paste.error ? true : undefined}
              aria-describedby={paste.error ? `${id}-text-error` : undefined}
              className="w-full rounded border border-slate-400 p-2 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600"
            />
            {paste.error ? (
              <p id={`${id}-text-error`} role="alert" className="text-sm font-medium text-red-800">
                {paste.error}
              </p>
            ) : null}
            <div className="flex flex-wrap gap-3">
              <PasteSubmit />
              {!checkOpen && canRun ? (
                <Link href={diagnoseUrl({ answers: [], check: true }, "live-check")} className={BUTTON_LINK}>
                  Skip to a live check
                </Link>
              ) : null}
            </div>
          </form>
        </section>
      </div>
    );
  }

  const next = view.next;
  const topArticles = view.ranking.articles.slice(0, 3);
  const candidates = view.ranking.causes.filter((c) => c.candidate);
  const change = countChange(before, view.ranking.causes, answers[answers.length - 1]);
  return (
    <div className="space-y-8">
      {problemList}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-800">
          Started from <span className="font-semibold">{start.label}</span>
        </p>
        <Link href="/diagnose" className={BUTTON_LINK}>
          Start over
        </Link>
      </div>
      {start.kind === "text" && text ? (
        <details className="rounded border border-slate-200 bg-white p-3 text-sm" open={trimmedFrom !== null}>
          <summary className="cursor-pointer font-medium">
            {trimmedFrom !== null
              ? `Your text (${trimmedFrom.toLocaleString("en")} characters) was trimmed to the lines the knowledge base recognised and the lines around them`
              : "The pasted text"}
          </summary>
          <pre className="mt-2 whitespace-pre-wrap break-all text-xs" data-testid="pasted-text">
            {text}
          </pre>
        </details>
      ) : null}

      <div className="grid gap-8 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-6">
          <div role="status" className="space-y-1" data-testid="candidate-count">
            <p className="text-base font-medium">{view.ranking.candidates === 1 ? "1 candidate cause remains" : `${view.ranking.candidates} candidate causes remain`}</p>
            {change ? (
              <p className="text-sm text-slate-700" data-testid="count-change">
                {change}
              </p>
            ) : null}
          </div>

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
              <Link href={diagnoseUrl({ ...base, answers: answers.slice(0, -1) })} className={`${BUTTON_LINK} mt-2`}>
                Back: undo the last answer
              </Link>
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
                    <Link
                      href={diagnoseUrl({ ...base, answers: [...answers, { questionKey: next.question.key, answerKey: a.key }] })}
                      className="flex min-h-11 w-full items-center rounded border border-slate-300 bg-slate-50 no-underline px-3 py-2 text-left text-sm hover:border-sky-700 hover:bg-sky-50 focus:outline-none focus:ring-2 focus:ring-sky-600"
                    >
                      {a.label}
                    </Link>
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
            <ol className="mt-2 space-y-3 text-sm">
              {candidates.map((c) => (
                <li key={c.key} data-testid="wizard-cause">
                  <span className="font-medium">
                    {c.rank}. {c.title}
                  </span>
                  <span className="block text-slate-700">{causeSentence(c)}</span>
                  <details className="mt-1 text-xs text-slate-700">
                    <summary className="cursor-pointer text-sky-800">How this was ranked</summary>
                    <p className="mt-1">{c.explanation}</p>
                  </details>
                </li>
              ))}
            </ol>
          </section>
        </div>
        <aside aria-labelledby={`${id}-top`} className="min-w-0 space-y-3">
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

      {liveCheck}
    </div>
  );
}
