import type { Metadata } from "next";
import Link from "next/link";
import { listDiagnoses } from "@/lib/diagnosis/store";
import { hostFilterSchema } from "@/lib/diagnosis/validation";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Recent diagnoses" };

export default async function DiagnosesPage({ searchParams }: PageProps<"/diagnoses">) {
  const raw = (await searchParams).host;
  const parsed = hostFilterSchema.safeParse(Array.isArray(raw) ? raw[0] ?? "" : raw ?? "");
  const host = parsed.success ? parsed.data : "";
  const diagnoses = await listDiagnoses({ host: host || undefined, limit: 100 });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Recent diagnoses</h1>
      <form method="get" action="/diagnoses" className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter diagnoses by host">
        <div>
          <label htmlFor="host-filter" className="block text-sm font-medium">
            Host contains
          </label>
          <input
            id="host-filter"
            name="host"
            defaultValue={host}
            spellCheck={false}
            className="mt-1 w-72 rounded border border-slate-400 px-2 py-1.5 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600"
          />
        </div>
        <button type="submit" className="rounded bg-sky-800 px-4 py-2 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2">
          Filter
        </button>
        {host ? (
          <Link href="/diagnoses" className="py-2 text-sm text-sky-800 underline">
            Show all
          </Link>
        ) : null}
      </form>
      {!parsed.success ? (
        <p role="alert" className="text-sm text-red-800">
          That is not a host filter; showing all diagnoses.
        </p>
      ) : null}
      {diagnoses.length === 0 ? (
        <p className="text-slate-700">
          No diagnoses{host ? ` for hosts containing “${host}”` : ""} yet.{" "}
          <Link href="/diagnose" className="text-sky-800 underline">
            Start one
          </Link>
          .
        </p>
      ) : (
        <table className="w-full border-collapse text-left text-sm" data-testid="diagnoses">
          <caption className="sr-only">Recent diagnoses, newest first</caption>
          <thead>
            <tr className="border-b border-slate-300 text-xs uppercase text-slate-700">
              <th scope="col" className="py-2 pr-3 font-medium">When (UTC)</th>
              <th scope="col" className="py-2 pr-3 font-medium">Target</th>
              <th scope="col" className="py-2 pr-3 font-medium">Top cause</th>
              <th scope="col" className="py-2 pr-3 font-medium">Top article</th>
              <th scope="col" className="py-2 pr-3 font-medium">By</th>
              <th scope="col" className="py-2 font-medium">Link</th>
            </tr>
          </thead>
          <tbody>
            {diagnoses.map((d) => (
              <tr key={d.id} className="border-b border-slate-100 align-top" data-testid="diagnosis-row">
                <td className="py-2 pr-3 tabular-nums">{d.createdAt.replace("T", " ").slice(0, 19)}</td>
                <td className="py-2 pr-3 font-mono text-xs">
                  {d.host}
                  {d.port ? `:${d.port}` : ""}
                  {d.previousId ? <span className="ml-1 font-sans text-slate-700">(re-check)</span> : null}
                </td>
                <td className="py-2 pr-3">{d.topCause ?? "none"}</td>
                <td className="py-2 pr-3">{d.topArticle ?? "none"}</td>
                <td className="py-2 pr-3">{d.createdBy}</td>
                <td className="py-2">
                  <Link href={`/d/${d.id}`} className="font-mono text-sky-800 underline" aria-label={`Open diagnosis of ${d.host} from ${d.createdAt.slice(0, 19)}`}>
                    /d/{d.id.slice(0, 8)}…
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
