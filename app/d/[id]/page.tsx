import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DiffView } from "@/components/diagnosis/diff-view";
import { LiveRun } from "@/components/diagnosis/live-run";
import { Recheck } from "@/components/diagnosis/recheck";
import { DiagnosisResults } from "@/components/diagnosis/results";
import { TicketActions } from "@/components/diagnosis/ticket-actions";
import { diffDiagnoses } from "@/lib/diagnosis/diff";
import { STEP_INFO } from "@/lib/diagnosis/steps";
import { getDiagnosis, getDiagnosisHeader, listRechecks, type DiagnosisHeader, type DiagnosisStatus } from "@/lib/diagnosis/store";
import { requireRole } from "@/lib/auth/require";
import { headers } from "next/headers";
import { ShareControls } from "@/components/diagnosis/share-controls";
import { publicOrigin } from "@/lib/http/origin";
import { canRunChecks, canShareDiagnosis } from "@/lib/permissions/diagnoses";
import { listPublicLinks } from "@/lib/sharing/public-links";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Diagnosis", robots: { index: false, follow: false } };

function when(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 19)} UTC`;
}

/** What the page says about how the check ended, when it did not simply finish. */
const STATUS_NOTE: Partial<Record<DiagnosisStatus, { title: string; text: string }>> = {
  cancelled: { title: "Cancelled", text: "The check was cancelled; below is what it had seen until then." },
  timed_out: { title: "Timed out", text: "The check reached its time limit; below is what it had seen until then." },
  interrupted: {
    title: "Interrupted by a restart",
    text: "The server restarted while this check was running, so it never finished and nothing it saw was kept. Check again to get a result.",
  },
  failed: { title: "The check failed", text: "The check stopped on an unexpected error and has no result. Check again to get one." },
};

function Facts({ header }: { header: DiagnosisHeader }) {
  const startedFrom =
    header.start.kind === "category"
      ? header.start.label
      : header.start.kind === "text"
        ? `${header.start.label}: “${header.start.excerpt}”`
        : "a live check without wizard answers";
  const facts: Array<[string, string, boolean]> = [
    ["When", when(header.createdAt), false],
    ["By", header.createdBy, false],
    ["Started from", startedFrom, false],
    ...header.answers.map((a): [string, string, boolean] => [a.prompt, a.label, true]),
    ["Steps", header.steps.map((s) => STEP_INFO[s].label).join("; "), false],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
      {facts.map(([term, value, strong], i) => (
        <div key={i} className="contents">
          <dt className="text-slate-700">{term}</dt>
          <dd className={strong ? "font-medium" : undefined}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A diagnosis page from the check's first second: while it runs, the live view (following the
 * background check; reload and colleagues' links pick it up mid-run); when it has ended, exactly
 * what was seen, from the snapshot, read-only.
 */
export default async function DiagnosisPage({ params, searchParams }: PageProps<"/d/[id]">) {
  const staff = await requireRole("viewer");
  const { id } = await params;
  const header = await getDiagnosisHeader(id);
  if (!header) notFound();
  const target = `${header.host.includes(":") ? `[${header.host}]` : header.host}${header.port ? `:${header.port}` : ""}`;
  const running = header.status === "running";
  const record = running ? null : await getDiagnosis(id);
  const [previous, rechecks] = await Promise.all([
    record?.previousId ? getDiagnosis(record.previousId) : null,
    running ? [] : listRechecks(id),
  ]);
  const note = STATUS_NOTE[header.status];
  const canRun = canRunChecks(staff);
  const canShare = canShareDiagnosis(staff);
  const limited = Number((await searchParams).limited);
  const refused = (await searchParams).refused;
  const h = await headers();
  const staffLink = `${publicOrigin() ?? `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost"}`}/d/${header.id}`;
  const links = canShare ? await listPublicLinks(header.id) : [];
  const noResult = header.status === "interrupted" || header.status === "failed";
  return (
    <article className="space-y-8" data-status={header.status} data-testid="diagnosis-page">
      {running ? (
        <noscript>
          {/* without JavaScript the page reloads until the check has ended (an explicit url: a
              refresh to the same URL with a #fragment would only scroll) */}
          <meta httpEquiv="refresh" content={`3; url=/d/${header.id}`} />
        </noscript>
      ) : null}
      <header className="space-y-3">
        <p className="text-xs tracking-wide text-slate-700">
          Diagnosis <span className="font-mono">{header.id}</span>
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">Diagnosis of {target}</h1>
        <Facts header={header} />
        {record && !noResult ? <TicketActions record={record} /> : null}
      </header>

      {note ? (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950" data-testid="status-note">
          <p className="font-semibold">{note.title}</p>
          <p>{note.text}</p>
        </div>
      ) : null}

      {Number.isFinite(limited) && limited > 0 ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="limited-note">
          Too many checks right now; the check was not started. Try again in {limited} s.
        </p>
      ) : null}

      {refused === "port" || refused === "host" ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="refused-note">
          Refused by the probe target policy: the check was not started. This server no longer runs checks on this target&apos;s{" "}
          {refused === "port" ? "port" : "address"}. Ask an administrator if it should be allowed.
        </p>
      ) : null}

      {running ? <LiveRun id={header.id} /> : null}

      {previous && record && !noResult ? <DiffView diff={diffDiagnoses(previous, record)} previousId={previous.id} previousWhen={when(previous.createdAt)} /> : null}

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

      {record && !noResult ? (
        <div data-testid="check-result">
          <DiagnosisResults record={record} canRun={canRun} />
        </div>
      ) : null}

      {!running && canRun ? <Recheck id={header.id} host={header.host} port={header.port} /> : null}

      {canShare ? <ShareControls id={header.id} staffLink={staffLink} links={links} /> : null}
    </article>
  );
}
