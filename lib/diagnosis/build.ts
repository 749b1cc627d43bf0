/**
 * Turns a finished (or ended) live check into the content of a diagnosis record: the observed
 * findings, the ranking with its explanations and the ranked articles, next to the snapshot of
 * the wizard start and answers. Pure: probe results in, plain data out.
 */
import type { DiagnosisRecord, RunEnd, StoredProbeResult, VantagePoint } from "./record";
import { concludeCheck } from "./outcome";
import { compareVantagePoints } from "./vantage-compare";
import { concludeAcross } from "./vantage-outcome";
import { rankDiagnosis } from "./ranking";
import type { CheckStep } from "./steps";
import type { CheckVantage, DiagnosisModel, GivenAnswer, ObservedFinding, WizardStart } from "./types";

const SEVERITIES = new Set(["info", "warning", "critical"]);

/** What observedFindings reads of a probe result (stored, or fresh from lib/probes). */
export interface FindingSource {
  kind: string;
  findings: readonly { id: string; title: string; severity: string; evidence: string[]; address?: string | undefined }[];
}

/** Findings of every probe result, in the order they were found. */
export function observedFindings(results: readonly FindingSource[]): ObservedFinding[] {
  return results.flatMap((r) =>
    r.findings.map((f) => {
      const finding: ObservedFinding = {
        id: f.id,
        title: f.title,
        severity: SEVERITIES.has(f.severity) ? (f.severity as ObservedFinding["severity"]) : "warning",
        evidence: f.evidence,
        probe: r.kind,
      };
      if (f.address !== undefined) finding.address = f.address;
      return finding;
    }),
  );
}

export interface BuildInput {
  model: DiagnosisModel;
  host: string;
  port: number | null;
  start: WizardStart;
  answers: GivenAnswer[];
  steps: CheckStep[];
  mx: boolean;
  recipient: string | null;
  results: StoredProbeResult[];
  ended: RunEnd;
  deadlineMs: number;
  createdBy: string;
  previousId: string | null;
  /** Where the probes ran from (the console's server). */
  ranFrom: CheckVantage;
  /** Each vantage point's own result, when the check ran from more than the console. */
  vantagePoints?: DiagnosisRecord["vantagePoints"];
}

/** "mail.example.com:25", "[2001:db8::25]:25" */
export function targetText(host: string, port: number | null): string {
  const h = host.includes(":") ? `[${host}]` : host;
  return port ? `${h}:${port}` : h;
}

export type DiagnosisContent = Omit<DiagnosisRecord, "id" | "createdAt">;

/**
 * A check run from several vantage points: the comparison findings, then every point's findings
 * tagged with where they were seen; each cause judged per point and from the comparison (a clear
 * path does not cancel a device seen on another), and a headline over all points.
 */
function buildAcross(input: BuildInput, points: readonly VantagePoint[]): Pick<DiagnosisContent, "findings" | "unexplained" | "causes" | "articles" | "conclusion"> {
  const compared = compareVantagePoints(points);
  const findings: ObservedFinding[] = [...compared, ...points.flatMap((p) => p.findings.map((f) => ({ ...f, vantage: p.name })))];
  const ranking = rankDiagnosis({
    causes: input.model.causes,
    articles: input.model.articles,
    checks: input.model.checks,
    start: input.start,
    answers: input.answers,
    findings,
    resolutions: input.model.resolutions,
    vantagePoints: points.filter((p) => p.outcome !== "could_not_test").map((p) => p.name),
  });
  const conclusion = concludeAcross({
    target: targetText(input.host, input.port),
    steps: input.steps,
    ended: input.ended,
    points,
    compared,
    causes: ranking.causes,
  });
  return { findings, unexplained: ranking.unexplained, causes: ranking.causes, articles: ranking.articles, conclusion };
}

export function buildDiagnosis(input: BuildInput): DiagnosisContent {
  const points = input.vantagePoints ?? [];
  if (points.length > 1) {
    return {
      ...recordFacts(input),
      ...buildAcross(input, points),
      vantagePoints: points,
    };
  }
  const findings = observedFindings(input.results);
  const ranking = rankDiagnosis({
    causes: input.model.causes,
    articles: input.model.articles,
    checks: input.model.checks,
    start: input.start,
    answers: input.answers,
    findings,
    resolutions: input.model.resolutions,
  });
  const conclusion = concludeCheck({
    target: targetText(input.host, input.port),
    steps: input.steps,
    ended: input.ended,
    findings,
    causes: ranking.causes,
    ranFrom: input.ranFrom,
  });
  return {
    ...recordFacts(input),
    findings,
    unexplained: ranking.unexplained,
    causes: ranking.causes,
    articles: ranking.articles,
    vantagePoints: input.vantagePoints ?? [],
    conclusion,
  };
}

/** What the record keeps of the request and the run, whatever the findings say. */
function recordFacts(input: BuildInput) {
  return {
    createdBy: input.createdBy,
    host: input.host,
    port: input.port,
    category: input.start.kind === "category" ? input.start.key : null,
    kbRevision: input.model.kbRevision,
    previousId: input.previousId,
    start: input.start,
    answers: input.answers,
    steps: input.steps,
    mx: input.mx,
    recipient: input.recipient,
    ended: input.ended,
    deadlineMs: input.deadlineMs,
    results: input.results,
  };
}
