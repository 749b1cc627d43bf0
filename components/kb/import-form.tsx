"use client";

/**
 * Console import of a kb folder: the browser sends every file with its path inside the chosen
 * folder; the server validates all of them and publishes them as one revision (or, as a dry run,
 * only says what would change).
 */
import { useActionState, useRef } from "react";
import { importAction, type ImportResult } from "@/app/kb/actions";
import { FieldChanges } from "./field-changes";

export function ImportForm() {
  const [state, formAction, pending] = useActionState<ImportResult | null, FormData>(importAction, null);
  const pathsRef = useRef<HTMLDivElement>(null);
  return (
    <section aria-labelledby="import-heading" className="rounded border border-slate-300 bg-white p-3">
      <h2 id="import-heading" className="text-lg font-semibold">
        Import a kb folder
      </h2>
      <p className="text-sm text-slate-700">Every file is validated first; if anything is invalid nothing changes. Articles not in the folder are kept.</p>
      <form
        action={formAction}
        className="mt-2 space-y-2"
        onSubmit={(e) => {
          // each file's path inside the folder (webkitRelativePath), in the order the files are sent
          const input = e.currentTarget.elements.namedItem("files") as HTMLInputElement;
          const holder = pathsRef.current!;
          holder.replaceChildren(
            ...Array.from(input.files ?? []).map((f) => {
              const hidden = document.createElement("input");
              hidden.type = "hidden";
              hidden.name = "paths";
              hidden.value = f.webkitRelativePath || f.name;
              return hidden;
            }),
          );
        }}
      >
        <label htmlFor="import-files" className="block text-sm font-medium">
          Folder (or JSON files)
        </label>
        <input id="import-files" name="files" type="file" multiple accept=".json,application/json" className="block min-h-11 w-full text-sm" {...{ webkitdirectory: "" }} />
        <div ref={pathsRef} hidden />
        <label htmlFor="import-message" className="block text-sm font-medium">
          Revision message
        </label>
        <input id="import-message" name="message" className="min-h-11 w-full rounded border border-slate-400 px-2" maxLength={2000} />
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" name="dryRun" defaultChecked className="h-5 w-5" /> Dry run (show what would change, write nothing)
        </label>
        <button type="submit" disabled={pending} className="min-h-11 rounded bg-sky-800 px-4 text-sm font-medium text-white disabled:opacity-50">
          {pending ? "Importing…" : "Import"}
        </button>
      </form>
      <div role="status" aria-live="polite" className="mt-3 text-sm" data-testid="import-result">
        {state?.status === "error" ? <p className="text-red-900">{state.message}</p> : null}
        {state?.status === "invalid" ? (
          <div className="text-red-900">
            <p className="font-semibold">Nothing was changed: {state.problems.length} problem(s)</p>
            <ul className="list-disc pl-5">
              {state.problems.map((p, i) => (
                <li key={i}>
                  <span className="font-mono">{p.file}</span>
                  {p.field ? (
                    <>
                      : <span className="font-mono">{p.field}</span>
                    </>
                  ) : null}
                  : {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {state?.status === "ok" ? (
          <div>
            <p className="font-semibold">
              {state.dryRun
                ? `Dry run: ${state.changes.length} document(s) would change. Nothing was written.`
                : state.kbRevision === null
                  ? "Nothing to import: the knowledge base already matches."
                  : `Imported ${state.changes.length} document(s) as knowledge-base revision ${state.kbRevision}.`}
            </p>
            <ul className="mt-2 space-y-3">
              {state.changes.map((c) => (
                <li key={c.key}>
                  <p>
                    <span className="font-mono">{c.file}</span> — {c.change}
                  </p>
                  {c.change === "changed" ? <FieldChanges changes={c.fields} /> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </section>
  );
}
