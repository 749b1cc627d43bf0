import type { Metadata } from "next";
import Link from "next/link";
import { ImportForm } from "@/components/kb/import-form";
import { requireRole } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { listKbDocuments } from "@/lib/kb/documents";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Knowledge base (editors)" };

export default async function KbConsolePage() {
  const identity = await requireRole("editor");
  const documents = await listKbDocuments(getDb());
  const shared = documents.filter((d) => d.kind !== "article");
  const articles = documents.filter((d) => d.kind === "article");
  const row = (d: (typeof documents)[number]) => (
    <li key={d.key} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-slate-200 py-2">
      <span className="min-w-0">
        <Link href={`/kb/doc/${encodeURIComponent(d.key)}`} className="font-medium text-sky-800 hover:underline">
          {d.title}
        </Link>
        {!d.live ? <span className="ml-2 rounded bg-red-100 px-2 py-0.5 text-xs text-red-950">removed</span> : d.draftPending ? <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs">draft pending</span> : null}
        <br />
        <span className="break-all font-mono text-xs text-slate-600">{d.file}</span>
      </span>
      <span className="text-xs text-slate-600">
        {d.headNumber > 0 ? `revision ${d.headNumber}` : "no revisions yet"}
        {d.updatedAt ? ` · ${d.updatedAt.toISOString().slice(0, 10)} by ${d.updatedBy}` : ""} ·{" "}
        <Link href={`/kb/doc/${encodeURIComponent(d.key)}/history`} className="text-sky-800 hover:underline">
          history
        </Link>
      </span>
    </li>
  );
  return (
    <div className="space-y-8">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Knowledge base</h1>
          <p className="text-sm text-slate-700">Signed in as {identity.name} ({identity.role}). Every save is a revision; publishing makes it live for search and diagnosis at once.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href="/kb/new" className="flex min-h-11 items-center rounded bg-sky-800 px-4 text-sm font-medium text-white no-underline hover:bg-sky-900">
            New article
          </Link>
          <a href="/api/kb/export" className="flex min-h-11 items-center rounded border border-slate-400 px-4 text-sm no-underline hover:bg-slate-100" download>
            Export (kb folder, .tar)
          </a>
        </div>
      </header>
      <section aria-labelledby="shared-heading">
        <h2 id="shared-heading" className="text-lg font-semibold">
          Shared: causes, checks, wizard, products
        </h2>
        <ul>{shared.map(row)}</ul>
      </section>
      <section aria-labelledby="articles-heading">
        <h2 id="articles-heading" className="text-lg font-semibold">
          Articles ({articles.length})
        </h2>
        <ul>{articles.map(row)}</ul>
      </section>
      <ImportForm />
    </div>
  );
}
