"use client";

import { SubmitButton } from "./submit-button";
import { recheckAction } from "@/app/d/[id]/actions";

/**
 * "Check again": runs the same steps on the same target as a new diagnosis linked to this one
 * and opens its page, which follows the check and then shows what changed (a server action:
 * works without JavaScript). The way to verify a fix.
 */
export function Recheck({ id, host, port }: { id: string; host: string; port: number | null }) {
  return (
    <section aria-labelledby="recheck-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="recheck-heading" className="text-lg font-semibold">
        Check again
      </h2>
      <p className="text-sm text-slate-700">
        Runs the same steps against {host.includes(":") ? `[${host}]` : host}
        {port ? `:${port}` : ""} again and saves a new diagnosis linked to this one, showing what changed (for example after a fix).
      </p>
      <form action={recheckAction}>
        <input type="hidden" name="id" value={id} />
        <SubmitButton label="Check again" />
      </form>
    </section>
  );
}
