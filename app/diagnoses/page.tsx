import type { Metadata } from "next";
import Link from "next/link";
import { getDiagnosisStatuses, listDiagnoses, type DiagnosisStatus } from "@/lib/diagnosis/store";
import { hostFilterSchema, portSchema } from "@/lib/diagnosis/validation";
import { requireRole } from "@/lib/auth/require";
import { diagnosisListScope } from "@/lib/permissions/diagnoses";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Recent diagnoses" };

const STATUS_LABEL: Record<DiagnosisStatus, string> = {
  running: "Running",
  done: "Done",
  cancelled: "Cancelled",
  timed_out: "Timed out",
  interrupted: "Interrupted by a restart",
  failed: "Failed",
};

const STATUS_STYLE: Record<DiagnosisStatus, string> = {
  running: "bg-sky-100 text-sky-900",
  done: "bg-emerald-100 text-emerald-900",
  cancelled: "bg-amber-100 text-amber-950",
  timed_out: "bg-amber-100 text-amber-950",
  interrupted: "bg-slate-200 text-slate-900",
  failed: "bg-red-100 text-red-900",
};

const INPUT = "mt-1 rounded border border-slate-400 px-2 py-2 font-mono text-sm focus:outline-none focus:ring-2 focus:ring-sky-600";

function first(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

/** Recent diagnoses as cards (one per diagnosis): readable at phone width without a wide table. */
export default async function DiagnosesPage({ searchParams }: PageProps<"/diagnoses">) {
  const staff = await requireRole("viewer");
  const params = await searchParams;
  const parsedHost = hostFilterSchema.safeParse(first(params.host));
  const host = parsedHost.success ? parsedHost.data : "";
  const portText = first(params.port).trim();
  const parsedPort = portText ? portSchema.safeParse(portText) : null;
  const port = parsedPort?.success ? parsedPort.data : undefined;
  const scope = await diagnosisListScope(staff);
  const diagnoses = await listDiagnoses({ host: host || undefined, port, limit: 100, visibleTo: scope });
  const statuses = await getDiagnosisStatuses(diagnoses.map((d) => d.id));
  const filtered = Boolean(host || port);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Recent diagnoses</h1>
      <p className="text-sm text-slate-700" data-testid="list-scope">
        {scope === "all"
          ? "All diagnoses (you are an admin)."
          : scope.team
            ? `Yours and your team's (${scope.team}). A diagnosis someone else shares with you opens from its link.`
            : "Yours. A diagnosis someone else shares with you opens from its link; an admin can put you in a team to see your team's."}
      </p>
      <form method="get" action="/diagnoses" className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter diagnoses">
        <div className="min-w-0 flex-1 sm:flex-none">
          <label htmlFor="host-filter" className="block text-sm font-medium">
            Host contains
          </label>
          <input id="host-filter" name="host" defaultValue={host} spellCheck={false} autoCapitalize="none" className={`${INPUT} w-full sm:w-72`} />
        </div>
        <div>
          <label htmlFor="port-filter" className="block text-sm font-medium">
            Port
          </label>
          <input
            id="port-filter"
            name="port"
            inputMode="numeric"
            defaultValue={portText}
            aria-invalid={parsedPort && !parsedPort.success ? true : undefined}
            className={`${INPUT} w-24`}
          />
        </div>
        <button
          type="submit"
          className="min-h-11 rounded bg-sky-800 px-4 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2"
        >
          Filter
        </button>
        {filtered ? (
          <Link href="/diagnoses" className="flex min-h-11 items-center text-sm text-sky-800 underline">
            Show all
          </Link>
        ) : null}
      </form>
      {!parsedHost.success ? (
        <p role="alert" className="text-sm text-red-800">
          That is not a host filter; showing all hosts.
        </p>
      ) : null}
      {parsedPort && !parsedPort.success ? (
        <p role="alert" className="text-sm text-red-800">
          The port is a number from 1 to 65535; showing all ports.
        </p>
      ) : null}
      {diagnoses.length === 0 ? (
        <p className="text-slate-700">
          No diagnoses{host ? ` for hosts containing “${host}”` : ""}
          {port ? ` on port ${port}` : ""} yet.{" "}
          <Link href="/diagnose" className="text-sky-800 underline">
            Start one
          </Link>
          .
        </p>
      ) : (
        <ul className="grid gap-3" data-testid="diagnoses" aria-label="Recent diagnoses, newest first">
          {diagnoses.map((d) => {
            const status = statuses.get(d.id) ?? "done";
            const target = `${d.host.includes(":") ? `[${d.host}]` : d.host}${d.port ? `:${d.port}` : ""}`;
            return (
              <li key={d.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="diagnosis-row">
                <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                  <Link href={`/d/${d.id}`} className="font-mono font-medium text-sky-800 underline">
                    {target}
                  </Link>
                  <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[status]}`}>{STATUS_LABEL[status]}</span>
                </div>
                <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[8rem_1fr]">
                  <dt className="text-slate-700">When (UTC)</dt>
                  <dd className="tabular-nums">
                    {d.createdAt.replace("T", " ").slice(0, 19)}
                    {d.previousId ? <span className="ml-1 text-slate-700">(re-check)</span> : null}
                  </dd>
                  <dt className="text-slate-700">By</dt>
                  <dd>{d.createdBy}</dd>
                  <dt className="text-slate-700">Top cause</dt>
                  <dd>
                    {d.untestable
                      ? `Could not test: ${d.untestable}${d.topCause ? `. From the answers: ${d.topCause}` : ""}`
                      : (d.topCause ?? (status === "running" ? "Still running" : "No documented cause found"))}
                  </dd>
                  {d.topArticle ? (
                    <>
                      <dt className="text-slate-700">Top article</dt>
                      <dd>{d.topArticle}</dd>
                    </>
                  ) : null}
                </dl>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
