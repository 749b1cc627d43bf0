/**
 * The headline of a check run from several vantage points (the console and probe agents):
 * `could_not_test` only when no point tested; `problem_found` when a cause is confirmed from one
 * of them or when the comparison shows a documented difference between their paths (a device on
 * one of them); otherwise `no_documented_problem`. It says where each point ran from and what
 * each saw. Pure and client-safe.
 */
import { answeredSteps, couldNotTestWhy, stepWords, testedLines } from "./outcome";
import type { VantagePoint } from "./record";
import type { CheckStep } from "./steps";
import type { CheckVantage, Conclusion, ObservedFinding, RankedCause } from "./types";
import { nameList } from "./vantage-compare";
import { OUTCOME_WORDS } from "./words";

export interface AcrossInput {
  target: string;
  steps: readonly CheckStep[];
  ended: "completed" | "deadline" | "cancelled" | "error";
  points: readonly VantagePoint[];
  /** Comparison findings (compare.*). */
  compared: readonly ObservedFinding[];
  causes: readonly RankedCause[];
}

/** "outside-eu (probe agent, 198.51.100.7)", "console (the RelayDesk console's server, relay01)". */
export function whereItRan(point: Pick<VantagePoint, "name" | "kind" | "address">): string {
  const what = point.kind === "console" ? "the RelayDesk console's server" : "probe agent";
  return `${point.name} (${what}${point.address ? `, ${point.address}` : ""})`;
}

/** Where a check run from several vantage points ran, in one sentence. */
export function vantagesRanFrom(points: readonly VantagePoint[]): CheckVantage {
  return {
    host: points.map((p) => p.name).join(", "),
    note: `This check ran from ${points.length} vantage points: ${points.map((p) => `${whereItRan(p)}: ${OUTCOME_WORDS[p.outcome].toLowerCase()}`).join("; ")}. Each point's connection takes its own path to the target, so a device in between shows as a difference between them.`,
  };
}

function untestedNote(p: VantagePoint): string {
  return `Nothing is known from ${p.name}: it could not test (${p.reason ?? couldNotTestWhy(p.findings, p.ended).why}).`;
}

export function concludeAcross(input: AcrossInput): Conclusion {
  const ranFrom = vantagesRanFrom(input.points);
  const tested = input.points.filter((p) => p.outcome !== "could_not_test");
  const untested = input.points.filter((p) => p.outcome === "could_not_test");

  if (tested.length === 0) {
    const whys = input.points.map((p) => ({ p, ...couldNotTestWhy(p.findings, p.ended) }));
    const first = whys.find((w) => w.finding) ?? null;
    return {
      outcome: "could_not_test",
      headline: `Could not test ${input.target} from any of its ${input.points.length} vantage points: ${whys.map((w) => `${w.p.name}: ${w.p.reason ?? w.why}`).join("; ")}.`,
      confirmed: [],
      tested: [],
      ruledOut: [],
      cannotRuleOut: ["Nothing is ruled out: a target that cannot be reached or does not speak is no evidence for or against any device."],
      next: [...new Set(whys.map((w) => w.next))],
      ranFrom,
      blocker: first?.finding ? { findingId: first.finding.id, title: `${first.finding.title} (${first.p.name})`, evidence: first.finding.evidence.slice(0, 6) } : null,
    };
  }

  const testedLinesAll = tested.flatMap((p) => testedLines(p.findings, answeredSteps(p.findings)).map((line) => `${p.name} — ${line}`));
  const confirmed = input.causes.filter((c) => c.verdict === "confirmed");
  const consistentCauses = input.causes.filter((c) => c.verdict === "consistent");
  const consistent = consistentCauses.map((c) => `${c.title}: ${c.verdictReason}`);
  const vantageNotes = input.causes.filter((c) => c.vantage && c.verdict !== "confirmed").map((c) => `${c.title}: ${c.vantage!.note} ${c.vantage!.meaning}`.trim());
  const ruledOut = input.causes.filter((c) => c.verdict === "refuted" || (c.verdict === "no_evidence" && !c.vantage)).map((c) => `${c.title}: ${c.verdictReason}`);
  const notTestedFrom = untested.map(untestedNote);
  const partial = input.ended === "deadline" ? " The check reached its deadline, so some steps may be missing." : "";
  const base = { ranFrom, tested: testedLinesAll, confirmed: confirmed.map((c) => c.key), ruledOut, blocker: null };

  if (confirmed.length > 0 || input.compared.length > 0) {
    let headline: string;
    if (confirmed.length > 0) {
      const [first, ...others] = confirmed;
      const sign = first!.evidence.find((e) => e.counted !== false && e.effect === "confirms" && e.verdictStrength === "decisive");
      const from = (first!.byVantage ?? []).filter((v) => v.vantage !== null && v.verdict === "confirmed").map((v) => v.vantage!);
      // a comparison line names its vantage points itself
      const fromComparison = sign !== undefined && sign.vantage === undefined;
      const where = !fromComparison && from.length > 0 ? ` Confirmed from ${nameList(from)}.` : "";
      const also = others.length > 0 ? ` Also confirmed: ${others.map((c) => c.title).join("; ")}.` : "";
      headline = `Problem found on ${input.target}: ${first!.title}${sign ? ` (${sign.findingTitle})` : ""}.${where}${also}`;
    } else {
      const fits = consistentCauses.length > 0 ? ` Consistent with: ${consistentCauses.map((c) => c.title).join("; ")}.` : "";
      headline = `Problem found on ${input.target}: the vantage points see it differently: ${input.compared.map((f) => f.title).join("; ")}.${fits}`;
    }
    const fixable = confirmed[0]?.resolutions.length ?? 0;
    return {
      ...base,
      outcome: "problem_found",
      headline: `${headline}${partial}`,
      cannotRuleOut: [...consistent, ...vantageNotes, ...notTestedFrom],
      next: [
        confirmed.length === 0
          ? "Look at the device on the path of the vantage point that sees the difference (the comparison names it), then use Check again from the same vantage points."
          : fixable > 0
            ? "Apply the fix shown beside the cause on the device in the path the comparison names, then use Check again from the same vantage points to verify it."
            : "Read the article beside the cause, then use Check again from the same vantage points after the change.",
      ],
    };
  }

  const unanswered = input.steps.filter((s) => s !== "dns" && !tested.some((p) => answeredSteps(p.findings).has(s)));
  return {
    ...base,
    outcome: "no_documented_problem",
    headline:
      consistent.length > 0
        ? `No documented problem confirmed on ${input.target} from ${nameList(tested.map((p) => p.name))}: ${consistentCauses.length === 1 ? "one cause is" : `${consistentCauses.length} causes are`} consistent with what was seen (${consistentCauses.map((c) => c.title).join("; ")}) but not confirmed.${partial}`
        : `No documented problem found on ${input.target} from ${nameList(tested.map((p) => p.name))}: the steps answered as a working mail server does, and the vantage points show none of the documented differences.${partial}`,
    cannotRuleOut: [
      ...consistent,
      ...vantageNotes,
      ...notTestedFrom,
      ...(unanswered.length > 0 ? [`Steps that did not get an answer from any vantage point: ${stepWords(unanswered)}.`] : []),
    ],
    next: [
      ...(untested.length > 0 ? ["Check again once every vantage point can reach the target, so all paths are compared."] : []),
      "If users still see the problem, run the check from where they are (an agent on their network), or start from the symptom in the wizard.",
    ],
  };
}
