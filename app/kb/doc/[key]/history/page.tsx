import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { revertAction } from "@/app/kb/actions";
import { FieldChanges } from "@/components/kb/field-changes";
import { requireRole } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { diffRevisions, getKbDocument, listRevisions, parseDocKey } from "@/lib/kb/documents";
import { docFile } from "@/lib/kb/file-format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Revision history" };

const RESULT: Record<string, string> = {
  reverted: "Reverted: the earlier revision is published as a new revision.",
  conflict: "Not reverted: someone saved this document meanwhile. Look at the newest revision and try again.",
  invalid: "Not reverted: that revision is no longer valid with the rest of the knowledge base (a cause or article it names is gone).",
  missing: "Not reverted: no such revision.",
};

const STATE_STYLE: Record<string, string> = {
  published: "bg-emerald-100 text-emerald-950",
  draft: "bg-slate-200 text-slate-900",
  conflict: "bg-amber-100 text-amber-950",
  removed: "bg-red-100 text-red-950",
};

export default async function HistoryPage({ params, searchParams }: PageProps<"/kb/doc/[key]/history">) {
  await requireRole("editor");
  const key = parseDocKey(decodeURIComponent((await params).key));
  if (!key) notFound();
  const sp = await searchParams;
  const db = getDb();
  const [doc, revisions] = await Promise.all([getKbDocument(db, key), listRevisions(db, key)]);
  const num = (v: unknown) => (typeof v === "string" && /^\d{1,9}$/.test(v) ? Number(v) : null);
  const a = num(sp.a);
  const b = num(sp.b);
  const changes = a !== null && b !== null ? await diffRevisions(db, key, a, b) : null;
  const result = typeof sp.result === "string" ? RESULT[sp.result] : undefined;
  const encoded = encodeURIComponent(key);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/kb" className="text-sky-800 hover:underline">
          Knowledge base
        </Link>{" "}
        /{" "}
        <Link href={`/kb/doc/${encoded}`} className="font-mono text-sky-800 hover:underline">
          {docFile(key)}
        </Link>{" "}
        / history
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">Revision history</h1>
      {result ? (
        <p role="status" className="rounded border border-slate-300 bg-white p-2 text-sm">
          {result}
        </p>
      ) : null}

      <form method="get" className="flex flex-wrap items-end gap-2 rounded border border-slate-300 bg-white p-3">
        <div>
          <label htmlFor="cmp-a" className="block text-sm font-medium">
            Compare revision
          </label>
          <select id="cmp-a" name="a" defaultValue={a ?? revisions[1]?.number ?? revisions[0]?.number} className="min-h-11 rounded border border-slate-400 bg-white px-2">
            {revisions.map((r) => (
              <option key={r.number} value={r.number}>
                {r.number} ({r.state})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="cmp-b" className="block text-sm font-medium">
            with revision
          </label>
          <select id="cmp-b" name="b" defaultValue={b ?? revisions[0]?.number} className="min-h-11 rounded border border-slate-400 bg-white px-2">
            {revisions.map((r) => (
              <option key={r.number} value={r.number}>
                {r.number} ({r.state})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded bg-sky-800 px-4 text-sm font-medium text-white">
          Compare
        </button>
      </form>

      {changes ? (
        <section aria-labelledby="diff-heading">
          <h2 id="diff-heading" className="text-lg font-semibold">
            Changes from revision {a} to revision {b}
          </h2>
          <FieldChanges changes={changes} />
        </section>
      ) : null}

      <section aria-labelledby="revisions-heading">
        <h2 id="revisions-heading" className="text-lg font-semibold">
          Revisions
        </h2>
        {revisions.length === 0 ? <p className="text-sm">No revisions yet (this document was loaded before revision history existed).</p> : null}
        <ol className="mt-2 space-y-2">
          {revisions.map((r, i) => (
            <li key={r.number} className="rounded border border-slate-200 bg-white p-3" data-testid={`revision-${r.number}`}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p>
                  <span className="font-semibold">Revision {r.number}</span>{" "}
                  <span className={`rounded px-2 py-0.5 text-xs ${STATE_STYLE[r.state] ?? ""}`}>{r.state}</span>
                  {r.number === doc.headNumber ? <span className="ml-1 text-xs text-slate-600">(latest)</span> : null}
                </p>
                <p className="text-xs text-slate-600">
                  {r.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC · {r.authorName}
                  {r.kbRevision ? ` · knowledge-base revision ${r.kbRevision}` : ""}
                </p>
              </div>
              <p className="mt-1 text-sm">{r.message}</p>
              <div className="mt-2 flex flex-wrap gap-2">
                {revisions[i + 1] ? (
                  <Link href={`/kb/doc/${encoded}/history?a=${revisions[i + 1]!.number}&b=${r.number}`} className="flex min-h-11 items-center rounded border border-slate-300 px-3 text-sm">
                    Changes in this revision
                  </Link>
                ) : null}
                {r.number !== doc.headNumber && r.state !== "removed" ? (
                  <form action={revertAction}>
                    <input type="hidden" name="key" value={key} />
                    <input type="hidden" name="number" value={r.number} />
                    <input type="hidden" name="baseNumber" value={doc.headNumber} />
                    <button type="submit" className="min-h-11 rounded border border-amber-700 px-3 text-sm text-amber-900 hover:bg-amber-50">
                      Revert to revision {r.number}
                    </button>
                  </form>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
