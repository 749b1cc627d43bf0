"use client";

import { SubmitButton } from "./submit-button";
import { useActionState, useEffect, useId, useRef } from "react";
import { startCheckAction } from "@/app/diagnose/actions";
import { CHECK_FORM_FIELDS, emptyCheckFormState, type CheckFormField } from "@/lib/diagnosis/check-form";
import { CHECK_STEPS, STEP_INFO, type CheckStep } from "@/lib/diagnosis/steps";

/** The wizard state the check is saved with (the same keys as the /diagnose URL). */
export interface WizardContext {
  /** Category key. */
  c?: string | undefined;
  /** Answers, "question:answer,…". */
  a?: string | undefined;
  /** Pasted text (already trimmed to what was recognised). */
  t?: string | undefined;
}

const INPUT = "mt-1 w-full rounded border px-2 py-2 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600";

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-800">
      {message}
    </p>
  );
}

/**
 * The live-check form. A server action (works without JavaScript) validates it, asks the probe
 * policy, saves the diagnosis as running and opens its page, which follows the check. Errors
 * come back beside their fields (aria-invalid, focus on the first); a target the policy
 * refuses is such an error, not a saved diagnosis.
 */
export function LiveCheck({
  context,
  suggestedSteps,
  suggestedPort,
  focusOnOpen = false,
  agents = [],
}: {
  context: WizardContext;
  suggestedSteps: readonly CheckStep[];
  suggestedPort: number;
  /** Move focus to the host field when the form appears (opened on purpose). */
  focusOnOpen?: boolean;
  /** Probe agents online now (the "Run from" choices besides the console). */
  agents?: ReadonlyArray<{ name: string; address: string | null }>;
}) {
  const id = useId();
  const [state, formAction] = useActionState(startCheckAction, emptyCheckFormState);
  const formRef = useRef<HTMLFormElement>(null);
  const values = state.values;
  const errors = state.fieldErrors;
  const suggested = new Set(suggestedSteps);
  const chosen = new Set(values ? values.steps : suggestedSteps.filter((s) => !STEP_INFO[s].optIn));
  const fieldId = (field: CheckFormField) => `${id}-${field}`;
  const fromChosen = new Set(values ? values.from : ["console"]);
  const invalid = (field: CheckFormField) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `${fieldId(field)}-error` } : {});

  useEffect(() => {
    if (focusOnOpen) {
      const host = document.getElementById(fieldId("host"));
      host?.focus();
      host?.scrollIntoView({ block: "center" });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only
  }, []);

  useEffect(() => {
    const first = CHECK_FORM_FIELDS.find((f) => errors[f]);
    if (first) {
      const el = first === "steps" || first === "from" ? formRef.current?.querySelector<HTMLInputElement>(`input[name="${first}"]`) : document.getElementById(fieldId(first));
      el?.focus();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- when a new answer arrives
  }, [state]);

  const suggestedLabels = CHECK_STEPS.filter((s) => suggested.has(s)).map((s) => STEP_INFO[s].label);

  return (
    <form
      ref={formRef}
      action={formAction}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      aria-labelledby={`${id}-title`}
      noValidate
      data-testid="live-check-form"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Run a live check
      </h2>
      {suggestedLabels.length > 0 ? (
        <p className="text-sm text-slate-700">
          Suggested for the causes still in the running: {suggestedLabels.join("; ")}.
        </p>
      ) : null}
      {context.c ? <input type="hidden" name="c" value={context.c} /> : null}
      {context.a ? <input type="hidden" name="a" value={context.a} /> : null}
      {context.t ? <input type="hidden" name="t" value={context.t} /> : null}
      {state.message ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm font-medium text-red-800">
          {state.message}
        </p>
      ) : null}
      <div className="grid gap-4 md:grid-cols-[1fr_9rem]">
        <div>
          <label htmlFor={fieldId("host")} className="block text-sm font-medium">
            Host, IP address or mail domain
          </label>
          <p id={`${id}-host-hint`} className="text-xs text-slate-700">
            A port may be part of it: mail.example.com:2525, [2001:db8::25]:25, smtp://mail.example.com
          </p>
          <input
            id={fieldId("host")}
            name="host"
            defaultValue={values?.host ?? ""}
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="mail.example.com"
            aria-invalid={errors.host ? true : undefined}
            aria-describedby={errors.host ? `${fieldId("host")}-error ${id}-host-hint` : `${id}-host-hint`}
            className={`${INPUT} ${errors.host ? "border-red-700" : "border-slate-400"}`}
          />
          <FieldError id={`${fieldId("host")}-error`} message={errors.host} />
          <label className="mt-2 flex min-h-11 items-center gap-2 text-sm">
            <input type="checkbox" name="mx" id={fieldId("mx")} defaultChecked={values?.mx ?? false} className="h-5 w-5" {...invalid("mx")} />
            It is a mail domain: test its MX hosts
          </label>
          <FieldError id={`${fieldId("mx")}-error`} message={errors.mx} />
        </div>
        <div>
          <label htmlFor={fieldId("port")} className="block text-sm font-medium">
            Port
          </label>
          <p className="text-xs text-slate-700">Unless the host names one</p>
          <input
            id={fieldId("port")}
            name="port"
            inputMode="numeric"
            defaultValue={values?.port ?? String(suggestedPort)}
            {...invalid("port")}
            className={`${INPUT} ${errors.port ? "border-red-700" : "border-slate-400"}`}
          />
          <FieldError id={`${fieldId("port")}-error`} message={errors.port} />
        </div>
      </div>
      <fieldset aria-describedby={errors.steps ? `${fieldId("steps")}-error` : undefined}>
        <legend className="text-sm font-medium">Steps</legend>
        <FieldError id={`${fieldId("steps")}-error`} message={errors.steps} />
        <ul className="mt-2 grid gap-2 md:grid-cols-2">
          {CHECK_STEPS.map((step) => {
            const info = STEP_INFO[step];
            return (
              <li key={step}>
                <label className="flex min-h-11 items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="steps"
                    value={step}
                    defaultChecked={chosen.has(step)}
                    className="mt-0.5 h-5 w-5 shrink-0"
                    aria-describedby={`${id}-step-${step}`}
                    aria-invalid={errors.steps ? true : undefined}
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
      <fieldset aria-describedby={`${id}-from-hint${errors.from ? ` ${fieldId("from")}-error` : ""}`} data-testid="run-from">
        <legend className="text-sm font-medium">Run from</legend>
        <p id={`${id}-from-hint`} className="text-xs text-slate-700">
          {agents.length > 0
            ? "Tick several places to run the same check from each of them at once and compare what each one sees."
            : "No probe agent is online; the check runs from the console's server. Admins add agents under Agents."}
        </p>
        <FieldError id={`${fieldId("from")}-error`} message={errors.from} />
        <input type="hidden" name="fromShown" value="1" />
        <ul className="mt-2 grid gap-2 md:grid-cols-2">
          {[{ name: "console", address: null as string | null, label: "The console (this server)" }, ...agents.map((a) => ({ ...a, label: a.name }))].map((v) => (
            <li key={v.name}>
              <label className="flex min-h-11 items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="from"
                  value={v.name}
                  defaultChecked={fromChosen.has(v.name)}
                  className="mt-0.5 h-5 w-5 shrink-0"
                  aria-invalid={errors.from ? true : undefined}
                />
                <span>
                  <span className="font-medium">{v.label}</span>
                  <span className="block text-xs text-slate-700">{v.name === "console" ? "where RelayDesk runs" : `probe agent${v.address ? ` at ${v.address}` : ""}`}</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div>
        <label htmlFor={fieldId("recipient")} className="block text-sm font-medium">
          Test recipient for the MAIL FROM / RCPT TO and split end-of-data steps (default: postmaster at the host)
        </label>
        <input
          id={fieldId("recipient")}
          name="recipient"
          defaultValue={values?.recipient ?? ""}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          {...invalid("recipient")}
          className={`${INPUT} ${errors.recipient ? "border-red-700" : "border-slate-400"}`}
        />
        <FieldError id={`${fieldId("recipient")}-error`} message={errors.recipient} />
      </div>
      <p className="text-sm text-slate-700">The diagnosis is saved under your name as signed in.</p>
      <SubmitButton label="Run live check" />
    </form>
  );
}
