/**
 * How verdicts, outcomes and bases read on the result page, in the ticket text and in the CLI.
 * Pure and client-safe.
 */
import type { Basis, Outcome, Verdict } from "./types";

export const VERDICT_WORDS: Record<Verdict, string> = {
  confirmed: "Confirmed",
  consistent: "Consistent, not confirmed",
  no_evidence: "No evidence",
  refuted: "Refuted",
  not_tested: "Not tested",
};

export const OUTCOME_WORDS: Record<Outcome, string> = {
  problem_found: "Problem found",
  no_documented_problem: "No documented problem",
  could_not_test: "Could not test",
};

/** "documented: Microsoft KB 295725 rev 5.4: "…" — 'quote'" or "inferred: reason". */
export function basisText(basis: Basis | undefined): string | null {
  if (!basis) return null;
  if (basis.kind === "documented") return `documented: ${basis.source} — '${basis.quote}'`;
  return `inferred: ${basis.reason}`;
}

/** Resolution kinds as the article page labels them. */
export const FIX_KIND_WORDS: Record<string, string> = { resolution: "Resolution", workaround: "Workaround", hotfix: "Hotfix" };
