import type { NextRequest } from "next/server";
import { jsonError, jsonOk } from "@/lib/http/responses";
import { apiConclusion, errorResponse } from "@/lib/diagnosis/http";
import { getDiagnosis } from "@/lib/diagnosis/store";

/**
 * GET /api/diagnoses/ID → the saved record (the full snapshot) with its `outcome`, headline, what was
 * tested / ruled out / cannot be ruled out and what to try next at the top; 404 for an unknown id.
 * `?download=1` serves it as a JSON file.
 */
export async function GET(request: NextRequest, context: RouteContext<"/api/diagnoses/[id]">) {
  const { id } = await context.params;
  try {
    const record = await getDiagnosis(id);
    if (!record) return jsonError(404, "diagnosis_not_found", "No diagnosis with this id");
    if (request.nextUrl.searchParams.get("download") === "1") {
      return new Response(`${JSON.stringify({ ...apiConclusion(record), ...record }, null, 2)}\n`, {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="relaydesk-diagnosis-${record.id}.json"`,
          "cache-control": "no-store",
        },
      });
    }
    return jsonOk({ ...apiConclusion(record), ...record });
  } catch (error) {
    return errorResponse(error);
  }
}
