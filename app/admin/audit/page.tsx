import type { Metadata } from "next";
import { auditFilterFrom, listAuditEvents } from "@/lib/audit/query";
import { requireRole } from "@/lib/auth/require";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Audit log" };

const INPUT = "mt-1 block min-h-11 w-full rounded border border-slate-400 px-3 text-sm";

/** The audit log (admins): filter, read, export as CSV or JSON (GET /api/audit). */
export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await requireRole("admin");
  const params = await searchParams;
  const filter = auditFilterFrom(params);
  const error = "error" in filter ? filter.error : null;
  const rows = error ? [] : await listAuditEvents({ ...(filter as Exclude<typeof filter, { error: string }>), limit: 200 });
  const query = new URLSearchParams();
  for (const k of ["action", "actor", "target", "from", "to"]) {
    const v = params[k];
    if (typeof v === "string" && v.trim()) query.set(k, v.trim());
  }
  const value = (k: string) => (typeof params[k] === "string" ? (params[k] as string) : "");
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <form method="get" action="/admin/audit" className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6" role="search" aria-label="Filter the audit log">
        <div><label htmlFor="f-action" className="block text-sm font-medium">Action</label><input id="f-action" name="action" defaultValue={value("action")} placeholder="check.run" className={INPUT} /></div>
        <div><label htmlFor="f-actor" className="block text-sm font-medium">Who</label><input id="f-actor" name="actor" defaultValue={value("actor")} className={INPUT} /></div>
        <div><label htmlFor="f-target" className="block text-sm font-medium">Target</label><input id="f-target" name="target" defaultValue={value("target")} className={INPUT} /></div>
        <div><label htmlFor="f-from" className="block text-sm font-medium">From</label><input id="f-from" name="from" type="date" defaultValue={value("from")} className={INPUT} /></div>
        <div><label htmlFor="f-to" className="block text-sm font-medium">To</label><input id="f-to" name="to" type="date" defaultValue={value("to")} className={INPUT} /></div>
        <div className="flex items-end"><button type="submit" className="min-h-11 w-full rounded bg-sky-800 px-4 text-sm font-semibold text-white">Filter</button></div>
      </form>
      <p className="flex flex-wrap gap-3 text-sm">
        <a className="text-sky-800 underline" href={`/api/audit?${new URLSearchParams([...query, ["format", "csv"]])}`} data-testid="export-csv">Export CSV</a>
        <a className="text-sky-800 underline" href={`/api/audit?${new URLSearchParams([...query, ["format", "json"]])}`} data-testid="export-json">Export JSON</a>
        <span className="text-slate-700">Newest first; the page shows up to 200 rows, an export up to 10,000.</span>
      </p>
      {error ? <p role="alert" className="text-sm text-red-800">{error}</p> : null}
      <ol className="space-y-2" aria-label="Audit events">
        {rows.map((r) => (
          <li key={r.id} className="rounded border border-slate-200 bg-white p-3 text-sm" data-testid="audit-row" data-action={r.action}>
            <p className="flex flex-wrap gap-x-3">
              <span className="font-mono text-xs text-slate-700">{r.at.replace("T", " ").slice(0, 19)}</span>
              <span className="font-semibold">{r.action}</span>
              <span>{r.actor ?? "anonymous"}{r.actorRole ? ` (${r.actorRole}${r.via ? `, ${r.via}` : ""})` : ""}</span>
              {r.target ? <span className="break-all">→ {r.target}</span> : null}
            </p>
            {r.detail ? <p className="mt-1 break-all font-mono text-xs text-slate-700">{JSON.stringify(r.detail)}</p> : null}
            {r.ip || r.userAgent ? <p className="mt-1 break-all text-xs text-slate-600">{r.ip ?? "?"} · {r.userAgent ?? "?"}</p> : null}
          </li>
        ))}
      </ol>
      {rows.length === 0 && !error ? <p className="text-sm text-slate-700">No events match.</p> : null}
    </div>
  );
}
