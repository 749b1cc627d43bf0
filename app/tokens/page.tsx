import type { Metadata } from "next";
import { NewTokenForm } from "@/components/auth/new-token-form";
import { requireRole } from "@/lib/auth/require";
import { atLeast, ROLES } from "@/lib/auth/roles";
import { listApiTokens } from "@/lib/auth/tokens";
import { revokeTokenAction } from "./actions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "API tokens" };

function when(iso: string | null): string {
  return iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "never";
}

/** Personal API tokens (admins also see and can revoke everyone's). */
export default async function TokensPage() {
  const staff = await requireRole("viewer");
  const tokens = await listApiTokens(staff.role === "admin" ? {} : { userId: staff.userId });
  const roles = ROLES.filter((r) => atLeast(staff.role, r));
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          A token lets a script use the JSON API as you, with a role no higher than yours (and never higher than your role at the time of use). Only a
          hash is stored; the token is shown once. On the server, <code className="font-mono">npx relaydesk token create --role ROLE --name NAME</code>{" "}
          makes one too.
        </p>
      </header>
      <NewTokenForm roles={roles} />
      <section aria-labelledby="tokens-heading" className="space-y-2">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          {staff.role === "admin" ? "All tokens" : "Your tokens"}
        </h2>
        {tokens.length === 0 ? <p className="text-sm text-slate-700">No tokens yet.</p> : null}
        <ul className="space-y-2">
          {tokens.map((t) => (
            <li key={t.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded border border-slate-200 bg-white p-3 text-sm" data-testid="token-row">
              <span className="font-medium">{t.name}</span>
              <code className="font-mono text-xs">{t.prefix}…</code>
              <span>{t.role}</span>
              {staff.role === "admin" ? <span className="text-slate-700">{t.owner.email}</span> : null}
              <span className="text-slate-700">made {when(t.createdAt)}, last used {when(t.lastUsedAt)}</span>
              {t.revokedAt ? (
                <span className="font-medium text-slate-600">revoked {when(t.revokedAt)}</span>
              ) : (
                <form action={revokeTokenAction}>
                  <input type="hidden" name="tokenId" value={t.id} />
                  <button type="submit" className="min-h-11 rounded border border-slate-400 bg-white px-3 text-sm hover:bg-slate-100">
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
