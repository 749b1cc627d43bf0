"use client";

import { useActionState } from "react";
import { createPublicLinkAction, revokePublicLinkAction, type PublicLinkState } from "@/app/d/[id]/share-actions";
import type { PublicLinkSummary } from "@/lib/sharing/public-links";
import { CopyButton } from "@/components/copy-button";

const BUTTON =
  "inline-flex min-h-11 items-center rounded border border-slate-400 bg-white px-3 text-sm text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600";

function when(iso: string): string {
  return `${iso.replace("T", " ").slice(0, 16)} UTC`;
}

/**
 * Sharing a diagnosis: its link opens for any signed-in staff member; a public link (no sign-in)
 * is an explicit choice with an expiry, shown once, revocable, and every view through it is audited.
 */
export function ShareControls({ id, staffLink, links }: { id: string; staffLink: string; links: PublicLinkSummary[] }) {
  const [state, create, pending] = useActionState<PublicLinkState, FormData>(createPublicLinkAction, { url: null, expiresAt: null, error: null });
  return (
    <section id="share" aria-labelledby="share-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="share-controls">
      <h2 id="share-heading" className="text-lg font-semibold">
        Share
      </h2>
      <div className="space-y-1 text-sm">
        <p>Any signed-in colleague can open this link:</p>
        <div className="flex flex-wrap items-center gap-2">
          <code className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs" data-testid="staff-link">
            {staffLink}
          </code>
          <CopyButton text={staffLink} label="Copy link" />
        </div>
      </div>
      <form action={create} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="id" value={id} />
        <div>
          <label htmlFor="public-days" className="block text-sm font-medium">
            Public link (no sign-in), valid for
          </label>
          <select id="public-days" name="days" defaultValue="7" className="mt-1 min-h-11 rounded border border-slate-400 bg-white px-2 text-sm">
            <option value="1">1 day</option>
            <option value="7">7 days</option>
            <option value="30">30 days</option>
          </select>
        </div>
        <button type="submit" className={BUTTON} disabled={pending}>
          {pending ? "Creating…" : "Create public link"}
        </button>
      </form>
      <div aria-live="polite">
        {state.error ? (
          <p role="alert" className="text-sm font-medium text-red-800">
            {state.error}
          </p>
        ) : null}
        {state.url ? (
          <div className="space-y-1 rounded border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="new-public-link">
            <p className="font-medium">Anyone with this link can read this diagnosis until {when(state.expiresAt!)}. It is shown only now:</p>
            <div className="flex flex-wrap items-center gap-2">
              <code className="break-all font-mono text-xs" data-testid="public-link-url">
                {state.url}
              </code>
              <CopyButton text={state.url} label="Copy public link" />
            </div>
          </div>
        ) : null}
      </div>
      {links.length > 0 ? (
        <ul className="space-y-2 text-sm" aria-label="Public links">
          {links.map((l) => (
            <li key={l.id} className="flex flex-wrap items-center gap-x-3 gap-y-1" data-testid="public-link-row" data-active={l.active ? "true" : "false"}>
              <span className={l.active ? "font-medium text-emerald-800" : "text-slate-600"}>
                {l.revokedAt ? "Revoked" : l.active ? "Active" : "Expired"}
              </span>
              <span>
                made {when(l.createdAt)}
                {l.createdBy ? ` by ${l.createdBy}` : ""}, {l.active ? "expires" : "expired"} {when(l.expiresAt)}, {l.views} view{l.views === 1 ? "" : "s"}
              </span>
              {l.active ? (
                <form action={revokePublicLinkAction}>
                  <input type="hidden" name="linkId" value={l.id} />
                  <button type="submit" className={BUTTON}>
                    Revoke
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
