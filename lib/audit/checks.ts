/**
 * Audit rows and limits for check runs: who ran what, against the target as typed and as
 * resolved, with which steps, the outcome and where it ran from.
 */
import type { StaffIdentity } from "@/lib/auth/identity";
import { consumeLimit, type LimitResult } from "@/lib/auth/limits";
import type { DiagnosisRecord } from "@/lib/diagnosis/record";
import { recordAudit } from "./record";

export type RequestFrom = { ip: string | null; userAgent: string | null };

/** The audit context of a check run: plain data, so it can travel with a queued job. */
export type CheckRunAudit = { staff: StaffIdentity; from: RequestFrom; extra?: Record<string, unknown> };

/** Both check limits (per user, then per target host); the first refusal wins. */
export async function consumeCheckLimits(staff: StaffIdentity, host: string): Promise<LimitResult> {
  const perUser = await consumeLimit("checksPerUser", staff.userId);
  if (!perUser.ok) return perUser;
  return consumeLimit("checksPerTarget", host.trim());
}

export async function auditCheckLimited(staff: StaffIdentity, host: string, limited: Extract<LimitResult, { ok: false }>, from: RequestFrom) {
  await recordAudit({ action: "check.limited", actor: staff, target: host, detail: { retryAfterSeconds: limited.retryAfterSeconds, message: limited.message }, ...from });
}

/** A check the probe target policy refused before it started: who tried which target, and why. */
export async function auditCheckRefused(staff: StaffIdentity, target: { host: string; port?: number | null }, refusal: { field: string; message: string }, from: RequestFrom, extra: Record<string, unknown> = {}) {
  await recordAudit({ action: "check.refused", actor: staff, target: target.host, detail: { port: target.port ?? null, field: refusal.field, message: refusal.message, ...extra }, ...from });
}

/** After a check ran and was saved (or not): one "check.run" row. */
export async function auditCheckRun(staff: StaffIdentity, record: DiagnosisRecord, from: RequestFrom, extra: Record<string, unknown> = {}) {
  const resolved = [...new Set(record.results.flatMap((r) => ((r.target as { addresses?: Array<{ address: string; tested: boolean }> }).addresses ?? []).filter((a) => a.tested).map((a) => a.address)))];
  await recordAudit({
    action: "check.run",
    actor: staff,
    target: record.host,
    detail: {
      diagnosisId: record.id || null,
      typed: record.results[0]?.target.input ?? record.host,
      resolved,
      port: record.port,
      steps: record.steps,
      outcome: record.conclusion?.outcome ?? null,
      ended: record.ended ?? null,
      ranFrom: record.conclusion?.ranFrom ?? null,
      previousId: record.previousId ?? null,
      ...extra,
    },
    ...from,
  });
}

/** When a background check is accepted (its result row follows as check.run when it ends). */
export async function auditCheckStarted(staff: StaffIdentity, input: { diagnosisId: string; host: string; port?: number | null; steps?: readonly string[] | null; previousId?: string | null }, from: RequestFrom) {
  await recordAudit({ action: "check.start", actor: staff, target: input.host, detail: { diagnosisId: input.diagnosisId, typed: input.host, port: input.port ?? null, steps: input.steps ?? null, previousId: input.previousId ?? null }, ...from });
}
