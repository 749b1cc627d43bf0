"use client";

/** Start and cancel buttons of a live check (the form's submit, or a plain button with onRun). */
export function RunControls({
  running,
  label,
  runningLabel,
  onRun,
  onCancel,
}: {
  running: boolean;
  label: string;
  runningLabel: string;
  /** Without it the start button submits the surrounding form. */
  onRun?: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="flex gap-3">
      <button
        type={onRun ? "button" : "submit"}
        disabled={running}
        onClick={onRun}
        className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2 disabled:bg-slate-500"
      >
        {running ? runningLabel : label}
      </button>
      {running ? (
        <button
          type="button"
          onClick={onCancel}
          className="rounded border border-slate-400 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600"
        >
          Cancel
        </button>
      ) : null}
    </div>
  );
}
