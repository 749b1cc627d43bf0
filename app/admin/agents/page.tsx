import type { Metadata } from "next";
import { headers } from "next/headers";
import { NewAgentForm } from "@/components/agents/new-agent-form";
import { requireRole } from "@/lib/auth/require";
import { listAgents } from "@/lib/agents/store";
import { revokeAgentAction } from "./actions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Probe agents" };

function when(iso: string | null): string {
  return iso ? `${iso.replace("T", " ").slice(0, 19)} UTC` : "never";
}

/** Probe agents (admins): create one (token shown once), see which are online, revoke. */
export default async function AgentsPage() {
  await requireRole("admin");
  const agents = await listAgents();
  const h = await headers();
  const serverUrl = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "relaydesk.example"}`;
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Probe agents</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          A probe agent runs the same live checks from another machine (a VM on the internet, a DMZ host, a workstation inside), so one check
          can be run from several places at once and compared. It connects out to this console; it refuses targets its own operator did not
          allow. Only a hash of its token is stored. On the server, <code className="font-mono">npx relaydesk agent token create --name NAME</code>{" "}
          makes one too.
        </p>
      </header>
      <NewAgentForm serverUrl={serverUrl} />
      <section aria-labelledby="agents-heading" className="space-y-2">
        <h2 id="agents-heading" className="text-lg font-semibold">
          Agents
        </h2>
        {agents.length === 0 ? <p className="text-sm text-slate-700">No agents yet.</p> : null}
        <ul className="space-y-2">
          {agents.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-3 text-sm" data-testid="agent-row">
              <span className="font-mono font-medium">{a.name}</span>
              {a.revokedAt ? (
                <span className="font-medium text-slate-600">revoked {when(a.revokedAt)}</span>
              ) : (
                <span className={a.online ? "font-medium text-green-800" : "font-medium text-slate-700"} data-testid="agent-status">
                  {a.online ? "● online" : "○ offline"}
                </span>
              )}
              <span className="text-slate-700">last seen {when(a.lastSeenAt)}</span>
              <span className="text-slate-700">version {a.version ?? "–"}</span>
              <span className="text-slate-700">address {a.address ?? "–"}</span>
              <code className="font-mono text-xs">{a.prefix}…</code>
              {a.revokedAt ? null : (
                <form action={revokeAgentAction}>
                  <input type="hidden" name="agentId" value={a.id} />
                  <button type="submit" aria-label={`Revoke ${a.name}`} className="min-h-11 rounded border border-slate-400 bg-white px-3 text-sm hover:bg-slate-100">
                    Revoke
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
