/**
 * Request limits (rate-limiter-flexible on the database, so they hold across restarts and across
 * several console instances on one database). Each limit is N per window; N comes from the
 * environment so deployments (and tests) can tune it.
 *
 *   RELAYDESK_LIMIT_SIGNIN_PER_IP        sign-in attempts per client address per 15 minutes (default 30)
 *   RELAYDESK_LIMIT_SIGNIN_PER_ACCOUNT   sign-in attempts per account (email) per 15 minutes (default 10)
 *   RELAYDESK_LIMIT_CHECKS_PER_USER      checks started per staff member per minute (default 20)
 *   RELAYDESK_LIMIT_CHECKS_PER_TARGET    checks of one host per minute, whoever runs them (default 10)
 */
import { RateLimiterPrisma, type RateLimiterAbstract } from "rate-limiter-flexible";
import { getDb } from "@/lib/db/client";

export type LimitName = "signinPerIp" | "signinPerAccount" | "checksPerUser" | "checksPerTarget";

const LIMITS: Record<LimitName, { env: string; fallback: number; seconds: number; what: string }> = {
  signinPerIp: { env: "RELAYDESK_LIMIT_SIGNIN_PER_IP", fallback: 30, seconds: 15 * 60, what: "sign-in attempts from this address" },
  signinPerAccount: { env: "RELAYDESK_LIMIT_SIGNIN_PER_ACCOUNT", fallback: 10, seconds: 15 * 60, what: "sign-in attempts for this account" },
  checksPerUser: { env: "RELAYDESK_LIMIT_CHECKS_PER_USER", fallback: 20, seconds: 60, what: "checks started by you" },
  checksPerTarget: { env: "RELAYDESK_LIMIT_CHECKS_PER_TARGET", fallback: 10, seconds: 60, what: "checks of this host" },
};

export function limitPoints(name: LimitName, env: Record<string, string | undefined> = process.env): number {
  const raw = env[LIMITS[name].env];
  const n = raw ? Number(raw) : NaN;
  return Number.isInteger(n) && n > 0 ? n : LIMITS[name].fallback;
}

const cache = globalThis as unknown as { relaydeskLimiters?: Map<string, RateLimiterAbstract> };

function limiter(name: LimitName): RateLimiterAbstract {
  const points = limitPoints(name);
  const key = `${name}:${points}`;
  cache.relaydeskLimiters ??= new Map();
  let l = cache.relaydeskLimiters.get(key);
  if (!l) {
    l = new RateLimiterPrisma({ storeClient: getDb(), tableName: "RateLimiterFlexible", keyPrefix: name, points, duration: LIMITS[name].seconds });
    cache.relaydeskLimiters.set(key, l);
  }
  return l;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number; message: string };

/** Rejections are told apart by shape (msBeforeNext), not instanceof: Next may bundle the package twice. */
function isLimiterRejection(e: unknown): e is { msBeforeNext: number } {
  return typeof e === "object" && e !== null && "msBeforeNext" in e && typeof (e as { msBeforeNext: unknown }).msBeforeNext === "number";
}

/** Takes one point from `name` for `key`; when none is left, says how long to wait. */
export async function consumeLimit(name: LimitName, key: string): Promise<LimitResult> {
  try {
    await limiter(name).consume(key.slice(0, 200).toLowerCase());
    return { ok: true };
  } catch (e) {
    if (!isLimiterRejection(e)) throw e;
    const retryAfterSeconds = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    const l = LIMITS[name];
    const per = l.seconds >= 120 ? `${l.seconds / 60} minutes` : "minute";
    return { ok: false, retryAfterSeconds, message: `Too many ${l.what}: at most ${limitPoints(name)} per ${per}. Try again in ${retryAfterSeconds} s.` };
  }
}

/** Clears a key (a successful sign-in clears that account's failed attempts). */
export async function resetLimit(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(key.slice(0, 200).toLowerCase());
}

/** A 429 response with Retry-After and the usual error body. */
export function tooManyRequests(result: Extract<LimitResult, { ok: false }>): Response {
  return Response.json(
    { error: { message: result.message, code: "rate_limited", status: 429 } },
    { status: 429, headers: { "retry-after": String(result.retryAfterSeconds), "cache-control": "no-store" } },
  );
}
