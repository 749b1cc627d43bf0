/**
 * Server side: HTTP plumbing shared by the diagnosis routes (bounded JSON bodies, error
 * mapping, the public JSON shape of a diagnosis). Do not import from client code.
 */
import { readJsonBody as readBoundedJson, type BodyJson } from "@/lib/http/body";
import { absoluteLink } from "@/lib/http/origin";
import { jsonError } from "@/lib/http/responses";
import type { DiagnosisRecord } from "./record";
import { DiagnosisInputError } from "./service";
import { DiagnosisStoreError } from "./store";

/** Largest request body read (a check request is a few hundred bytes; pasted text at most 20 kB). */
export const MAX_BODY_BYTES = 64 * 1024;

export type BodyResult = BodyJson;

/** The JSON body of a diagnosis request: at most MAX_BODY_BYTES (counted while reading), shallow. */
export function readJsonBody(request: Request): Promise<BodyResult> {
  return readBoundedJson(request, MAX_BODY_BYTES, '{ "host": "mail.example.com" }');
}

/** Maps an error of a diagnosis run to a response; unknown errors are logged and hidden. */
export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof DiagnosisInputError) return jsonError(error.status, error.code, error.message, request);
  if (error instanceof DiagnosisStoreError) {
    console.error("relaydesk: diagnosis store", error);
    return jsonError(500, "store_error", "The diagnosis could not be saved or read.");
  }
  console.error("relaydesk: diagnosis run failed", error);
  return jsonError(500, "internal_error", "The check failed unexpectedly.");
}

/** The words a user sees for an error (never a stack or raw database text). */
export function userMessage(error: unknown): string {
  if (error instanceof DiagnosisInputError) return error.message;
  return "The check failed unexpectedly.";
}

/** A share link: on RELAYDESK_PUBLIC_URL when it is set, else on the request's own origin. */
export function absoluteUrl(request: Request, path: string): string {
  return absoluteLink(request, path);
}

/**
 * The headline of a diagnosis as the JSON API gives it: `outcome` (problem_found |
 * no_documented_problem | could_not_test), the headline sentence, what was tested, what that
 * rules out, what cannot be ruled out from where the check ran, what to try next. Null fields for
 * diagnoses saved before outcomes existed.
 */
export function apiConclusion(record: DiagnosisRecord) {
  const c = record.conclusion;
  return {
    outcome: c?.outcome ?? null,
    headline: c?.headline ?? null,
    tested: c?.tested ?? [],
    ruledOut: c?.ruledOut ?? [],
    cannotRuleOut: c?.cannotRuleOut ?? [],
    next: c?.next ?? [],
    ranFrom: c?.ranFrom ?? null,
  };
}

/** POST /api/diagnoses answer: the outcome, the causes with their verdicts and fixes, the findings. */
export function apiSummary(record: DiagnosisRecord, url: string | null) {
  return {
    id: record.id || null,
    url,
    host: record.host,
    port: record.port,
    ended: record.ended,
    ...apiConclusion(record),
    findings: record.findings.map(({ id, title, severity, evidence, probe }) => ({ id, title, severity, evidence, probe })),
    unexplainedFindings: record.unexplained,
    /** Each place the check ran from, with its own outcome, findings and probe results. */
    vantagePoints: record.vantagePoints.map((v) => ({
      name: v.name,
      kind: v.kind,
      address: v.address,
      outcome: v.outcome,
      reason: v.reason,
      ended: v.ended,
      findings: v.findings.map(({ id, title, severity, evidence, probe }) => ({ id, title, severity, evidence, probe })),
      results: v.results,
    })),
    causes: record.causes.map((c) => ({
      key: c.key,
      title: c.title,
      rank: c.rank,
      verdict: c.verdict,
      verdictReason: c.verdictReason,
      score: c.score,
      candidate: c.candidate,
      explanation: c.explanation,
      evidence: c.evidence.map((e) => ({
        findingId: e.findingId,
        effect: e.effect,
        strength: e.strength,
        verdictStrength: e.verdictStrength ?? null,
        counted: e.counted !== false,
        basis: e.basis ?? null,
        lines: e.lines,
        symptom: e.symptom?.description ?? null,
      })),
      untestedSteps: c.untestedSteps,
      vantage: c.vantage,
      resolutions: c.resolutions,
    })),
    articles: record.articles.map(({ slug, title, rank, score }) => ({ slug, title, rank, score })),
  };
}
