"use client";

import { useFormStatus } from "react-dom";

/** The primary submit button of a server-action form: disabled and relabelled while it runs. */
export function SubmitButton({ label, pendingLabel = "Starting…" }: { label: string; pendingLabel?: string }) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      disabled={pending}
      className="min-h-11 rounded bg-sky-800 px-5 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2 disabled:bg-slate-500"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
