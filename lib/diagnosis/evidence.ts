/**
 * Server side: ranks knowledge-base causes from probe results alone (no wizard answers), with
 * the same model, checks and weights as a saved diagnosis. The command line uses it to show
 * which causes its findings point at. Do not import from client code.
 */
import type { ProbeResult } from "@/lib/probes/types";
import { observedFindings } from "./build";
import { getDiagnosisModel } from "./model";
import { rankDiagnosis, type Ranking } from "./ranking";

export async function rankProbeEvidence(results: readonly ProbeResult<unknown>[]): Promise<Ranking> {
  const model = await getDiagnosisModel();
  return rankDiagnosis({
    causes: model.causes,
    articles: model.articles,
    checks: model.checks,
    start: { kind: "none" },
    answers: [],
    findings: observedFindings(results),
  });
}
