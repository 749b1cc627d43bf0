import Link from "next/link";
import { Callout } from "@/components/callout";
import { CodeBlock } from "@/components/code-block";
import { ResolutionSteps } from "@/components/resolution-steps";
import type { ArticleDetail } from "@/lib/kb/articles";
import { LOCATION_LABEL, REFERENCE_KIND_LABEL, RESOLUTION_KIND_LABEL, SOURCE_KIND_LABEL } from "@/lib/kb/labels";

export interface RelatedArticle {
  slug: string;
  title: string;
  sharedCauses: { key: string; title: string }[];
}

/** When the published article last changed (from its revision history). */
export interface LastChange {
  at: string;
  by: string;
}

/**
 * An article as readers see it. The article page and the editor's preview both render this,
 * so a preview is exactly the page the article will be. Pure (no data access): usable on the
 * server and in the editor's client component.
 */
export function ArticleView({ article, related, lastChange }: { article: ArticleDetail; related: RelatedArticle[]; lastChange: LastChange | null }) {
  const moreInformation = article.sections.filter((s) => s.kind !== "scenario");
  const scenario = article.sections.filter((s) => s.kind === "scenario");

  return (
    <article className="grid gap-8 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0 space-y-8">
        <header className="space-y-2">
          <p className="text-xs uppercase tracking-wide text-slate-600">{sourceLine(article)}</p>
          <h1 className="text-2xl font-semibold tracking-tight">{article.title}</h1>
          <p className="text-slate-700">{article.summary}</p>
          {lastChange ? (
            <p className="text-xs text-slate-600" data-testid="last-changed">
              Last changed <time dateTime={lastChange.at}>{formatWhen(lastChange.at)}</time> by {lastChange.by}
            </p>
          ) : null}
          <Link
            href={`/diagnose?article=${encodeURIComponent(article.slug)}#live-check`}
            className="inline-flex min-h-11 items-center rounded border border-sky-800 px-4 no-underline text-sm font-medium text-sky-900 hover:bg-sky-50"
          >
            Check a host for this
          </Link>
        </header>

        {article.warnings.map((w, i) => (
          <Callout key={i} level={w.level} risk={w.risk} text={w.text} />
        ))}

        {scenario.length > 0 ? (
          <section aria-labelledby="scenario">
            <h2 id="scenario" className="text-xl font-semibold">
              Scenario
            </h2>
            {scenario.map((s, i) => (
              <div key={i} className="mt-2">
                {s.heading !== "Scenario" ? <h3 className="font-medium">{s.heading}</h3> : null}
                <p className="whitespace-pre-line text-slate-800">{s.body}</p>
              </div>
            ))}
          </section>
        ) : null}

        <section aria-labelledby="symptoms">
          <h2 id="symptoms" className="text-xl font-semibold">
            Symptoms
          </h2>
          <ul className="mt-3 space-y-3">
            {article.symptoms.map((s) => (
              <li key={s.key} id={`symptom-${s.key}`} className="rounded-md border border-slate-200 bg-white p-3">
                <p className="whitespace-pre-line">{s.description}</p>
                <p className="mt-1 text-xs text-slate-600">{LOCATION_LABEL[s.location] ?? s.location}</p>
                {s.signatures.length > 0 ? (
                  <ul className="mt-2 flex flex-wrap gap-2" aria-label="Identifying signatures">
                    {s.signatures.map((sig, i) => (
                      <li key={i} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800">
                        {sig.display}
                        {sig.qualifier ? <span className="text-slate-600"> ({sig.qualifier})</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="cause">
          <h2 id="cause" className="text-xl font-semibold">
            Cause
          </h2>
          {article.causes.map((c) => (
            <div key={c.key} className="mt-3">
              <h3 className="font-medium">{c.title}</h3>
              <p className="mt-1 whitespace-pre-line text-slate-800">{c.explanation}</p>
            </div>
          ))}
        </section>

        {article.resolutions.length > 0 ? (
          <section aria-labelledby="resolution">
            <h2 id="resolution" className="text-xl font-semibold">
              Resolution and workarounds
            </h2>
            {article.resolutions.map((r) => (
              <div key={r.key} id={`resolution-${r.key}`} className="mt-5">
                <h3 className="font-medium">
                  <span className="mr-2 rounded bg-slate-200 px-2 py-0.5 text-xs uppercase tracking-wide text-slate-800">
                    {RESOLUTION_KIND_LABEL[r.kind] ?? r.kind}
                  </span>
                  {r.title}
                </h3>
                <p className="mt-1 whitespace-pre-line text-slate-800">{r.summary}</p>
                {r.warnings.map((w, i) => (
                  <Callout key={i} level={w.level} risk={w.risk} text={w.text} />
                ))}
                <ResolutionSteps steps={r.steps} />
                {r.outcome ? (
                  <p className="mt-2 text-sm">
                    <span className="font-semibold">Outcome: </span>
                    {r.outcome}
                  </p>
                ) : null}
              </div>
            ))}
          </section>
        ) : null}

        {moreInformation.length > 0 ? (
          <section aria-labelledby="more-information">
            <h2 id="more-information" className="text-xl font-semibold">
              More information
            </h2>
            {moreInformation.map((s, i) => (
              <div key={i} className="mt-3">
                <h3 className="font-medium">{s.heading}</h3>
                {s.kind === "sample-log" ? (
                  <CodeBlock title={s.heading} language="Log" content={s.body} />
                ) : (
                  <p className="mt-1 whitespace-pre-line text-slate-800">{s.body}</p>
                )}
              </div>
            ))}
          </section>
        ) : null}
      </div>

      <aside className="space-y-6 text-sm">
        <section aria-labelledby="applies-to">
          <h2 id="applies-to" className="font-semibold">
            Applies to
          </h2>
          <ul className="mt-2 space-y-1">
            {article.appliesTo.flatMap((p) =>
              p.versions.map((v) => (
                <li key={v.slug}>
                  <Link href={`/products#${p.slug}`} className="text-sky-800 hover:underline">
                    {v.label}
                  </Link>
                </li>
              )),
            )}
          </ul>
        </section>
        {article.references.length > 0 ? (
          <section aria-labelledby="references">
            <h2 id="references" className="font-semibold">
              References
            </h2>
            <ul className="mt-2 space-y-2">
              {article.references.map((r, i) => (
                <li key={i}>
                  <span className="text-xs text-slate-600">{REFERENCE_KIND_LABEL[r.kind] ?? r.kind}</span>
                  <br />
                  <span className="font-mono text-xs">{r.identifier}</span> {r.title}
                  {r.url ? (
                    <>
                      <br />
                      <span className="break-all font-mono text-xs text-slate-700">{r.url}</span>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {related.length > 0 ? (
          <section aria-labelledby="related">
            <h2 id="related" className="font-semibold">
              Related articles (same cause)
            </h2>
            <ul className="mt-2 space-y-2">
              {related.map((r) => (
                <li key={r.slug}>
                  <Link href={`/articles/${r.slug}`} className="text-sky-800 hover:underline">
                    {r.title}
                  </Link>
                  <br />
                  <span className="text-xs text-slate-600">{r.sharedCauses.map((c) => c.title).join("; ")}</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {article.status ? (
          <section aria-labelledby="status">
            <h2 id="status" className="font-semibold">
              Status
            </h2>
            <p className="mt-1">{article.status}</p>
          </section>
        ) : null}
      </aside>
    </article>
  );
}

/** "3 Dec 2026, 17:05 UTC": the same text on the server and in the browser. */
function formatWhen(iso: string): string {
  const d = new Date(iso);
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function sourceLine(article: ArticleDetail): string {
  const s = article.source;
  const parts = [
    SOURCE_KIND_LABEL[s.kind] ?? null,
    s.kbNumber ? `KB ${s.kbNumber}` : null,
    s.previousId ? `previously ${s.previousId}` : null,
    s.revision ? `revision ${s.revision}` : null,
    s.lastReviewed ? `last reviewed ${s.lastReviewed}` : null,
    s.author ? `by ${s.author}` : null,
    s.published ?? null,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : s.title;
}
