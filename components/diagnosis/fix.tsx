import Link from "next/link";
import { Callout } from "@/components/callout";
import { ResolutionSteps } from "@/components/resolution-steps";
import type { CauseResolution } from "@/lib/diagnosis/types";
import { FIX_KIND_WORDS } from "@/lib/diagnosis/words";

/**
 * The fix beside a cause: its resolutions and workarounds as the article gives them — steps,
 * copyable commands, scripts and registry values, and the warnings that travel with them. Uses the
 * article page's CodeBlock and Callout. Renders from the diagnosis snapshot (server or client).
 */

export function ResolutionView({ resolution: r }: { resolution: CauseResolution }) {
  return (
    <div className="min-w-0" data-testid="fix-resolution" data-resolution={r.key}>
      <h4 className="font-medium">
        <span className="mr-2 rounded bg-slate-200 px-2 py-0.5 text-xs uppercase tracking-wide text-slate-800">{FIX_KIND_WORDS[r.kind] ?? r.kind}</span>
        {r.title}
      </h4>
      <p className="mt-1 text-xs text-slate-700">
        From{" "}
        <Link href={`/articles/${r.articleSlug}#resolution-${r.key}`} className="text-sky-800 underline">
          {r.articleTitle}
        </Link>{" "}
        ({r.source})
      </p>
      <p className="mt-1 whitespace-pre-line text-sm text-slate-800">{r.summary}</p>
      {r.warnings.map((w, i) => (
        <Callout key={i} level={w.level} risk={w.risk} text={w.text} />
      ))}
      <div className="text-sm">
        <ResolutionSteps steps={r.steps} />
      </div>
      {r.outcome ? (
        <p className="mt-2 text-sm">
          <span className="font-semibold">When the document&apos;s author tried it: </span>
          {r.outcome}
        </p>
      ) : null}
    </div>
  );
}

/** Open for a confirmed cause; collapsed for a consistent one. */
export function CauseFix({ resolutions, open, causeTitle }: { resolutions: readonly CauseResolution[]; open: boolean; causeTitle: string }) {
  if (resolutions.length === 0) return null;
  const body = (
    <div className="mt-3 space-y-5">
      {resolutions.map((r) => (
        <ResolutionView key={r.key} resolution={r} />
      ))}
    </div>
  );
  return (
    <section aria-label={`Fix: ${causeTitle}`} className="mt-3 rounded-md border border-emerald-300 bg-emerald-50/40 p-2 sm:p-3" data-testid="fix">
      {open ? (
        <>
          <h4 className="text-sm font-semibold uppercase tracking-wide text-emerald-900">The fix</h4>
          {body}
        </>
      ) : (
        <details>
          <summary className="cursor-pointer text-sm font-semibold text-emerald-900">The fix, if this cause is confirmed ({resolutions.length})</summary>
          {body}
        </details>
      )}
    </section>
  );
}
