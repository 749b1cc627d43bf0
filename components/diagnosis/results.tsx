import Link from "next/link";
import type { DiagnosisRecord } from "@/lib/diagnosis/record";
import { STEP_INFO, stepsForCheck } from "@/lib/diagnosis/steps";
import { formatMs } from "@/lib/diagnosis/ticket";
import type { RankedCause } from "@/lib/diagnosis/types";
import { StepTable, Transcript } from "./transcript";

/**
 * A diagnosis as seen: ranked causes with their explanations, each evidence line beside the
 * knowledge base's matching symptom and cause text, the articles, the findings no article
 * explains, and the transcripts. Renders from the snapshot only (server or client).
 */

const VERDICT: Record<RankedCause["verdict"], { words: string; style: string }> = {
  confirmed: { words: "Evidence confirms", style: "bg-red-100 text-red-900 border-red-300" },
  refuted: { words: "Evidence refutes", style: "bg-emerald-100 text-emerald-900 border-emerald-300" },
  mixed: { words: "Evidence is mixed", style: "bg-amber-100 text-amber-900 border-amber-300" },
  "no-evidence": { words: "Evidence says nothing", style: "bg-slate-100 text-slate-800 border-slate-300" },
};

const END_WORDS: Record<DiagnosisRecord["ended"], string> = {
  completed: "The check ran to its end.",
  deadline: "The check reached its deadline and ended with what it had.",
  cancelled: "The check was cancelled; these are partial results.",
  error: "The check failed; these are partial results.",
};

function probeLabel(kind: string): string {
  return { smtp: "SMTP dialogue", pop3: "POP3", tcp: "TCP connects", dns: "DNS" }[kind] ?? kind;
}

export function CauseCard({ cause }: { cause: RankedCause }) {
  const verdict = VERDICT[cause.verdict];
  const testable = [...new Set(cause.untested.flatMap(stepsForCheck))].map((s) => STEP_INFO[s].label.toLowerCase());
  return (
    <li className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm [overflow-wrap:anywhere]" data-testid="ranked-cause" data-cause={cause.key}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          <span className="mr-1 text-slate-600">{cause.rank}.</span> {cause.title}
        </h3>
        <span className={`rounded border px-2 py-0.5 text-xs font-medium ${verdict.style}`} data-testid="verdict">
          {verdict.words}
          {cause.candidate ? "" : " · ruled out"}
        </span>
      </div>
      <p className="mt-1 text-sm text-slate-800" data-testid="rank-explanation">
        {cause.explanation}
      </p>
      <p className="mt-1 text-xs text-slate-600">
        score {cause.score} (answers {cause.wizardScore}, live evidence {cause.evidenceScore})
      </p>
      {cause.evidence.length > 0 ? (
        <ul className="mt-3 space-y-3" aria-label={`Evidence for and against: ${cause.title}`}>
          {cause.evidence.map((e, i) => (
            <li key={`${e.findingId}-${i}`} className="grid gap-3 rounded-md border border-slate-200 p-3 md:grid-cols-2 [&>*]:min-w-0" data-testid="evidence-line">
              <div>
                <p className="text-sm">
                  <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-medium ${e.effect === "confirms" ? "bg-red-100 text-red-900" : "bg-emerald-100 text-emerald-900"}`}>
                    {e.effect} ({e.strength})
                  </span>
                  <span className="font-medium">{e.findingTitle}</span>
                </p>
                {e.lines.length > 0 ? (
                  <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">
                    {e.lines.slice(0, 6).join("\n")}
                  </pre>
                ) : null}
                <p className="mt-2 text-xs text-slate-700">{e.explanation}</p>
              </div>
              <div className="border-t border-slate-200 pt-2 text-sm md:border-l md:border-t-0 md:pl-3 md:pt-0" data-testid="kb-text">
                {e.symptom ? (
                  <>
                    <p className="text-xs font-medium uppercase tracking-wide text-slate-600">The knowledge base says (symptom)</p>
                    <p className="mt-1 text-slate-900">{e.symptom.description}</p>
                    <p className="mt-1 text-xs">
                      <Link className="text-sky-800 underline" href={`/articles/${e.symptom.articleSlug}#symptom-${e.symptom.key}`}>
                        {e.symptom.articleTitle}
                      </Link>
                    </p>
                  </>
                ) : null}
                <p className="mt-2 text-xs font-medium uppercase tracking-wide text-slate-600">Cause</p>
                <p className="mt-1 text-slate-800">{e.causeText}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-700">
          No live evidence for or against this cause.
          {testable.length > 0 ? ` A live check with these steps could test it: ${testable.join("; ")}.` : " No live check can test it; see the articles."}
        </p>
      )}
      {cause.articles.length > 0 ? (
        <p className="mt-3 text-sm">
          <span className="text-slate-700">Articles: </span>
          {cause.articles.map((a, i) => (
            <span key={a.slug}>
              {i > 0 ? " · " : ""}
              <Link href={`/articles/${a.slug}`} className="text-sky-800 underline">
                {a.title}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}

export function DiagnosisResults({ record }: { record: DiagnosisRecord }) {
  const candidates = record.causes.filter((c) => c.candidate);
  const others = record.causes.filter((c) => !c.candidate);
  return (
    <div className="space-y-8">
      <p className="text-sm text-slate-700" data-testid="run-end">
        {END_WORDS[record.ended]} Steps: {record.steps.map((s) => STEP_INFO[s].label).join(", ")}.
      </p>
      <div className="grid gap-8 xl:grid-cols-[1fr_22rem]">
        <section aria-labelledby="causes-heading" className="min-w-0">
          <h2 id="causes-heading" className="text-xl font-semibold">
            Ranked causes
          </h2>
          {candidates.length === 0 ? <p className="mt-2 text-sm text-slate-700">No cause in the knowledge base fits what was seen and answered.</p> : null}
          <ol className="mt-3 space-y-4" aria-label="Candidate causes">
            {candidates.map((c) => (
              <CauseCard key={c.key} cause={c} />
            ))}
          </ol>
          {others.length > 0 ? (
            <details className="mt-4">
              <summary className="cursor-pointer text-sm text-slate-800">Ruled out ({others.length})</summary>
              <ol className="mt-3 space-y-4" aria-label="Ruled-out causes">
                {others.map((c) => (
                  <CauseCard key={c.key} cause={c} />
                ))}
              </ol>
            </details>
          ) : null}
        </section>
        <aside aria-labelledby="articles-heading" className="min-w-0 space-y-6 [overflow-wrap:anywhere]">
          <section>
            <h2 id="articles-heading" className="text-xl font-semibold">
              Articles
            </h2>
            {record.articles.length === 0 ? <p className="mt-2 text-sm text-slate-700">No article explains the remaining causes.</p> : null}
            <ol className="mt-3 space-y-3">
              {record.articles.map((a) => (
                <li key={a.slug} className="rounded-md border border-slate-200 bg-white p-3" data-testid="ranked-article">
                  <Link href={`/articles/${a.slug}`} className="font-medium text-sky-800 underline-offset-2 hover:underline">
                    <span className="mr-1 text-slate-600">{a.rank}.</span>
                    {a.title}
                  </Link>
                  <p className="mt-1 text-xs text-slate-700">Explains: {a.causes.map((c) => c.title).join("; ")}</p>
                  {a.matchedSymptoms.length > 0 ? (
                    <ul className="mt-1 list-disc pl-5 text-xs text-slate-700" aria-label="Symptoms seen live">
                      {a.matchedSymptoms.map((s) => (
                        <li key={s.key}>{s.description}</li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="unexplained-heading">
            <h2 id="unexplained-heading" className="text-lg font-semibold">
              Findings no article explains
            </h2>
            {record.unexplained.length === 0 ? (
              <p className="mt-2 text-sm text-slate-700">None: every finding is covered by a knowledge-base check.</p>
            ) : (
              <ul className="mt-2 space-y-2" data-testid="unexplained">
                {record.unexplained.map((f) => (
                  <li key={f.id} className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm">
                    <span className="font-medium">{f.title}</span> <span className="text-xs text-slate-700">({f.severity}, not explained by any article)</span>
                    {f.evidence[0] ? <code className="mt-1 block break-all text-xs">{f.evidence[0]}</code> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
      <section aria-labelledby="findings-heading">
        <h2 id="findings-heading" className="text-xl font-semibold">
          Findings
        </h2>
        {record.findings.length === 0 ? <p className="mt-2 text-sm text-slate-700">No findings.</p> : null}
        <ul className="mt-2 grid gap-2 md:grid-cols-2" data-testid="findings">
          {record.findings.map((f, i) => (
            <li key={`${f.id}-${i}`} className="rounded border border-slate-200 bg-white p-2 text-sm">
              <span className="font-medium">{f.title}</span> <span className="font-mono text-xs text-slate-700">{f.id}</span>{" "}
              <span className="text-xs text-slate-700">({f.severity})</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="transcripts-heading" className="space-y-6">
        <h2 id="transcripts-heading" className="text-xl font-semibold">
          Transcripts
        </h2>
        {record.results.length === 0 ? <p className="text-sm text-slate-700">No probe ran.</p> : null}
        {record.results.map((r, i) => (
          <section key={`${r.id}-${i}`} aria-label={`${probeLabel(r.kind)} transcript`} className="space-y-2">
            <h3 className="font-medium">
              {probeLabel(r.kind)}: {r.target.input}:{r.target.port}{" "}
              <span className="text-sm font-normal text-slate-700">
                ({formatMs(r.durationMs)}, {r.completed ? "completed" : "ended early"})
              </span>
            </h3>
            <Transcript lines={r.transcript} label={`${probeLabel(r.kind)} transcript`} />
            <StepTable steps={r.steps} caption={`${probeLabel(r.kind)} steps`} />
            {r.errors.length > 0 ? (
              <ul className="text-sm text-red-900">
                {r.errors.map((e, j) => (
                  <li key={j}>
                    {e.code}: {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ))}
      </section>
    </div>
  );
}
