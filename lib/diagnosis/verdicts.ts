/**
 * The calibrated verdict of one cause from its evidence lines (already reduced to one counted
 * line per observation). Only a decisive check — a documented, specific observation of the
 * cause — confirms or refutes; supporting agreement is at most `consistent`. Where a document
 * says the behaviour is seen only from a particular place (the cause's vantage note), a check
 * from the console's own network cannot refute it. Pure.
 */
import type { CauseModel, EvidenceLine, UntestedStep, Verdict } from "./types";

export interface CauseJudgement {
  verdict: Verdict;
  /** The verdict in one sentence. */
  reason: string;
  /** For a cause with a vantage note: what the note means for this verdict. */
  vantageMeaning: string | null;
}

function titles(lines: readonly EvidenceLine[]): string {
  const unique = [...new Set(lines.map((l) => l.findingTitle))];
  return unique.join("; ");
}

function stepList(steps: readonly UntestedStep[]): string {
  return steps.map((s) => s.label.toLowerCase()).join("; ");
}

export function judgeCause(input: {
  cause: Pick<CauseModel, "vantage">;
  evidence: readonly EvidenceLine[];
  /** A step that reads one of the cause's findings made its observation. */
  tested: boolean;
  untestedSteps: readonly UntestedStep[];
  /** A step that reads one of its findings ran, without making that observation (e.g. no TLS session to close). */
  stepsRan?: boolean;
}): CauseJudgement {
  const counted = input.evidence.filter((e) => e.counted !== false);
  const decisive = (effect: EvidenceLine["effect"]) => counted.filter((e) => e.effect === effect && e.verdictStrength === "decisive");
  const supporting = (effect: EvidenceLine["effect"]) => counted.filter((e) => e.effect === effect && e.verdictStrength !== "decisive");
  const confirmsDecisive = decisive("confirms");
  const refutesDecisive = decisive("refutes");
  const confirmsWeight = counted.filter((e) => e.effect === "confirms").reduce((s, e) => s + e.weight, 0);
  const refutesWeight = counted.filter((e) => e.effect === "refutes").reduce((s, e) => s + e.weight, 0);
  const vantage = input.cause.vantage;
  const pending = input.untestedSteps.filter((s) => s.couldConfirm);
  const stillOpen = pending.length > 0 ? ` Not run in this check and able to confirm it: ${stepList(pending)}.` : "";

  if (confirmsDecisive.length > 0 && refutesDecisive.length === 0) {
    return {
      verdict: "confirmed",
      reason: `Confirmed: ${titles(confirmsDecisive)} is the documented, specific sign of this cause.`,
      vantageMeaning: vantage ? "Seen from where this check ran, so the limitation does not weaken this verdict." : null,
    };
  }
  if (refutesDecisive.length > 0 && confirmsDecisive.length === 0) {
    if (vantage) {
      return {
        verdict: "no_evidence",
        reason: `Not refuted from here: ${titles(refutesDecisive)} speaks against it, but the documents say it is seen only from a particular place (below).${stillOpen}`,
        vantageMeaning: "A check from the console's own network cannot rule this cause out; run the check from there.",
      };
    }
    return { verdict: "refuted", reason: `Refuted: ${titles(refutesDecisive)} is the documented behaviour without this cause.`, vantageMeaning: null };
  }
  if (confirmsDecisive.length > 0 && refutesDecisive.length > 0) {
    return {
      verdict: "consistent",
      reason: `Conflicting evidence: ${titles(confirmsDecisive)} points at it while ${titles(refutesDecisive)} points away; neither settles it.`,
      vantageMeaning: vantage ? "Where the check ran from may explain the conflict." : null,
    };
  }
  const agrees = supporting("confirms");
  if (agrees.length > 0 && confirmsWeight > refutesWeight) {
    return {
      verdict: "consistent",
      reason: `Consistent, not confirmed: ${titles(agrees)} agrees with it, but that is not a documented, specific sign of this cause.${stillOpen}`,
      vantageMeaning: vantage ? "Seen from where this check ran; a check from the place the documents name could confirm it." : null,
    };
  }
  if (input.tested) {
    const disagrees = supporting("refutes");
    const why = disagrees.length > 0 ? ` ${titles(disagrees)} speaks against it.` : "";
    return {
      verdict: "no_evidence",
      reason: `No evidence: the steps that test it ran and nothing pointed at it.${why}${stillOpen}`,
      vantageMeaning: vantage ? "A check from the console's own network cannot rule this cause out; run the check from there." : null,
    };
  }
  return {
    verdict: "not_tested",
    reason:
      input.untestedSteps.length > 0
        ? `Not tested: no step that could test it ran. It needs: ${stepList(input.untestedSteps)}.`
        : input.stepsRan
          ? "Not tested: the steps that look for it ran, but what they look for could not be observed on this target (for example, no TLS session to end when STARTTLS is not offered)."
          : "Not tested: no live check can test it; see the articles.",
    vantageMeaning: vantage ? "Even when tested from the console, only a check from the place the documents name can rule it out." : null,
  };
}
