import type { DiagnosisRecord } from "@/lib/diagnosis/record";
import { OUTCOME_WORDS } from "@/lib/diagnosis/words";

/**
 * The headline of a diagnosis: the outcome in one sentence, what was tested, what that rules out,
 * what a check from where it ran cannot rule out, and what to try next. Diagnoses saved before
 * outcomes existed say so.
 */

const STYLE = {
  problem_found: "border-red-400 bg-red-50",
  no_documented_problem: "border-emerald-400 bg-emerald-50",
  could_not_test: "border-amber-400 bg-amber-50",
} as const;

function List({ title, lines, testId }: { title: string; lines: readonly string[]; testId: string }) {
  if (lines.length === 0) return null;
  return (
    <div className="min-w-0">
      <h3 className="text-sm font-semibold">{title}</h3>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-800" data-testid={testId}>
        {lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </div>
  );
}

export function OutcomeSummary({ record }: { record: DiagnosisRecord }) {
  const c = record.conclusion;
  if (!c) {
    return (
      <section className="rounded-lg border-l-4 border-slate-400 bg-slate-50 p-4" data-testid="outcome" data-outcome="none">
        <p className="text-sm text-slate-800">
          This diagnosis was saved before RelayDesk gave a headline outcome, and its verdicts were not calibrated. Use Check again for a calibrated verdict.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="outcome-heading" className={`space-y-3 rounded-lg border-l-4 p-4 [overflow-wrap:anywhere] ${STYLE[c.outcome]}`} data-testid="outcome" data-outcome={c.outcome}>
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-700">{OUTCOME_WORDS[c.outcome]}</p>
      <h2 id="outcome-heading" className="text-lg font-semibold leading-snug" data-testid="headline">
        {c.headline}
      </h2>
      {c.blocker && c.blocker.evidence.length > 0 ? (
        <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{c.blocker.evidence.join("\n")}</pre>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <List title="Next" lines={c.next} testId="outcome-next" />
        <List title="Tested" lines={c.tested} testId="outcome-tested" />
        <List title="Ruled out or no sign of it" lines={c.ruledOut} testId="outcome-ruled-out" />
        <List title="Cannot be ruled out from here" lines={c.cannotRuleOut} testId="outcome-cannot-rule-out" />
      </div>
      <p className="text-xs text-slate-700" data-testid="ran-from">
        <span className="font-semibold">Where the check ran from: </span>
        {c.ranFrom.note}
      </p>
    </section>
  );
}
