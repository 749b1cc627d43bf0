/**
 * Server side: ranks knowledge-base causes from probe results alone (no wizard answers), with
 * the same model, checks, verdicts and headline outcome as a saved diagnosis. The command line
 * uses it to show which causes its findings point at. Do not import from client code.
 */
import { hostname } from "node:os";
import type { ProbeResult } from "@/lib/probes/types";
import { observedFindings, targetText } from "./build";
import { getDiagnosisModel } from "./model";
import { concludeCheck, consoleVantage } from "./outcome";
import { rankDiagnosis, type Ranking } from "./ranking";
import { CHECK_STEPS, type CheckStep } from "./steps";
import type { Conclusion } from "./types";

/** Probe step names (lib/probes) that are check steps of the same name or meaning. */
const PROBE_STEP: Record<string, CheckStep> = {
  banner: "banner",
  ehlo: "ehlo",
  helo: "ehlo",
  unknown_command: "unknown_command",
  starttls: "starttls",
  envelope: "envelope",
  quit: "close",
  close_without_tls: "close",
  split_data: "split_data",
  mx: "dns",
};

/** The check steps a probe result tried (what it was asked to do and got to). */
function stepsTried(results: readonly ProbeResult<unknown>[]): CheckStep[] {
  const steps = new Set<CheckStep>();
  for (const r of results) {
    const repeats = (r.details as { repeats?: unknown[] } | null)?.repeats;
    if (r.kind === "pop3" && Array.isArray(repeats) && repeats.length > 0) steps.add("pop3_loop");
    if (r.kind === "tcp") steps.add("tcp_loop");
    if (r.kind === "smtp") steps.add("banner");
    for (const s of r.steps) {
      const step = PROBE_STEP[s.name];
      if (step) steps.add(step);
    }
  }
  return CHECK_STEPS.filter((s) => steps.has(s));
}

export interface ProbeEvidence extends Ranking {
  conclusion: Conclusion;
}

export async function rankProbeEvidence(results: readonly ProbeResult<unknown>[]): Promise<ProbeEvidence> {
  const model = await getDiagnosisModel();
  const findings = observedFindings(results);
  const ranking = rankDiagnosis({
    causes: model.causes,
    articles: model.articles,
    checks: model.checks,
    start: { kind: "none" },
    answers: [],
    findings,
    resolutions: model.resolutions,
  });
  const first = results[0];
  const conclusion = concludeCheck({
    target: first ? targetText(first.target.host, first.target.port) : "the target",
    steps: stepsTried(results),
    ended: results.every((r) => r.completed) ? "completed" : "deadline",
    findings,
    causes: ranking.causes,
    ranFrom: consoleVantage(hostname()),
  });
  return { ...ranking, conclusion };
}
