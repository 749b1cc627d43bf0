import type { NextRequest } from "next/server";
import { auditCsv, auditFilterFrom, listAuditEvents } from "@/lib/audit/query";
import { recordAudit } from "@/lib/audit/record";
import { authorizeRequest } from "@/lib/auth/require";
import { fromRequest } from "@/lib/http/request-from";
import { jsonError } from "@/lib/http/responses";

/**
 * GET /api/audit?format=json|csv&action=&actor=&target=&from=&to=&limit= → the audit log (admins),
 * newest first, as a download. The export itself is audited.
 */
export async function GET(request: NextRequest) {
  const staff = await authorizeRequest(request, "admin");
  if (staff instanceof Response) return staff;
  const params = request.nextUrl.searchParams;
  const format = params.get("format") ?? "json";
  if (format !== "json" && format !== "csv") return jsonError(400, "invalid_format", "format must be json or csv", request);
  const filter = auditFilterFrom(params);
  if ("error" in filter) return jsonError(400, "invalid_filter", filter.error, request);
  const rows = await listAuditEvents({ ...filter, limit: filter.limit ?? 10_000 });
  await recordAudit({ action: "audit.export", actor: staff, detail: { format, filter, rows: rows.length }, ...fromRequest(request) });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const headers = { "cache-control": "no-store", "content-disposition": `attachment; filename="relaydesk-audit-${stamp}.${format}"` };
  if (format === "csv") return new Response(auditCsv(rows), { headers: { ...headers, "content-type": "text/csv; charset=utf-8" } });
  return new Response(`${JSON.stringify({ events: rows }, null, 2)}\n`, { headers: { ...headers, "content-type": "application/json; charset=utf-8" } });
}
