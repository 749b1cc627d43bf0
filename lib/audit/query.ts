import { z } from "zod";
import { getDb } from "@/lib/db/client";

/** Filters of the audit log view and export (all optional; text filters match a substring). */
export const auditFilterSchema = z.object({
  action: z.string().trim().max(100).optional(),
  actor: z.string().trim().max(200).optional(),
  target: z.string().trim().max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export interface AuditRow {
  id: string;
  at: string;
  action: string;
  actorId: string | null;
  actor: string | null;
  actorRole: string | null;
  via: string | null;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
}

/** Parses filters from URL search parameters; empty strings are "no filter". */
export function auditFilterFrom(params: URLSearchParams | Record<string, string | string[] | undefined>): AuditFilter | { error: string } {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    const one = Array.isArray(v) ? v[0] : v;
    return one && one.trim() ? one : undefined;
  };
  const parsed = auditFilterSchema.safeParse({ action: get("action"), actor: get("actor"), target: get("target"), from: get("from"), to: get("to"), limit: get("limit") });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "invalid filter" };
  // a day given as "to" (YYYY-MM-DD) includes that whole day
  const to = get("to");
  if (parsed.data.to && to && /^\d{4}-\d{2}-\d{2}$/.test(to)) parsed.data.to = new Date(parsed.data.to.getTime() + 86_400_000 - 1);
  return parsed.data;
}

/**
 * Newest first. `contains` is case-insensitive for ASCII on SQLite but not on PostgreSQL, so
 * action filters are lower-cased (actions are lower-case by convention) and the others are given
 * as typed.
 */
export async function listAuditEvents(filter: AuditFilter): Promise<AuditRow[]> {
  const rows = await getDb().auditEvent.findMany({
    where: {
      ...(filter.action ? { action: { contains: filter.action.toLowerCase() } } : {}),
      ...(filter.actor ? { actorName: { contains: filter.actor } } : {}),
      ...(filter.target ? { target: { contains: filter.target } } : {}),
      ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: filter.limit ?? 500,
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    action: r.action,
    actorId: r.actorId,
    actor: r.actorName,
    actorRole: r.actorRole,
    via: r.via,
    target: r.target,
    detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    ip: r.ip,
    userAgent: r.userAgent,
  }));
}

const CSV_COLUMNS = ["at", "action", "actor", "actorRole", "via", "target", "ip", "userAgent", "detail"] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // a leading = + - @ would be a formula in a spreadsheet (CSV injection): prefix a quote
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a header row. */
export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of rows) lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
