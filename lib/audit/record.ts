import { getDb } from "@/lib/db/client";
import type { StaffIdentity } from "@/lib/auth/identity";
import { clientAddress } from "@/lib/http/client-address";

/** One audit event. `target` is what was acted on (a diagnosis id, a user's email, a host). */
export interface AuditInput {
  action: string;
  actor?: StaffIdentity | null;
  target?: string;
  detail?: Record<string, unknown>;
  ip?: string | null;
  userAgent?: string | null;
}

const MAX_TEXT = 1_000;
const MAX_DETAIL = 16_000;

/**
 * Appends one row to the audit log. The application only ever inserts into AuditEvent (there is
 * no update or delete path in lib/); a failure to write is logged, never swallowed silently, and
 * does not undo the action it records.
 */
export async function recordAudit(event: AuditInput): Promise<void> {
  const detail = event.detail ? JSON.stringify(event.detail) : null;
  try {
    await getDb().auditEvent.create({
      data: {
        action: event.action.slice(0, 100),
        actorId: event.actor?.userId ?? null,
        actorName: event.actor ? `${event.actor.name} <${event.actor.email}>`.slice(0, MAX_TEXT) : null,
        actorRole: event.actor?.role ?? null,
        via: event.actor?.via ?? null,
        target: event.target?.slice(0, MAX_TEXT) ?? null,
        detail: detail && detail.length > MAX_DETAIL ? JSON.stringify({ truncated: detail.slice(0, MAX_DETAIL) }) : detail,
        ip: event.ip?.slice(0, 100) ?? null,
        userAgent: event.userAgent?.slice(0, 500) ?? null,
      },
    });
  } catch (error) {
    console.error(`relaydesk: could not write audit event ${event.action}`, error);
  }
}

/**
 * The client address and user agent of a request. The address is the TCP peer's, or with a
 * trusted proxy in front (RELAYDESK_TRUSTED_PROXIES) the right-most X-Forwarded-For address that
 * is not a trusted proxy: lib/http/client-address.ts.
 */
export function requestOrigin(headers: Headers): { ip: string | null; userAgent: string | null } {
  return { ip: clientAddress(headers), userAgent: headers.get("user-agent") };
}
