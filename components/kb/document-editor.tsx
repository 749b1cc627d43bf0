"use client";

/**
 * The knowledge-base editor: one document (an article, or the shared causes, checks, wizard or
 * products) in a form drawn from its JSON Schema, or as JSON. Save draft / Publish go to the
 * server, which validates with the same zod schema and answers with errors by field, a conflict
 * (someone saved first: both versions are shown, nothing is lost), or the signature check's
 * misses. Articles have a preview (the article page itself) and authoring help; checks and the
 * wizard have the impact view.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import {
  checkSignaturesAction,
  impactAction,
  previewAction,
  proposeSignaturesAction,
  removeArticleAction,
  saveDocumentAction,
  type SaveResult,
} from "@/app/kb/actions";
import type { ArticlePreview } from "@/lib/kb/preview";
import type { KbProblem } from "@/lib/kb/problems";
import type { SignatureCheck } from "@/lib/kb/signature-check";
import type { ProposedSignature } from "@/lib/kb/authoring-help";
import type { Impact } from "@/lib/kb/impact";
import { ArticleView } from "./article-view";
import { FieldChanges } from "./field-changes";
import { SchemaForm, type JsonSchema } from "./schema-form";

type Obj = Record<string, unknown>;

/**
 * A new document's first save moves the editor to the document's own page. The publish's
 * revalidation re-renders that route as a fresh editor, so the outcome travels in session storage
 * and is shown there (patching the URL in place raced the revalidation and lost the message).
 */
const FLASH_PREFIX = "relaydesk:kb-editor-status:";

export interface DocumentEditorProps {
  /** `article:<slug>`, a shared document's name, or "new". */
  docKey: string;
  kind: "article" | "products" | "causes" | "checks" | "wizard";
  initial: Obj;
  headNumber: number;
  schema: JsonSchema;
  hints: Record<string, string[]>;
}

const button = "min-h-11 rounded px-4 text-sm font-medium disabled:opacity-50";

export function DocumentEditor({ docKey, kind, initial, headNumber, schema, hints }: DocumentEditorProps) {
  const [value, setValue] = useState<Obj>(initial);
  const [key, setKey] = useState(docKey);
  const [base, setBase] = useState(headNumber);
  const [message, setMessage] = useState("");
  const [mode, setMode] = useState<"form" | "json">("form");
  const [jsonText, setJsonText] = useState("");
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [problems, setProblems] = useState<KbProblem[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Extract<SaveResult, { status: "conflict" }> | null>(null);
  const [preview, setPreview] = useState<ArticlePreview | null>(null);
  const [signatures, setSignatures] = useState<SignatureCheck[] | null>(null);
  const [impact, setImpact] = useState<Impact | null>(null);
  const router = useRouter();

  useEffect(() => {
    // session storage exists only in the browser: read after hydration, shown on the next frame
    const flash = window.sessionStorage.getItem(FLASH_PREFIX + docKey);
    if (flash === null) return;
    const frame = window.requestAnimationFrame(() => {
      window.sessionStorage.removeItem(FLASH_PREFIX + docKey);
      setStatus(flash);
    });
    return () => window.cancelAnimationFrame(frame);
  }, [docKey]);
  const [pending, startTransition] = useTransition();

  const errors = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const p of problems) map.set(p.field, [...(map.get(p.field) ?? []), p.message]);
    for (const s of signatures ?? []) {
      if (!s.ok) map.set(s.field, [...(map.get(s.field) ?? []), `the lookup does not bring this article back first for this text (first: ${s.first ? s.first.title : "nothing"})`]);
    }
    return map;
  }, [problems, signatures]);

  /** The document being edited (from the JSON text when in JSON mode). */
  const current = (): Obj | null => {
    if (mode === "form") return value;
    try {
      const parsed = JSON.parse(jsonText) as Obj;
      setJsonError(null);
      return parsed;
    } catch (err) {
      setJsonError(`Not valid JSON: ${(err as Error).message}`);
      return null;
    }
  };

  const switchMode = (next: "form" | "json") => {
    if (next === mode) return;
    if (next === "json") {
      setJsonText(JSON.stringify(value, null, 2));
      setMode("json");
      return;
    }
    const parsed = current();
    if (parsed) {
      setValue(parsed);
      setMode("form");
    }
  };

  const save = (publish: boolean, baseOverride?: number) => {
    const content = current();
    if (!content) return;
    startTransition(async () => {
      setStatus(publish ? "Publishing…" : "Saving…");
      const result = await saveDocumentAction({ key, content, baseNumber: baseOverride ?? base, message, publish });
      setProblems([]);
      setSignatures(null);
      if (result.status === "ok") {
        setConflict(null);
        setBase(result.headNumber);
        setKey(result.key);
        setMessage("");
        const outcome = result.unchanged
          ? "Nothing changed."
          : result.published
            ? `Published as revision ${result.headNumber} (knowledge-base revision ${result.kbRevision}). Search and diagnosis use it now.`
            : `Draft saved as revision ${result.headNumber}. It is not published yet.`;
        setStatus(outcome);
        if (docKey === "new") {
          window.sessionStorage.setItem(FLASH_PREFIX + result.key, outcome);
          router.replace(`/kb/doc/${encodeURIComponent(result.key)}`);
        }
      } else if (result.status === "invalid") {
        setProblems(result.problems);
        setStatus(`Not saved: ${result.problems.length} problem(s), shown beside the fields.`);
      } else if (result.status === "signatures") {
        setSignatures(result.checks);
        setStatus("Not published: a signature is not recognised by the lookup as this article's (shown beside the signature).");
      } else if (result.status === "conflict") {
        setConflict(result);
        setStatus("Not saved: someone else saved this document after you opened it. Both versions are below; your edit is kept.");
      } else {
        setStatus(result.message);
      }
    });
  };

  const remove = () => {
    if (!window.confirm("Remove this article from the published knowledge base? Its history stays, and reverting to a revision brings it back.")) return;
    startTransition(async () => {
      const result = await removeArticleAction({ key, baseNumber: base, message });
      setProblems([]);
      if (result.status === "ok") {
        setStatus(`Removed (revision ${result.headNumber}). Search and diagnosis no longer show it.`);
        setBase(result.headNumber);
      } else if (result.status === "invalid") {
        setProblems(result.problems);
        setStatus("Not removed: other documents still point at this article (listed above).");
      } else if (result.status === "conflict") {
        setConflict(result);
        setStatus("Not removed: someone saved this article after you opened it.");
      } else if (result.status === "error") {
        setStatus(result.message);
      }
    });
  };

  const runPreview = () => {
    const content = current();
    if (!content) return;
    startTransition(async () => {
      const r = await previewAction(content);
      if (r.ok) {
        setPreview(r.preview);
        setProblems([]);
        setStatus(null);
      } else {
        setPreview(null);
        setProblems(r.problems);
        setStatus("Cannot preview: fix the problems shown beside the fields.");
      }
    });
  };

  const runSignatureCheck = () => {
    const content = current();
    if (!content) return;
    startTransition(async () => {
      const r = await checkSignaturesAction(content);
      if (r.ok) {
        setSignatures(r.checks);
        setProblems([]);
        setStatus(r.checks.every((c) => c.ok) ? `All ${r.checks.length} signatures bring this article back first.` : "Some signatures do not bring this article back first.");
      } else {
        setProblems(r.problems);
        setStatus("Cannot check signatures: fix the problems shown beside the fields.");
      }
    });
  };

  const runImpact = () => {
    const content = current();
    if (!content) return;
    startTransition(async () => {
      const r = await impactAction(key, content);
      if (r.ok) {
        setImpact({ examined: r.examined, changed: r.changed });
        setProblems([]);
      } else {
        setProblems(r.problems);
        setStatus("Cannot compute the impact: fix the problems shown beside the fields.");
      }
    });
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-2" role="tablist" aria-label="Editor mode">
        {(["form", "json"] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={`${button} border ${mode === m ? "border-sky-800 bg-sky-50 text-sky-900" : "border-slate-300"}`} onClick={() => switchMode(m)}>
            {m === "form" ? "Form" : "JSON"}
          </button>
        ))}
        <span className="text-sm text-slate-600" data-testid="base-revision">
          Editing from revision {base}
        </span>
      </div>

      {problems.length > 0 ? (
        <div role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-semibold">{problems.length} problem(s):</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p, i) => (
              <li key={i}>
                <span className="font-mono">{p.field ? `${p.file}: ${p.field}` : p.file}</span>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {conflict ? <ConflictView conflict={conflict} onKeepMine={() => save(false, conflict.theirs.number)} onTakeTheirs={() => { setValue(conflict.theirs.content); setJsonText(JSON.stringify(conflict.theirs.content, null, 2)); setBase(conflict.theirs.number); setConflict(null); setStatus(`Loaded revision ${conflict.theirs.number}. Your version stays in the history as revision ${conflict.mine.number}.`); }} /> : null}

      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0">
          {mode === "form" ? (
            <SchemaForm schema={schema} value={value} onChange={setValue} errors={errors} hints={hints} />
          ) : (
            <div>
              <label htmlFor="json-editor" className="block text-sm font-medium">
                The document as JSON (its file in a kb folder)
              </label>
              <textarea id="json-editor" className="mt-1 h-[32rem] w-full rounded border border-slate-400 bg-white p-2 font-mono text-xs" value={jsonText} onChange={(e) => setJsonText(e.target.value)} spellCheck={false} />
              {jsonError ? (
                <p className="text-sm font-medium text-red-800" role="alert">
                  {jsonError}
                </p>
              ) : null}
            </div>
          )}
        </div>
        <aside className="space-y-4">
          <div className="space-y-2 rounded border border-slate-300 bg-white p-3 xl:sticky xl:top-2">
            <label htmlFor="revision-message" className="block text-sm font-medium">
              What changed (revision message)
            </label>
            <input id="revision-message" className="min-h-11 w-full rounded border border-slate-400 px-2" value={message} onChange={(e) => setMessage(e.target.value)} maxLength={2000} />
            <div className="flex flex-wrap gap-2">
              <button type="button" className={`${button} border border-slate-500 bg-white hover:bg-slate-100`} disabled={pending} onClick={() => save(false)}>
                Save draft
              </button>
              <button type="button" className={`${button} bg-sky-800 text-white hover:bg-sky-900`} disabled={pending} onClick={() => save(true)}>
                Publish
              </button>
            </div>
            {kind === "article" ? (
              <div className="flex flex-wrap gap-2">
                <button type="button" className={`${button} border border-slate-400`} disabled={pending} onClick={runPreview}>
                  Preview
                </button>
                <button type="button" className={`${button} border border-slate-400`} disabled={pending} onClick={runSignatureCheck}>
                  Check signatures
                </button>
              </div>
            ) : null}
            {kind === "checks" || kind === "wizard" || kind === "causes" ? (
              <button type="button" className={`${button} border border-slate-400`} disabled={pending} onClick={runImpact}>
                Impact on recent diagnoses
              </button>
            ) : null}
            <p className="min-h-5 text-sm" role="status" aria-live="polite" data-testid="editor-status">
              {status}
            </p>
            {key !== "new" ? (
              <div className="flex flex-wrap items-center justify-between gap-2">
                <Link href={`/kb/doc/${encodeURIComponent(key)}/history`} className="text-sm text-sky-800 hover:underline">
                  Revision history
                </Link>
                {kind === "article" ? (
                  <button type="button" className={`${button} text-red-800 hover:bg-red-50`} disabled={pending} onClick={remove}>
                    Remove article
                  </button>
                ) : null}
              </div>
            ) : null}
          </div>
          {kind === "article" ? <AuthoringHelp value={value} onChange={(v) => { setValue(v); if (mode === "json") setJsonText(JSON.stringify(v, null, 2)); }} /> : null}
        </aside>
      </div>

      {signatures ? <SignatureResults checks={signatures} /> : null}
      {impact ? <ImpactView impact={impact} /> : null}
      {preview ? (
        <section aria-labelledby="preview-heading" className="rounded border-2 border-dashed border-sky-700 p-3">
          <h2 id="preview-heading" className="mb-3 text-sm font-semibold uppercase tracking-wide text-sky-900">
            Preview (as the article page will show it)
          </h2>
          <ArticleView article={preview.article} related={preview.related} lastChange={null} />
        </section>
      ) : null}
    </div>
  );
}

function ConflictView({ conflict, onKeepMine, onTakeTheirs }: { conflict: Extract<SaveResult, { status: "conflict" }>; onKeepMine: () => void; onTakeTheirs: () => void }) {
  return (
    <section aria-labelledby="conflict-heading" className="rounded border-2 border-amber-600 bg-amber-50 p-3" data-testid="conflict-view">
      <h2 id="conflict-heading" className="font-semibold text-amber-950">
        Conflict: revision {conflict.theirs.number} was saved by {conflict.theirs.authorName} after you opened this document
      </h2>
      <p className="mt-1 text-sm">
        Their message: “{conflict.theirs.message}”. Your version was kept as revision {conflict.mine.number} (state: conflict). Below: what your version changes compared with theirs.
      </p>
      <div className="mt-3 grid gap-3 md:grid-cols-2">
        <div>
          <h3 className="text-sm font-semibold">Theirs (revision {conflict.theirs.number})</h3>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 text-xs">{JSON.stringify(conflict.theirs.content, null, 2)}</pre>
        </div>
        <div>
          <h3 className="text-sm font-semibold">Yours (revision {conflict.mine.number})</h3>
          <pre className="mt-1 max-h-64 overflow-auto rounded bg-white p-2 text-xs">{JSON.stringify(conflict.mine.content, null, 2)}</pre>
        </div>
      </div>
      <h3 className="mt-3 text-sm font-semibold">Differences (theirs → yours)</h3>
      <FieldChanges changes={conflict.fields} />
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" className={`${button} bg-amber-700 text-white hover:bg-amber-800`} onClick={onKeepMine}>
          Save mine as a draft on top of theirs
        </button>
        <button type="button" className={`${button} border border-amber-700 bg-white`} onClick={onTakeTheirs}>
          Load theirs (discard my edits here)
        </button>
      </div>
    </section>
  );
}

function SignatureResults({ checks }: { checks: SignatureCheck[] }) {
  return (
    <section aria-labelledby="sig-heading" className="rounded border border-slate-300 bg-white p-3">
      <h2 id="sig-heading" className="font-semibold">
        Signature check (the lookup, as it will be once published)
      </h2>
      <ul className="mt-2 space-y-1 text-sm">
        {checks.map((c, i) => (
          <li key={i} className={c.ok ? "text-emerald-900" : "text-red-900"}>
            {c.ok ? "✓" : "✗"} <span className="font-mono">{c.display}</span> — {c.ok ? "this article comes back first" : `first: ${c.first ? c.first.title : "nothing"}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ImpactView({ impact }: { impact: Impact }) {
  return (
    <section aria-labelledby="impact-heading" className="rounded border border-slate-300 bg-white p-3" data-testid="impact-view">
      <h2 id="impact-heading" className="font-semibold">
        Impact on the saved diagnoses of the last 30 days
      </h2>
      <p className="mt-1 text-sm">
        {impact.examined} diagnoses ranked again with this draft; {impact.changed.length} would change their outcome or first cause.
      </p>
      {impact.changed.length > 0 ? (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead>
              <tr className="border-b">
                <th className="p-1">Diagnosis</th>
                <th className="p-1">Outcome now → with draft</th>
                <th className="p-1">First cause now → with draft</th>
              </tr>
            </thead>
            <tbody>
              {impact.changed.map((r) => (
                <tr key={r.id} className="border-b align-top">
                  <td className="p-1">
                    <Link href={`/d/${r.id}`} className="text-sky-800 hover:underline">
                      {r.host}
                    </Link>
                    <br />
                    <span className="text-xs text-slate-600">{r.createdAt.slice(0, 16).replace("T", " ")} UTC</span>
                  </td>
                  <td className={`p-1 ${r.outcomeChanged ? "font-semibold" : ""}`}>
                    {r.before.outcome ?? "—"} → {r.after.outcome ?? "—"}
                  </td>
                  <td className={`p-1 ${r.firstCauseChanged ? "font-semibold" : ""}`}>
                    {r.before.firstCauseTitle ?? "—"} → {r.after.firstCauseTitle ?? "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

function AuthoringHelp({ value, onChange }: { value: Obj; onChange: (v: Obj) => void }) {
  const [text, setText] = useState("");
  const [proposals, setProposals] = useState<ProposedSignature[] | null>(null);
  const [target, setTarget] = useState(0);
  const [pending, startTransition] = useTransition();
  const symptoms = (Array.isArray(value.symptoms) ? value.symptoms : []) as Array<{ key?: string; signatures?: unknown[] }>;
  const accept = (p: ProposedSignature) => {
    const next = symptoms.map((s, i) => (i === target ? { ...s, signatures: [...(s.signatures ?? []), { kind: p.kind, display: p.display, ...(p.qualifier ? { qualifier: p.qualifier } : {}) }] } : s));
    onChange({ ...value, symptoms: next });
    setProposals((list) => list?.filter((x) => x !== p) ?? null);
  };
  return (
    <section aria-labelledby="help-heading" className="space-y-2 rounded border border-slate-300 bg-white p-3">
      <h2 id="help-heading" className="text-sm font-semibold">
        Authoring help: signatures from pasted text
      </h2>
      <label htmlFor="help-text" className="block text-sm">
        Paste a vendor article, an NDR or a log excerpt
      </label>
      <textarea id="help-text" className="h-28 w-full rounded border border-slate-400 p-2 font-mono text-xs" value={text} onChange={(e) => setText(e.target.value)} maxLength={200_000} />
      <button
        type="button"
        className={`${button} border border-slate-400`}
        disabled={pending || !text.trim()}
        onClick={() => startTransition(async () => setProposals(await proposeSignaturesAction(text)))}
      >
        Propose signatures
      </button>
      {proposals ? (
        proposals.length === 0 ? (
          <p className="text-sm">Nothing the lookup recognises.</p>
        ) : (
          <>
            <label htmlFor="help-target" className="block text-sm">
              Add to symptom
            </label>
            <select id="help-target" className="min-h-11 w-full rounded border border-slate-400 bg-white px-2 text-sm" value={target} onChange={(e) => setTarget(Number(e.target.value))}>
              {symptoms.map((s, i) => (
                <option key={i} value={i}>
                  {i + 1}: {s.key || "(no key yet)"}
                </option>
              ))}
            </select>
            <ul className="space-y-1 text-sm" aria-label="Proposed signatures">
              {proposals.map((p, i) => (
                <li key={i} className="flex items-start justify-between gap-2 border-b border-slate-100 py-1">
                  <span className="min-w-0 break-words">
                    <span className="text-xs text-slate-600">{p.kind}</span> <span className="font-mono">{p.display}</span>
                    <br />
                    <span className="text-xs text-slate-600">{p.reason}</span>
                  </span>
                  <button type="button" className="min-h-11 shrink-0 rounded border border-sky-800 px-2 text-xs text-sky-900 disabled:opacity-40" disabled={symptoms.length === 0} onClick={() => accept(p)} aria-label={`Accept ${p.display}`}>
                    Accept
                  </button>
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </section>
  );
}
