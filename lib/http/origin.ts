/**
 * The console's public origin and which Host headers it answers.
 *
 *   RELAYDESK_PUBLIC_URL      the origin users reach the console at (e.g. https://relaydesk.example.com);
 *                             every generated link uses it, and requests for any other Host are refused
 *   RELAYDESK_ALLOWED_HOSTS   more Host values to accept besides it (comma-separated, host or host:port)
 *
 * Refusing unknown Host values also closes DNS rebinding against the console itself: a page on an
 * attacker's name that resolves to the console's address sends the attacker's name as Host. With
 * no public URL set, the loopback names and this machine's own names and addresses are accepted,
 * so the quick start (http://localhost:3000) keeps working.
 */
import os from "node:os";
import net from "node:net";

export class PublicUrlError extends Error {}

/** The configured public origin ("https://host[:port]"), or null. Throws PublicUrlError for a bad value. */
export function publicOrigin(env: Record<string, string | undefined> = process.env): string | null {
  const raw = env.RELAYDESK_PUBLIC_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PublicUrlError(`RELAYDESK_PUBLIC_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new PublicUrlError("RELAYDESK_PUBLIC_URL must start with http:// or https://");
  return url.origin;
}

/** host[:port] lower-cased, IPv6 in brackets, default ports dropped. Null for a malformed value. */
export function normaliseHostHeader(value: string, protocol = "http:"): string | null {
  try {
    const url = new URL(`${protocol}//${value.trim()}`);
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
    return url.host.toLowerCase();
  } catch {
    return null;
  }
}

function hostnameOf(host: string): string {
  const h = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d+$/, "");
  return h.toLowerCase();
}

function isLoopbackName(name: string): boolean {
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (net.isIPv4(name)) return name.startsWith("127.");
  return name === "::1";
}

let machineNames: { at: number; names: Set<string> } | null = null;

/** This machine's host name and interface addresses (re-read every 30 s: interfaces come and go). */
function ownNames(): Set<string> {
  const now = Date.now();
  if (!machineNames || now - machineNames.at > 30_000) {
    const names = new Set<string>([os.hostname().toLowerCase()]);
    for (const list of Object.values(os.networkInterfaces())) {
      for (const a of list ?? []) names.add(a.address.replace(/%.*$/, "").toLowerCase());
    }
    machineNames = { at: now, names };
  }
  return machineNames.names;
}

export type HostDecision = { allowed: true } | { allowed: false; reason: string };

/** Whether a request's Host header is one this console answers. */
export function checkHost(hostHeader: string | null, env: Record<string, string | undefined> = process.env): HostDecision {
  if (!hostHeader) return { allowed: false, reason: "the request has no Host header" };
  const origin = publicOrigin(env);
  const protocol = origin ? new URL(origin).protocol : "http:";
  const host = normaliseHostHeader(hostHeader, protocol);
  if (!host) return { allowed: false, reason: "the Host header is malformed" };
  if (origin) {
    const allowed = new Set([new URL(origin).host.toLowerCase()]);
    for (const item of (env.RELAYDESK_ALLOWED_HOSTS ?? "").split(",")) {
      const h = item.trim() ? normaliseHostHeader(item, protocol) : null;
      if (h) allowed.add(h);
    }
    if (allowed.has(host)) return { allowed: true };
    return { allowed: false, reason: `this console answers only for ${[...allowed].join(", ")} (RELAYDESK_PUBLIC_URL)` };
  }
  const name = hostnameOf(host);
  if (isLoopbackName(name) || ownNames().has(name)) return { allowed: true };
  return { allowed: false, reason: "unknown Host: set RELAYDESK_PUBLIC_URL to the address users reach the console at" };
}

/** An absolute link to `path`: on the public origin when one is configured, else on the request's own origin. */
export function absoluteLink(request: Request, path: string, env: Record<string, string | undefined> = process.env): string {
  return new URL(path, publicOrigin(env) ?? request.url).toString();
}

/**
 * For the routes proxy.ts does not run in front of: a 421 response for a foreign Host, else null.
 * (Imported lazily by callers that build responses, to keep this module free of framework code.)
 */
export function foreignHostRefusal(request: Request): { status: 421; code: "host_not_allowed"; message: string } | null {
  const decision = checkHost(request.headers.get("host"));
  return decision.allowed ? null : { status: 421, code: "host_not_allowed", message: decision.reason };
}
