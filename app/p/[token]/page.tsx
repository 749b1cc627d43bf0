import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { DiagnosisResults } from "@/components/diagnosis/results";
import { recordAudit, requestOrigin } from "@/lib/audit/record";
import { getDiagnosis } from "@/lib/diagnosis/store";
import { openPublicLink } from "@/lib/sharing/public-links";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Shared diagnosis", robots: { index: false, follow: false } };

/**
 * A diagnosis opened through a public link: no sign-in, read-only, while the link is neither
 * expired nor revoked. Every view is audited (address and user agent).
 */
export default async function PublicDiagnosisPage({ params }: PageProps<"/p/[token]">) {
  const { token } = await params;
  const link = await openPublicLink(token);
  if (!link) notFound();
  const record = await getDiagnosis(link.diagnosisId);
  if (!record) notFound();
  await recordAudit({ action: "diagnosis.view.public", target: record.id, detail: { linkId: link.linkId, host: record.host }, ...requestOrigin(await headers()) });
  const target = `${record.host.includes(":") ? `[${record.host}]` : record.host}${record.port ? `:${record.port}` : ""}`;
  return (
    <article className="space-y-6" data-testid="public-diagnosis">
      <header className="space-y-2">
        <p className="text-xs tracking-wide text-slate-700">Shared through a public link · read-only</p>
        <h1 className="text-2xl font-semibold tracking-tight">Diagnosis of {target}</h1>
        <p className="text-sm text-slate-700">
          {record.createdAt.replace("T", " ").slice(0, 19)} UTC by {record.createdBy}
        </p>
      </header>
      <DiagnosisResults record={record} canRun={false} />
    </article>
  );
}
