"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { CHECK_STEPS, STEP_INFO, normalizeSteps, type CheckStep } from "@/lib/diagnosis/steps";
import { checkRequestSchema, firstIssue } from "@/lib/diagnosis/validation";
import { NAME_STORAGE_KEY } from "./display-name";
import { DiagnosisResults } from "./results";
import { LiveProgress } from "./live-progress";
import { RunControls } from "./run-controls";
import { TicketActions } from "./ticket-actions";
import { useLiveCheck } from "./use-live-check";

export interface WizardContext {
  category?: string | undefined;
  answers: Array<{ question: string; answer: string }>;
  text?: string | undefined;
}

/**
 * The live-check form (host, port, steps with the opt-in split end-of-data test) and the live
 * view of the running check, then the results beside the articles with the share link.
 */
export function LiveCheck({
  context,
  suggestedSteps,
  suggestedPort,
  probes,
}: {
  context: WizardContext;
  suggestedSteps: readonly CheckStep[];
  suggestedPort: number;
  /** Knowledge-model check probes that can test the remaining causes. */
  probes: readonly string[];
}) {
  const id = useId();
  const [host, setHost] = useState("");
  const [mx, setMx] = useState(false);
  const [port, setPort] = useState(String(suggestedPort));
  const [steps, setSteps] = useState<Set<CheckStep>>(() => new Set(suggestedSteps.filter((s) => !STEP_INFO[s].optIn)));
  const [recipient, setRecipient] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const { state, start, cancel } = useLiveCheck();
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const saved = window.localStorage.getItem(NAME_STORAGE_KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reading browser storage once after hydration
    if (saved) setName(saved);
  }, []);

  useEffect(() => {
    if (state.status === "done") resultHeading.current?.focus();
  }, [state.status]);

  const running = state.status === "running";
  const suggested = new Set(suggestedSteps);
  const needsRecipient = steps.has("split_data") || steps.has("envelope");

  function toggle(step: CheckStep, on: boolean) {
    setSteps((current) => {
      const next = new Set(current);
      if (on) next.add(step);
      else next.delete(step);
      return next;
    });
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = {
      host,
      ...(port.trim() ? { port: port.trim() } : {}),
      ...(mx ? { mx: true } : {}),
      steps: normalizeSteps([...steps]),
      ...(context.category ? { category: context.category } : {}),
      ...(context.text ? { text: context.text } : {}),
      answers: context.answers,
      ...(needsRecipient && recipient.trim() ? { recipient: recipient.trim() } : {}),
      createdBy: name,
      save: true,
    };
    const parsed = checkRequestSchema.safeParse(body);
    if (!parsed.success) {
      setError(firstIssue(parsed.error));
      return;
    }
    setError(null);
    if (name.trim()) window.localStorage.setItem(NAME_STORAGE_KEY, name.trim());
    void start({ ...body, port: parsed.data.port });
  }

  const record = state.result?.record;
  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby={`${id}-title`} noValidate>
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          Run a live check
        </h2>
        {probes.length > 0 ? (
          <p className="text-sm text-slate-700">
            Suggested from the knowledge base&apos;s checks for the remaining causes: <span className="font-mono text-xs">{probes.join(", ")}</span>
          </p>
        ) : null}
        <div className="grid gap-4 md:grid-cols-[1fr_8rem]">
          <div>
            <label htmlFor={`${id}-host`} className="block text-sm font-medium">
              Host, IP address or mail domain
            </label>
            <input
              id={`${id}-host`}
              name="host"
              value={host}
              onChange={(e) => setHost(e.target.value)}
              required
              autoComplete="off"
              spellCheck={false}
              aria-describedby={error ? `${id}-error` : undefined}
              aria-invalid={error ? true : undefined}
              placeholder="mail.example.com, 192.0.2.25, 2001:db8::25"
              className="mt-1 w-full rounded border border-slate-400 px-2 py-1.5 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600"
            />
            <label className="mt-2 flex items-center gap-2 text-sm">
              <input type="checkbox" name="mx" checked={mx} onChange={(e) => setMx(e.target.checked)} />
              It is a mail domain: test its MX hosts
            </label>
          </div>
          <div>
            <label htmlFor={`${id}-port`} className="block text-sm font-medium">
              Port
            </label>
            <input
              id={`${id}-port`}
              name="port"
              inputMode="numeric"
              value={port}
              onChange={(e) => setPort(e.target.value)}
              className="mt-1 w-full rounded border border-slate-400 px-2 py-1.5 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600"
            />
          </div>
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Steps</legend>
          <ul className="mt-2 grid gap-2 md:grid-cols-2">
            {CHECK_STEPS.map((step) => {
              const info = STEP_INFO[step];
              return (
                <li key={step}>
                  <label className="flex items-start gap-2 text-sm">
                    <input
                      type="checkbox"
                      name="steps"
                      value={step}
                      checked={steps.has(step)}
                      onChange={(e) => toggle(step, e.target.checked)}
                      className="mt-1"
                      aria-describedby={`${id}-step-${step}`}
                    />
                    <span>
                      <span className="font-medium">{info.label}</span>
                      {suggested.has(step) ? <span className="ml-1 text-xs text-sky-800">(suggested{info.optIn ? ", opt-in" : ""})</span> : null}
                      <span id={`${id}-step-${step}`} className="block text-xs text-slate-700">
                        {info.description}
                      </span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        </fieldset>
        {needsRecipient ? (
          <div>
            <label htmlFor={`${id}-recipient`} className="block text-sm font-medium">
              Test recipient (default: postmaster at the host)
            </label>
            <input
              id={`${id}-recipient`}
              name="recipient"
              value={recipient}
              onChange={(e) => setRecipient(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="mt-1 w-full rounded border border-slate-400 px-2 py-1.5 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600"
            />
          </div>
        ) : null}
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            Your name (shown on the saved diagnosis)
          </label>
          <input
            id={`${id}-name`}
            name="createdBy"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
            className="mt-1 w-full max-w-sm rounded border border-slate-400 px-2 py-1.5 text-sm focus:outline-none focus:ring-2 focus:ring-sky-600"
          />
        </div>
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-sm font-medium text-red-800">
            {error}
          </p>
        ) : null}
        <RunControls running={running} label="Run live check" runningLabel="Checking…" onCancel={cancel} />
      </form>

      {state.status !== "idle" && state.status !== "done" ? <LiveProgress state={state} /> : null}

      {state.status === "done" && record ? (
        <section aria-labelledby={`${id}-result`} className="space-y-4" data-testid="check-result">
          <h2 id={`${id}-result`} ref={resultHeading} tabIndex={-1} className="text-xl font-semibold focus:outline-none">
            Result for {record.host}
            {record.port ? `:${record.port}` : ""}
          </h2>
          {state.result?.url ? (
            <div className="flex flex-wrap items-center gap-3 text-sm">
              <span>Saved as a diagnosis:</span>
              <Link href={state.result.url} className="font-mono text-sky-800 underline" data-testid="share-link">
                {state.result.url}
              </Link>
              <TicketActions record={record} />
            </div>
          ) : (
            <p className="text-sm text-slate-700">Not saved.</p>
          )}
          <DiagnosisResults record={record} />
        </section>
      ) : null}
    </div>
  );
}
