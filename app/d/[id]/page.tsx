import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DiffView } from "@/components/diagnosis/diff-view";
import { Recheck } from "@/components/diagnosis/recheck";
import { DiagnosisResults } from "@/components/diagnosis/results";
import { TicketActions } from "@/components/diagnosis/ticket-actions";
import { diffDiagnoses } from "@/lib/diagnosis/diff";
import { getDiagnosis, listRechecks } from "@/lib/diagnosis/store";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Diagnosis", robots: { index: false, follow: false } };

function when(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 19)} UTC`;
}

/** The share page: exactly what was seen, from the snapshot, read-only. */
export default async function DiagnosisPage({ params }: PageProps<"/d/[id]">) {
  const { id } = await params;
  const record = await getDiagnosis(id);
  if (!record) notFound();
  const [previous, rechecks] = await Promise.all([record.previousId ? getDiagnosis(record.previousId) : null, listRechecks(record.id)]);
  const target = `${record.host.includes(":") ? `[${record.host}]` : record.host}${record.port ? `:${record.port}` : ""}`;
  const startedFrom =
    record.start.kind === "category"
      ? record.start.label
      : record.start.kind === "text"
        ? `${record.start.label}: “${record.start.excerpt}”`
        : "a live check without wizard answers";
  const facts: Array<[string, string]> = [
    ["When", when(record.createdAt)],
    ["By", record.createdBy],
    ["Started from", startedFrom],
    ...record.answers.map((a): [string, string] => [a.prompt, a.label]),
    ["Knowledge base", `revision ${record.kbRevision} (this page shows the snapshot taken then)`],
  ];
  return (
    <article className="space-y-8">
      <header className="space-y-3">
        <p className="text-xs uppercase tracking-wide text-slate-700">Diagnosis {record.id}</p>
        <h1 className="text-2xl font-semibold tracking-tight">Diagnosis of {target}</h1>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
          {facts.map(([term, value], i) => (
            <div key={i} className="contents">
              <dt className="text-slate-700">{term}</dt>
              <dd className={i >= 3 && i < 3 + record.answers.length ? "font-medium" : undefined}>{value}</dd>
            </div>
          ))}
        </dl>
        <TicketActions record={record} />
      </header>

      {previous ? <DiffView diff={diffDiagnoses(previous, record)} previousId={previous.id} previousWhen={when(previous.createdAt)} /> : null}

      {rechecks.length > 0 ? (
        <section aria-labelledby="rechecks-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="rechecks-heading" className="text-lg font-semibold">
            Checked again since
          </h2>
          <ul className="mt-2 space-y-1 text-sm">
            {rechecks.map((r) => (
              <li key={r.id}>
                <Link href={`/d/${r.id}`} className="font-mono text-sky-800 underline">
                  /d/{r.id}
                </Link>{" "}
                {when(r.createdAt)} by {r.createdBy}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <DiagnosisResults record={record} />

      <Recheck id={record.id} host={record.host} port={record.port} />
    </article>
  );
}
