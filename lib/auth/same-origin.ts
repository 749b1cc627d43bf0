/**
 * Cross-site request checks. A browser always sends Origin on a POST/PUT/PATCH/DELETE (and
 * Sec-Fetch-Site on modern ones); a request changing state with a session cookie must come from
 * a page of this console. Scripts use a bearer token instead, which a foreign page cannot attach.
 */
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function hasBearer(headers: Headers): boolean {
  return /^Bearer\s+\S+/i.test(headers.get("authorization") ?? "");
}

/** Whether a request's Origin (or Sec-Fetch-Site) shows it came from this console's own pages. */
export function isSameOrigin(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin") return false;
  const origin = headers.get("origin");
  const host = headers.get("host");
  if (!origin || origin === "null" || !host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
