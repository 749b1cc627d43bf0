import type { FieldChange } from "@/lib/kb/diff";

/** A field-by-field diff: each changed field with the words removed and added inside it. */
export function FieldChanges({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return <p className="text-sm text-slate-700">No differences.</p>;
  return (
    <ul className="mt-2 space-y-3" data-testid="field-changes">
      {changes.map((c, i) => (
        <li key={i} className="rounded border border-slate-200 bg-white p-2">
          <p className="break-all font-mono text-xs text-slate-700">
            {c.path} <span className="font-sans font-semibold">({c.kind})</span>
          </p>
          {c.parts ? (
            <p className="mt-1 whitespace-pre-wrap break-words text-sm">
              {c.parts.map((p, j) =>
                p.added ? (
                  <ins key={j} className="bg-emerald-100 text-emerald-950 no-underline decoration-emerald-700">
                    {p.value}
                  </ins>
                ) : p.removed ? (
                  <del key={j} className="bg-red-100 text-red-950">
                    {p.value}
                  </del>
                ) : (
                  <span key={j}>{p.value}</span>
                ),
              )}
            </p>
          ) : (
            <div className="mt-1 grid gap-1 text-sm md:grid-cols-2">
              {c.before !== undefined ? (
                <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded bg-red-50 p-1 text-xs">
                  <span className="sr-only">Before: </span>
                  {c.before}
                </pre>
              ) : null}
              {c.after !== undefined ? (
                <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded bg-emerald-50 p-1 text-xs">
                  <span className="sr-only">After: </span>
                  {c.after}
                </pre>
              ) : null}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
