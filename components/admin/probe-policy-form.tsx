"use client";

import { useActionState } from "react";
import { saveProbePolicyAction, type ProbePolicyFormState } from "@/app/admin/policy/actions";

const FIELD = "mt-1 block w-full rounded border px-3 py-2 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600";

type Values = { allowCidrs: string; denyCidrs: string; ports: string };

function Field({ name, label, hint, error, value, rows }: { name: keyof Values; label: string; hint: string; error?: string; value: string; rows?: number }) {
  const errorId = `${name}-error`;
  const hintId = `${name}-hint`;
  const common = {
    id: name,
    name,
    defaultValue: value,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${hintId} ${errorId}` : hintId,
    className: `${FIELD} ${error ? "border-red-700" : "border-slate-400"}`,
    spellCheck: false,
    autoComplete: "off",
  } as const;
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <p id={hintId} className="text-xs text-slate-700">
        {hint}
      </p>
      {rows ? <textarea {...common} rows={rows} maxLength={40_000} /> : <input {...common} type="text" maxLength={4_000} className={`${common.className} min-h-11`} />}
      {error ? (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-800" data-testid={`${name}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The policy's three fields; errors appear beside the field, and a refused save keeps what was typed. */
export function ProbePolicyForm({ revision, initial }: { revision: number; initial: Values }) {
  const [state, action, pending] = useActionState<ProbePolicyFormState, FormData>(saveProbePolicyAction, { ok: true });
  const values = state.values ?? initial;
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="baseRevision" value={revision} />
      <Field
        name="ports"
        label="Allowed ports"
        hint='Ports and ranges, separated by commas: 25, 465, 587, 2525-2530. Or "any".'
        error={state.fieldErrors?.ports}
        value={values.ports}
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Field
          name="allowCidrs"
          label="Allowed ranges"
          hint="One range per line (10.0.0.0/8, 2001:db8::/32, or one address). Opens ranges denied by default, such as 127.0.0.0/8 for a lab."
          error={state.fieldErrors?.allowCidrs}
          value={values.allowCidrs}
          rows={6}
        />
        <Field
          name="denyCidrs"
          label="Denied ranges"
          hint="One range per line. Always denied, even when an allowed range covers them too."
          error={state.fieldErrors?.denyCidrs}
          value={values.denyCidrs}
          rows={6}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className="min-h-11 rounded bg-sky-800 px-4 text-sm font-semibold text-white hover:bg-sky-900 disabled:opacity-60">
          {pending ? "Saving…" : "Save policy"}
        </button>
        <div aria-live="polite">
          {state.message ? (
            <p role={state.ok ? "status" : "alert"} className={`text-sm font-medium ${state.ok ? "text-emerald-800" : "text-red-800"}`} data-testid="policy-message">
              {state.message}
            </p>
          ) : null}
        </div>
      </div>
    </form>
  );
}
