import Link from "next/link";
import type { DiagnosisRecord } from "@/lib/diagnosis/record";
import { STEP_INFO } from "@/lib/diagnosis/steps";
import { formatMs } from "@/lib/diagnosis/ticket";
import type { EvidenceLine, RankReason, RankedCause, Verdict } from "@/lib/diagnosis/types";
import { VERDICT_WORDS } from "@/lib/diagnosis/words";
import { BasisNote } from "./basis-note";
import { CauseFix } from "./fix";
import { OutcomeSummary } from "./outcome-summary";
import { RunStep } from "./run-step";
import { VantagePoints } from "./vantage-points";
import { isCompareFinding } from "@/lib/diagnosis/vantage-compare";
import { StepTable, Transcript } from "./transcript";

/**
 * A diagnosis as seen: the headline outcome, then each cause with its calibrated verdict in a
 * sentence, the fix beside a confirmed cause (collapsed for a consistent one), the evidence lines
 * with what each rests on (documented quote or inferred reason) beside the knowledge base's
 * symptom, steps not run that could still test it ("run it"), and how it was ranked behind a
 * disclosure; then the articles, the findings no article explains, and the transcripts. Renders
 * from the snapshot only (server or client): the live result and /d/ID both use it.
 */

const VERDICT_STYLE: Record<Verdict, string> = {
  confirmed: "bg-red-100 text-red-900 border-red-300",
  consistent: "bg-amber-100 text-amber-900 border-amber-300",
  no_evidence: "bg-slate-100 text-slate-800 border-slate-300",
  refuted: "bg-emerald-100 text-emerald-900 border-emerald-300",
  not_tested: "bg-white text-slate-800 border-slate-400 border-dashed",
};

const END_WORDS: Record<DiagnosisRecord["ended"], string> = {
  completed: "The check ran to its end.",
  deadline: "The check reached its deadline and ended with what it had.",
  cancelled: "The check was cancelled; these are partial results.",
  error: "The check failed; these are partial results.",
};

export { BasisNote };

export function probeLabel(kind: string): string {
  return { smtp: "SMTP dialogue", pop3: "POP3", tcp: "TCP connects", dns: "DNS", compare: "Comparison of vantage points" }[kind] ?? kind;
}

function EvidenceItem({ e }: { e: EvidenceLine }) {
  return (
    <li className="grid gap-3 rounded-md border border-slate-200 p-3 md:grid-cols-2 [&>*]:min-w-0" data-testid="evidence-line" data-counted={e.counted === false ? "no" : "yes"}>
      <div>
        <p className="text-sm">
          <span className={`mr-2 rounded px-1.5 py-0.5 text-xs font-medium ${e.effect === "confirms" ? "bg-red-100 text-red-900" : "bg-emerald-100 text-emerald-900"}`}>
            {e.effect === "confirms" ? "for" : "against"}
            {e.verdictStrength ? ` · ${e.verdictStrength}` : ""}
          </span>
          <span className="font-medium">{e.findingTitle}</span>
          {e.vantage ? <span className="ml-1 text-xs text-slate-700" data-testid="evidence-vantage">from {e.vantage}</span> : null}
          {e.counted === false ? <span className="ml-1 text-xs text-slate-600">(same observation as a stronger line: counted once)</span> : null}
        </p>
        {e.lines.length > 0 ? (
          <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{e.lines.slice(0, 6).join("\n")}</pre>
        ) : null}
        <p className="mt-2 text-xs text-slate-700">{e.explanation}</p>
        <BasisNote basis={e.basis} />
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
  );
}

function ReasonList({ title, reasons }: { title: string; reasons: readonly RankReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <div>
      <p className="text-xs font-semibold">{title}</p>
      <ul className="mt-1 space-y-1 text-xs" data-testid="wizard-reasons">
        {reasons.map((r, i) => (
          <li key={i}>
            {r.label} ({r.strength}
            {r.kind === "finding" ? "" : `, ${r.weight > 0 ? "+" : ""}${r.weight}`})
            <BasisNote basis={r.basis} />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CauseCard({ cause, diagnosisId, port }: { cause: RankedCause; diagnosisId?: string; port?: number | null }) {
  const runnable = cause.verdict === "confirmed" || cause.verdict === "refuted" ? [] : cause.untestedSteps.filter((s) => s.couldConfirm);
  const smtpCheck = port !== 110;
  return (
    <li className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm [overflow-wrap:anywhere] sm:p-4" data-testid="ranked-cause" data-cause={cause.key} data-verdict={cause.verdict}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          <span className="mr-1 text-slate-600">{cause.rank}.</span> {cause.title}
        </h3>
        <span className={`rounded border px-2 py-0.5 text-xs font-medium ${VERDICT_STYLE[cause.verdict]}`} data-testid="verdict">
          {VERDICT_WORDS[cause.verdict]}
        </span>
      </div>
      {cause.verdictReason ? (
        <p className="mt-1 text-sm text-slate-800" data-testid="verdict-reason">
          {cause.verdictReason}
        </p>
      ) : null}
      {cause.vantage ? (
        <div className="mt-2 rounded border border-sky-200 bg-sky-50 p-2 text-sm" data-testid="vantage">
          <p>
            <span className="font-semibold">Where it is seen: </span>
            {cause.vantage.note}
          </p>
          {cause.vantage.meaning ? <p className="mt-1">{cause.vantage.meaning}</p> : null}
          <BasisNote basis={cause.vantage.basis} />
        </div>
      ) : null}
      {cause.verdict === "confirmed" || cause.verdict === "consistent" ? (
        <CauseFix resolutions={cause.resolutions} open={cause.verdict === "confirmed"} causeTitle={cause.title} />
      ) : null}
      {cause.evidence.length > 0 ? (
        <ul className="mt-3 space-y-3" aria-label={`Evidence for and against: ${cause.title}`}>
          {cause.evidence.map((e, i) => (
            <EvidenceItem key={`${e.findingId}-${i}`} e={e} />
          ))}
        </ul>
      ) : null}
      {runnable.length > 0 ? (
        <div className="mt-3 text-sm" data-testid="not-tested">
          <p className="font-medium">Not tested in this check, and able to confirm it:</p>
          <ul className="mt-1 space-y-1">
            {runnable.map((s) => (
              <li key={s.step} className="flex flex-wrap items-center gap-2">
                <span>{s.label}</span>
                {diagnosisId ? (
                  <RunStep diagnosisId={diagnosisId} step={s.step} label={s.label} {...(s.step === "pop3_loop" && smtpCheck ? { otherPort: 110 } : {})} />
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
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
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-slate-700">How this was ranked</summary>
        <div className="mt-2 space-y-2">
          <p data-testid="rank-explanation">{cause.explanation}</p>
          <p className="text-xs text-slate-600">
            score {cause.score} (answers {cause.wizardScore}, live evidence {cause.evidenceScore}; each observation counted once)
          </p>
          <ReasonList title="For it" reasons={cause.support} />
          <ReasonList title="Against it" reasons={cause.against} />
        </div>
      </details>
    </li>
  );
}

/** `canRun` false (a viewer, a public link) hides the buttons that run more checks. */
export function DiagnosisResults({ record, canRun = true }: { record: DiagnosisRecord; canRun?: boolean }) {
  const leading = record.causes.filter((c) => c.verdict === "confirmed" || c.verdict === "consistent" || (c.candidate && c.verdict !== "refuted"));
  const others = record.causes.filter((c) => !leading.includes(c));
  const id = canRun ? record.id || undefined : undefined;
  // healthy observations no check reads are not problems; they stay in the findings list below
  const unexplained = record.unexplained.filter((f) => f.severity !== "info");
  const multi = record.vantagePoints.length > 1;
  return (
    <div className="space-y-8">
      <OutcomeSummary record={record} />
      <p className="text-sm text-slate-700" data-testid="run-end">
        {END_WORDS[record.ended]} Steps: {record.steps.map((s) => STEP_INFO[s].label).join(", ")}.
      </p>
      <VantagePoints record={record} />
      <div className="grid gap-8 xl:grid-cols-[1fr_22rem]">
        <section aria-labelledby="causes-heading" className="min-w-0">
          <h2 id="causes-heading" className="text-xl font-semibold">
            Causes
          </h2>
          {leading.length === 0 ? <p className="mt-2 text-sm text-slate-700">No cause in the knowledge base is confirmed or consistent with what was seen and answered.</p> : null}
          <ol className="mt-3 space-y-4" aria-label="Leading causes">
            {leading.map((c) => (
              <CauseCard key={c.key} cause={c} diagnosisId={id} port={record.port} />
            ))}
          </ol>
          {others.length > 0 ? (
            <details className="mt-4" data-testid="other-causes">
              <summary className="cursor-pointer text-sm text-slate-800">
                Other causes: {others.map((c) => `${c.title} (${VERDICT_WORDS[c.verdict].toLowerCase()})`).join("; ")}
              </summary>
              <ol className="mt-3 space-y-4" aria-label="Other causes">
                {others.map((c) => (
                  <CauseCard key={c.key} cause={c} diagnosisId={id} port={record.port} />
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
            {unexplained.length === 0 ? (
              <p className="mt-2 text-sm text-slate-700">None: every warning is covered by a knowledge-base check (healthy observations are listed under Findings).</p>
            ) : (
              <ul className="mt-2 space-y-2" data-testid="unexplained">
                {unexplained.map((f) => (
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
              <span className="text-xs text-slate-700">
                ({f.severity}
                {f.vantage ? `, from ${f.vantage}` : isCompareFinding(f.id) ? ", comparison of the vantage points" : ""})
              </span>
            </li>
          ))}
        </ul>
      </section>
      {/* from several vantage points, each point's transcripts are in its own column above */}
      {multi ? null : (
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
      )}
    </div>
  );
}
