import type { NextRequest } from "next/server";
import { jsonError, jsonOk } from "@/lib/http/responses";
import { z } from "zod";
import { apiConclusion, errorResponse, readJsonBody } from "@/lib/diagnosis/http";
import { isDiagnosisPinned, setDiagnosisPinned } from "@/lib/diagnosis/retention";
import { diagnosisIdSchema, firstIssue } from "@/lib/diagnosis/validation";
import { recordAudit } from "@/lib/audit/record";
import { authorizeRequest } from "@/lib/auth/require";
import { fromRequest } from "@/lib/http/request-from";
import { canPinDiagnosis } from "@/lib/permissions/diagnoses";
import { getDiagnosis } from "@/lib/diagnosis/store";

/**
 * GET /api/diagnoses/ID → the saved record (the full snapshot) with its `outcome`, headline, what was
 * tested / ruled out / cannot be ruled out and what to try next at the top; 404 for an unknown id.
 * `?download=1` serves it as a JSON file.
 */
export async function GET(request: NextRequest, context: RouteContext<"/api/diagnoses/[id]">) {
  const staff = await authorizeRequest(request, "viewer");
  if (staff instanceof Response) return staff;
  const { id } = await context.params;
  try {
    const record = await getDiagnosis(id);
    if (!record) return jsonError(404, "diagnosis_not_found", "No diagnosis with this id", request);
    if (request.nextUrl.searchParams.get("download") === "1") {
      await recordAudit({ action: "diagnosis.export", actor: staff, target: record.id, detail: { format: "json", host: record.host }, ...fromRequest(request) });
      return new Response(`${JSON.stringify({ ...apiConclusion(record), ...record }, null, 2)}\n`, {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="relaydesk-diagnosis-${record.id}.json"`,
          "cache-control": "no-store",
        },
      });
    }
    return jsonOk({ ...apiConclusion(record), ...record, pinned: (await isDiagnosisPinned(id)) ?? false });
  } catch (error) {
    return errorResponse(error, request);
  }
}

const patchSchema = z.object({ pinned: z.boolean({ error: "pinned must be true or false" }) }).strict();

/**
 * PATCH /api/diagnoses/ID { "pinned": true|false } → { id, pinned }. A pinned diagnosis is kept
 * whatever RELAYDESK_RETENTION_DAYS says (default 180 days).
 */
export async function PATCH(request: NextRequest, context: RouteContext<"/api/diagnoses/[id]">) {
  const staff = await authorizeRequest(request, "admin");
  if (staff instanceof Response) return staff;
  const { id } = await context.params;
  if (!diagnosisIdSchema.safeParse(id).success) return jsonError(404, "diagnosis_not_found", "No diagnosis with this id", request);
  if (!canPinDiagnosis(staff)) return jsonError(403, "forbidden", "Only admins may pin diagnoses", request);
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = patchSchema.safeParse(body.json);
  if (!parsed.success) return jsonError(400, "invalid_request", firstIssue(parsed.error), request);
  try {
    if (!(await setDiagnosisPinned(id, parsed.data.pinned))) return jsonError(404, "diagnosis_not_found", "No diagnosis with this id", request);
    await recordAudit({ action: parsed.data.pinned ? "diagnosis.pin" : "diagnosis.unpin", actor: staff, target: id, ...fromRequest(request) });
    return jsonOk({ id, pinned: parsed.data.pinned });
  } catch (error) {
    return errorResponse(error, request);
  }
}
