import type { NextRequest } from "next/server";
import { auditCheckLimited, auditCheckRun, consumeCheckLimits } from "@/lib/audit/checks";
import { authorizeRequest } from "@/lib/auth/require";
import { tooManyRequests } from "@/lib/auth/limits";
import { refuseForeignHost } from "@/lib/http/body";
import { fromRequest } from "@/lib/http/request-from";
import { diagnosisListScope } from "@/lib/permissions/diagnoses";
import { jsonError, jsonOk } from "@/lib/http/responses";
import { absoluteUrl, apiSummary, errorResponse, readJsonBody } from "@/lib/diagnosis/http";
import { diagnosisPath } from "@/lib/diagnosis/record";
import { runDiagnosis, runRecheck } from "@/lib/diagnosis/service";
import { getDiagnosisHeader, listDiagnoses, setDiagnosisOwner } from "@/lib/diagnosis/store";
import { checkRequestSchema, firstIssue, hostFilterSchema, runMoreSchema } from "@/lib/diagnosis/validation";

/**
 * POST /api/diagnoses { "host", "port"?, "steps"?, "recipient"?, "answers"?, "category"?, "text"?, "createdBy"? }
 * runs the checks (by default the full SMTP dialogue with the envelope: MAIL FROM:<>,
 * RCPT TO:<postmaster@host>, RSET; nothing is sent), ranks the causes, saves the diagnosis and
 * returns { "id", "url", "outcome", "headline", "tested", "ruledOut", "cannotRuleOut", "next",
 * "ranFrom", "findings", "causes" (each with "verdict" and "resolutions"), "articles" }.
 * { "recheckOf": ID, "addSteps": [...], "port"? } runs a saved diagnosis again with more steps
 * (the result page's "run it"). Closing the request cancels the check. Needs helpdesk; the
 * signed-in staff member (or the token's owner) is recorded as who ran it ("createdBy" is ignored).
 */
export async function POST(request: NextRequest) {
  const foreign = refuseForeignHost(request);
  if (foreign) return foreign;
  const staff = await authorizeRequest(request, "helpdesk");
  if (staff instanceof Response) return staff;
  const from = fromRequest(request);
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  if (typeof body.json === "object" && body.json !== null && "recheckOf" in body.json) {
    const parsed = runMoreSchema.safeParse(body.json);
    if (!parsed.success) return jsonError(400, "invalid_request", firstIssue(parsed.error));
    try {
      const { recheckOf, addSteps, port } = parsed.data;
      const previous = await getDiagnosisHeader(recheckOf);
      const limited = await consumeCheckLimits(staff, previous?.host ?? recheckOf);
      if (!limited.ok) {
        await auditCheckLimited(staff, previous?.host ?? recheckOf, limited, from);
        return tooManyRequests(limited);
      }
      const { record, saved } = await runRecheck(recheckOf, staff.name, { signal: request.signal, addSteps, ...(port ? { port } : {}) });
      if (saved) await setDiagnosisOwner(record.id, staff.userId);
      await auditCheckRun(staff, record, from, { via: "api", saved });
      const url = saved ? absoluteUrl(request, diagnosisPath(record.id)) : null;
      return jsonOk(apiSummary(record, url), { status: saved ? 201 : 200 });
    } catch (error) {
      return errorResponse(error);
    }
  }
  const parsed = checkRequestSchema.safeParse(body.json);
  if (!parsed.success) return jsonError(400, "invalid_request", firstIssue(parsed.error), request);
  try {
    const limited = await consumeCheckLimits(staff, parsed.data.host);
    if (!limited.ok) {
      await auditCheckLimited(staff, parsed.data.host, limited, from);
      return tooManyRequests(limited);
    }
    const { record, saved } = await runDiagnosis({ ...parsed.data, createdBy: staff.name, save: parsed.data.save ?? true }, { signal: request.signal });
    if (saved) await setDiagnosisOwner(record.id, staff.userId);
    await auditCheckRun(staff, record, from, { via: "api", saved });
    const url = saved ? absoluteUrl(request, diagnosisPath(record.id)) : null;
    return jsonOk(apiSummary(record, url), { status: saved ? 201 : 200 });
  } catch (error) {
    return errorResponse(error, request);
  }
}

/**
 * GET /api/diagnoses?host=TEXT → recent diagnoses, newest first, optionally filtered by host: the
 * caller's own and their team's (admins: all).
 */
export async function GET(request: NextRequest) {
  const foreign = refuseForeignHost(request);
  if (foreign) return foreign;
  const staff = await authorizeRequest(request, "viewer");
  if (staff instanceof Response) return staff;
  const parsed = hostFilterSchema.safeParse(request.nextUrl.searchParams.get("host") ?? "");
  if (!parsed.success) return jsonError(400, "invalid_host_filter", firstIssue(parsed.error), request);
  const diagnoses = await listDiagnoses({ host: parsed.data || undefined, visibleTo: await diagnosisListScope(staff) });
  return jsonOk({ diagnoses: diagnoses.map((d) => ({ ...d, url: absoluteUrl(request, diagnosisPath(d.id)) })) });
}
