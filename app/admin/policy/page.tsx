import type { Metadata } from "next";
import { ProbePolicyForm } from "@/components/admin/probe-policy-form";
import { requireRole } from "@/lib/auth/require";
import { getProbePolicyView } from "@/lib/probe-policy/store";
import { DEFAULT_DENIED_CIDRS, formatPortList } from "@/lib/probes/policy";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Probe target policy" };

/** The probe target policy: which addresses and ports live checks may reach (admins). */
export default async function ProbePolicyPage() {
  await requireRole("admin");
  const policy = await getProbePolicyView();
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Probe target policy</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Which addresses and ports the console&apos;s live checks may connect to. A check is refused before it starts when its port is not allowed, or when an address
          its host resolves to is denied. A change applies to the next check on every console instance, and is recorded in the audit log.
        </p>
        <p role="status" className="rounded border border-slate-300 bg-white p-3 text-sm" data-testid="policy-source">
          {policy.source === "saved" ? (
            <>
              In force: revision {policy.revision}, saved by {policy.updatedBy ?? "an admin"} on{" "}
              <time dateTime={policy.updatedAt?.toISOString()}>{policy.updatedAt?.toISOString().replace("T", " ").slice(0, 16)} UTC</time>. The server&apos;s
              RELAYDESK_PROBE_* environment variables no longer count.
            </>
          ) : (
            <>No policy saved yet: the server&apos;s environment (RELAYDESK_PROBE_ALLOW_CIDRS, RELAYDESK_PROBE_DENY_CIDRS, RELAYDESK_PROBE_PORTS) is in force, shown below. Saving makes this page&apos;s policy the one in force.</>
          )}
        </p>
        {policy.environmentError ? (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
            The environment&apos;s policy cannot be read ({policy.environmentError}): live checks are refused until it is fixed or a policy is saved here.
          </p>
        ) : null}
      </header>
      <section aria-labelledby="policy-form-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="policy-form-heading" className="text-lg font-semibold">Edit the policy</h2>
        <ProbePolicyForm
          revision={policy.revision}
          initial={{ allowCidrs: policy.allowCidrs.join("\n"), denyCidrs: policy.denyCidrs.join("\n"), ports: formatPortList(policy.ports) }}
        />
      </section>
      <section aria-labelledby="default-denied-heading" className="space-y-2">
        <h2 id="default-denied-heading" className="text-lg font-semibold">Denied unless allowed above</h2>
        <p className="max-w-3xl text-sm text-slate-700">
          These ranges, and the server&apos;s own addresses, are always denied unless an allowed range covers them. An IPv6 address that embeds an IPv4 address is
          judged by both.
        </p>
        <ul className="grid gap-1 text-sm sm:grid-cols-2">
          {DEFAULT_DENIED_CIDRS.map((r) => (
            <li key={r.cidr} className="rounded border border-slate-200 bg-white px-2 py-1">
              <code className="font-mono">{r.cidr}</code> <span className="text-slate-700">{r.label}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
