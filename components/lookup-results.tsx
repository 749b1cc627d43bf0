import Link from "next/link";
import type { LookupView } from "@/lib/search/lookup-view";

const KIND_LABEL: Record<string, string> = {
  "smtp-reply": "SMTP reply",
  "enhanced-status": "Enhanced status",
  hresult: "Error code",
  winsock: "Winsock",
  "event-id": "Event ID",
  banner: "Banner",
  "log-line": "Message text",
  "symptom-sentence": "Symptom",
  keyword: "Keyword",
  term: "Word",
};

export function LookupResults({ result }: { result: LookupView }) {
  return (
    <section aria-labelledby="results-heading" className="space-y-4">
      {result.signatures.length > 0 ? (
        <div>
          <h2 className="text-sm font-semibold text-slate-700">Recognised in your text</h2>
          <ul className="mt-2 flex flex-wrap gap-2" aria-label="Recognised signatures">
            {result.signatures.map((s) => (
              <li
                key={`${s.kind}:${s.value}:${s.qualifier ?? ""}`}
                className="rounded-full border border-sky-200 bg-sky-50 px-3 py-1 font-mono text-xs text-sky-900"
              >
                <span className="font-sans text-sky-700">{KIND_LABEL[s.kind] ?? s.kind}:</span> {s.value}
                {s.qualifier ? <span className="text-sky-700"> ({s.qualifier})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2 id="results-heading" className="text-lg font-semibold">
        {result.articles.length === 0 ? "No matching articles" : `${result.articles.length} matching article${result.articles.length === 1 ? "" : "s"}`}
      </h2>
      {result.articles.length === 0 ? (
        <p className="text-sm text-slate-600">
          Nothing in the knowledge base matches. Try an error code (e.g. <code>0x800CCC79</code>), a reply such as{" "}
          <code>550 5.7.1</code>, or <Link className="text-sky-800 underline" href="/symptoms">browse by symptom</Link>.
        </p>
      ) : (
        <ol className="space-y-3" aria-label="Matching articles">
          {result.articles.map((a, i) => (
            <li key={a.slug} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="result">
              <div className="flex items-baseline justify-between gap-4">
                <Link href={`/articles/${a.slug}`} className="font-medium text-sky-800 hover:underline">
                  <span className="mr-2 text-slate-500">{i + 1}.</span>
                  {a.title}
                </Link>
                <span className="shrink-0 text-xs text-slate-600" title="Relevance score">
                  score {a.score.toFixed(1)}
                </span>
              </div>
              <p className="mt-1 text-sm text-slate-700">{a.summary}</p>
              <Link
                href={`/diagnose?article=${encodeURIComponent(a.slug)}#live-check`}
                className="mt-1 inline-flex min-h-11 items-center text-sm text-sky-800 underline"
                aria-label={`Check a host for ${a.title}`}
              >
                Check a host for this
              </Link>
              {a.matched.length > 0 ? (
                <details className="mt-2 text-sm">
                  <summary className="cursor-pointer text-slate-700">
                    Why: {a.matched.filter((m) => m.kind !== "term").map((m) => m.display).slice(0, 4).join(", ") || a.matched.map((m) => m.display).slice(0, 4).join(", ")}
                  </summary>
                  <ul className="mt-2 list-disc space-y-1 pl-5 text-slate-700">
                    {a.matched.map((m) => (
                      <li key={`${m.kind}:${m.value}`}>
                        <span className="font-medium">{KIND_LABEL[m.kind] ?? m.kind}</span> <code>{m.display}</code>
                        {m.note ? <span className="text-slate-600"> ({m.note})</span> : null}
                        {m.symptom ? <span className="text-slate-600"> — symptom: {m.symptom}</span> : null}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
