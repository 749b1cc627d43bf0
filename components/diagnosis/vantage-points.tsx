import type { DiagnosisRecord, VantagePoint } from "@/lib/diagnosis/record";
import type { Basis } from "@/lib/diagnosis/types";
import { isCompareFinding } from "@/lib/diagnosis/vantage-compare";
import { OUTCOME_WORDS } from "@/lib/diagnosis/words";
import { formatMs } from "@/lib/diagnosis/ticket";
import { BasisNote } from "./basis-note";
import { StepTable, Transcript } from "./transcript";

/**
 * A check run from several vantage points, side by side: the comparison findings first (what
 * differs between the paths, with what the knowledge base says it means), then one column per
 * point — where it ran, its outcome, steps, findings and transcript. Columns on a wide screen,
 * stacked under their own headings on a phone. Renders from the snapshot only.
 */

const OUTCOME_STYLE: Record<VantagePoint["outcome"], string> = {
  problem_found: "border-red-300 bg-red-50 text-red-900",
  no_documented_problem: "border-emerald-300 bg-emerald-50 text-emerald-900",
  could_not_test: "border-amber-300 bg-amber-50 text-amber-950",
};

const SEVERITY_STYLE = {
  info: "text-slate-700",
  warning: "text-amber-900",
  critical: "text-red-900",
} as const;

function where(point: VantagePoint): string {
  const what = point.kind === "console" ? "The RelayDesk console's server" : "Probe agent";
  return point.address ? `${what} · ${point.address}` : what;
}

/** What the knowledge model's check reading a comparison finding rests on (from the ranked causes' evidence). */
function basesOf(record: DiagnosisRecord, findingId: string): Array<{ cause: string; basis: Basis; explanation: string }> {
  const out: Array<{ cause: string; basis: Basis; explanation: string }> = [];
  for (const c of record.causes) {
    const line = c.evidence.find((e) => e.findingId === findingId && e.vantage === undefined && e.basis);
    if (line?.basis) out.push({ cause: c.title, basis: line.basis, explanation: line.explanation });
  }
  return out;
}

function PointColumn({ point, index }: { point: VantagePoint; index: number }) {
  const headingId = `vantage-${index}-heading`;
  return (
    <section aria-labelledby={headingId} className="min-w-0 space-y-3 rounded-lg border border-slate-200 bg-white p-3 [overflow-wrap:anywhere]" data-testid="vantage-point" data-vantage={point.name} data-outcome={point.outcome}>
      <header className="space-y-1">
        <h3 id={headingId} className="text-lg font-semibold">
          <span className="sr-only">Vantage point </span>
          {point.name}
        </h3>
        <p className="text-xs text-slate-700" data-testid="vantage-where">
          {where(point)}
        </p>
        <p className={`inline-block rounded border px-2 py-0.5 text-xs font-medium ${OUTCOME_STYLE[point.outcome]}`} data-testid="vantage-outcome">
          {OUTCOME_WORDS[point.outcome]}
        </p>
        {point.reason ? <p className="text-sm text-slate-800">{point.reason}</p> : null}
      </header>
      <div>
        <h4 className="text-sm font-semibold">Findings</h4>
        {point.findings.length === 0 ? <p className="text-sm text-slate-700">No findings.</p> : null}
        <ul className="mt-1 space-y-1 text-sm" data-testid="vantage-findings">
          {point.findings.map((f, i) => (
            <li key={`${f.id}-${i}`}>
              <span className={`font-medium ${SEVERITY_STYLE[f.severity]}`}>{f.title}</span> <span className="font-mono text-xs text-slate-700">{f.id}</span>
              {f.evidence[0] ? <code className="mt-0.5 block break-all text-xs text-slate-800">{f.evidence[0]}</code> : null}
            </li>
          ))}
        </ul>
      </div>
      {point.results.map((r, i) => (
        <div key={`${r.id}-${i}`} className="space-y-2">
          <h4 className="text-sm font-semibold">
            {r.kind.toUpperCase()} {r.target.input}:{r.target.port}{" "}
            <span className="font-normal text-slate-700">
              ({formatMs(r.durationMs)}, {r.completed ? "completed" : "ended early"})
            </span>
          </h4>
          <StepTable steps={r.steps} caption={`Steps from ${point.name}`} />
          <Transcript lines={r.transcript} label={`Transcript from ${point.name}`} />
        </div>
      ))}
    </section>
  );
}

export function VantagePoints({ record }: { record: DiagnosisRecord }) {
  if (record.vantagePoints.length <= 1) return null;
  const compared = record.findings.filter((f) => isCompareFinding(f.id));
  return (
    <section aria-labelledby="vantage-heading" className="space-y-4" data-testid="vantage-points">
      <h2 id="vantage-heading" className="text-xl font-semibold">
        Vantage points compared
      </h2>
      <div className="rounded-lg border border-sky-200 bg-sky-50 p-3 [overflow-wrap:anywhere]" data-testid="comparison">
        <h3 className="text-sm font-semibold">What differs between them</h3>
        {compared.length === 0 ? (
          <p className="mt-1 text-sm text-slate-800">None of the documented differences: the vantage points that tested saw the same banner, EHLO, end of session and connects.</p>
        ) : (
          <ul className="mt-2 space-y-3">
            {compared.map((f) => (
              <li key={f.id} data-testid="comparison-finding" data-finding={f.id}>
                <p className="text-sm">
                  <span className="font-medium">{f.title}</span> <span className="font-mono text-xs text-slate-700">{f.id}</span>
                </p>
                <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{f.evidence.join("\n")}</pre>
                {basesOf(record, f.id).map((b, i) => (
                  <div key={i} className="mt-1 text-xs text-slate-800">
                    <p>
                      <span className="font-semibold">Points at: </span>
                      {b.cause}. {b.explanation}
                    </p>
                    <BasisNote basis={b.basis} />
                  </div>
                ))}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-[repeat(auto-fit,minmax(20rem,1fr))]">
        {record.vantagePoints.map((p, i) => (
          <PointColumn key={p.name} point={p} index={i} />
        ))}
      </div>
    </section>
  );
}
