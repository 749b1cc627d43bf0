/**
 * Server side: how long saved diagnoses are kept. RELAYDESK_RETENTION_DAYS (default 180) days
 * after it was saved, a diagnosis is deleted unless it is pinned; "0" keeps everything. Expired
 * records are purged when the server saves a diagnosis, at most once an hour, so no scheduler is
 * needed. Do not import from client code.
 */
import { getDb } from "@/lib/db/client";

export const DEFAULT_RETENTION_DAYS = 180;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export class RetentionConfigError extends Error {}

/** Days to keep a diagnosis, or null to keep them all. Throws RetentionConfigError for a bad value. */
export function retentionDays(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env.RELAYDESK_RETENTION_DAYS?.trim();
  if (!raw) return DEFAULT_RETENTION_DAYS;
  if (!/^\d{1,6}$/.test(raw)) throw new RetentionConfigError(`RELAYDESK_RETENTION_DAYS must be a whole number of days (0 keeps everything), got ${JSON.stringify(raw)}`);
  const days = Number(raw);
  return days === 0 ? null : days;
}

/** Deletes unpinned diagnoses saved before the retention window; returns how many. */
export async function purgeExpiredDiagnoses(now = new Date(), days = retentionDays()): Promise<number> {
  if (days === null) return 0;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const { count } = await getDb().diagnosis.deleteMany({ where: { pinned: false, createdAt: { lt: cutoff } } });
  return count;
}

let lastPurge = 0;

/** purgeExpiredDiagnoses at most once an hour; failures are logged, never thrown (a save must not fail for it). */
export async function purgeExpiredDiagnosesNowAndThen(now = Date.now()): Promise<void> {
  if (now - lastPurge < PURGE_INTERVAL_MS) return;
  lastPurge = now;
  try {
    const count = await purgeExpiredDiagnoses(new Date(now));
    if (count > 0) console.log(`relaydesk: deleted ${count} diagnoses older than the retention setting`);
  } catch (error) {
    console.error("relaydesk: purging expired diagnoses failed", error);
  }
}

/** Pins or unpins a diagnosis; false when there is no such diagnosis. */
export async function setDiagnosisPinned(id: string, pinned: boolean): Promise<boolean> {
  const { count } = await getDb().diagnosis.updateMany({ where: { id }, data: { pinned } });
  return count > 0;
}

/** Whether a diagnosis is pinned (null: no such diagnosis). */
export async function isDiagnosisPinned(id: string): Promise<boolean | null> {
  const row = await getDb().diagnosis.findUnique({ where: { id }, select: { pinned: true } });
  return row ? row.pinned : null;
}
