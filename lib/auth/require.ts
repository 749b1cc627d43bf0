/**
 * The permission gate every page, server action and route handler goes through.
 *   requireRole(min)          server components and server actions: the signed-in staff member, or
 *                             a redirect to /login (signed out) or the 403 page (role too low)
 *   authorizeRequest(req,min) route handlers: a session cookie or an `Authorization: Bearer` token;
 *                             returns the identity or the 401/403/429 Response to send
 * Sessions are read from the database on every call (no cookie cache), so a revoked session or a
 * changed role counts at once. Requests that change state with a cookie must be same-origin.
 */
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { requestOrigin } from "@/lib/audit/record";
import { jsonError } from "@/lib/http/responses";
import type { StaffIdentity } from "./identity";
import { atLeast, type Role } from "./roles";
import { hasBearer, isSameOrigin, SAFE_METHODS } from "./same-origin";
import { identityForSession } from "./session";
import { identityForToken } from "./tokens";

export type { Role } from "./roles";
export type { StaffIdentity } from "./identity";

/** The signed-in staff member of the current request (server components and actions), or null. Once per request. */
export const currentStaff = cache(async (): Promise<StaffIdentity | null> => identityForSession(await headers()));

/** Where to come back to after signing in: the path the proxy saw (a same-site path only). */
async function returnPath(): Promise<string> {
  const path = (await headers()).get("x-relaydesk-path") ?? "/";
  return path.startsWith("/") && !path.startsWith("//") ? path : "/";
}

/**
 * For server components and server actions: the staff member, when signed in with at least `min`.
 * Signed out → redirect to /login; below `min` → the 403 page (app/forbidden.tsx).
 */
export async function requireRole(min: Role): Promise<StaffIdentity> {
  const staff = await currentStaff();
  if (!staff) redirect(`/login?next=${encodeURIComponent(await returnPath())}`);
  if (!atLeast(staff.role, min)) forbidden();
  return staff;
}

/** The staff member a request acts as (Bearer token first, else the session cookie), or null. */
export async function identityOfRequest(req: Request): Promise<StaffIdentity | null> {
  if (hasBearer(req.headers)) {
    const token = (req.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "").trim();
    let path = "?";
    try {
      path = new URL(req.url).pathname;
    } catch {
      // keep "?"
    }
    return identityForToken(token, { method: req.method, path, ...requestOrigin(req.headers) });
  }
  return identityForSession(req.headers);
}

/**
 * For route handlers. A bearer token is enough on any method; a session cookie on a method that
 * changes state needs the request to come from this console's own pages (Origin / Sec-Fetch-Site).
 */
export async function authorizeRequest(req: Request, min: Role): Promise<StaffIdentity | Response> {
  const bearer = hasBearer(req.headers);
  if (!bearer && !SAFE_METHODS.has(req.method.toUpperCase()) && !isSameOrigin(req.headers)) {
    return jsonError(403, "cross_site_request", "Requests that change something must come from the console's own pages or carry a bearer token.", req);
  }
  const staff = await identityOfRequest(req);
  if (!staff) {
    return bearer
      ? jsonError(401, "invalid_token", "The bearer token is unknown, revoked or expired.", req)
      : jsonError(401, "unauthenticated", "Sign in first (or send an API token as Authorization: Bearer TOKEN).", req);
  }
  if (!atLeast(staff.role, min)) return jsonError(403, "forbidden", `This needs the ${min} role; you have ${staff.role}.`, req);
  return staff;
}
