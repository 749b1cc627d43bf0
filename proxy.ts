import { NextResponse, type NextRequest } from "next/server";
import { jsonDepth, MAX_JSON_DEPTH, readBodyBytes, readBodyText } from "@/lib/http/body";
import { checkHost, PublicUrlError } from "@/lib/http/origin";
import { logRefusal } from "@/lib/http/responses";
import { hasBearer, isSameOrigin, SAFE_METHODS } from "@/lib/auth/same-origin";
import { API_CSP, contentSecurityPolicy, SECURITY_HEADERS } from "@/lib/http/security-headers";

/** Largest server-action body (the lookup action's pasted text); matches serverActions.bodySizeLimit. */
export const MAX_ACTION_BODY_BYTES = 1_000_000;

function refuse(request: NextRequest, status: number, code: string, message: string): NextResponse {
  logRefusal(status, code, message, request);
  return NextResponse.json({ error: { message, code, status } }, { status, headers: { "cache-control": "no-store" } });
}

function hasMalformedPercent(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/**
 * The arguments our actions take: a JSON array of plain values. In the framework's reply encoding
 * a string starting with "$" is a reference (to form data, a promise, a Map...) that the decoder
 * resolves and can fail on with a 500; the page's script escapes a literal "$" as "$$" and sends
 * an absent argument as "$undefined", so those are the only "$" strings accepted.
 */
function plainActionArguments(args: unknown): boolean {
  if (!Array.isArray(args)) return false;
  const stack: unknown[] = [...args];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (v.startsWith("$") && !v.startsWith("$$") && v !== "$undefined") return false;
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === "object") {
      for (const [k, inner] of Object.entries(v)) {
        if (k.startsWith("$") && !k.startsWith("$$")) return false;
        stack.push(inner);
      }
    }
  }
  return true;
}

/** A multipart server-action body: within the limit and well-formed, else a 4xx. */
async function refuseBadForm(request: NextRequest): Promise<NextResponse | null> {
  const body = await readBodyBytes(request, MAX_ACTION_BODY_BYTES);
  if (!body.ok) return body.response as NextResponse;
  try {
    const form = await new Request("http://form.invalid/", {
      method: "POST",
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      body: new Uint8Array(body.bytes),
    }).formData();
    for (const value of form.values()) {
      if (typeof value === "string" && jsonDepth(value) > MAX_JSON_DEPTH) {
        return refuse(request, 400, "body_too_deep", `A form field is nested more than ${MAX_JSON_DEPTH} levels deep`);
      }
    }
  } catch {
    return refuse(request, 400, "invalid_form", "The form data is malformed");
  }
  return null;
}

/**
 * Runs before every route: refuses requests for a Host this console does not answer (421),
 * paths with malformed percent-encoding (400, instead of a 500 from the router), and server-action
 * posts that are too large or not what the client sends (413, 415) before the framework reads them.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  let host;
  try {
    host = checkHost(request.headers.get("host"));
  } catch (error) {
    if (!(error instanceof PublicUrlError)) throw error;
    console.error(`relaydesk: ${error.message}`);
    return NextResponse.json({ error: { message: "The console's public URL is misconfigured.", code: "config_error", status: 500 } }, { status: 500 });
  }
  if (!host.allowed) return refuse(request, 421, "host_not_allowed", host.reason);

  const rawPath = request.nextUrl.pathname;
  if (hasMalformedPercent(rawPath)) return refuse(request, 400, "malformed_path", "The path has malformed percent-encoding");

  // Cross-site safety: anything that may change state (server actions, PATCH, sign-in...) comes
  // from this console's own pages (Origin / Sec-Fetch-Site) or carries a bearer token. Next's own
  // action check lets a request with no Origin header through; this does not.
  if (!SAFE_METHODS.has(request.method) && !hasBearer(request.headers) && !isSameOrigin(request.headers)) {
    return refuse(request, 403, "cross_site_request", "Requests that change something must come from the console's own pages or carry a bearer token");
  }

  if (request.method === "POST" && request.headers.has("next-action")) {
    const length = request.headers.get("content-length");
    if (length !== null && (!/^\d+$/.test(length) || Number(length) > MAX_ACTION_BODY_BYTES)) {
      return refuse(request, 413, "body_too_large", `Body is larger than ${MAX_ACTION_BODY_BYTES} bytes`);
    }
    const type = (request.headers.get("content-type") ?? "").toLowerCase();
    const multipart = type.startsWith("multipart/form-data");
    if (!type.startsWith("text/plain") && !multipart) {
      return refuse(request, 415, "unsupported_media_type", "Server actions take the body the page sends (text/plain or multipart/form-data)");
    }
    // The framework reads an action's body itself and answers 500 for a body it cannot decode:
    // read the proxy's copy here (request.body, made by the framework; the action reads another),
    // counting bytes (a chunked body too), and refuse what it would choke on.
    if (multipart) {
      // forms (the live check, check again, cancel): a few short fields
      const refusal = await refuseBadForm(request);
      if (refusal) return refusal;
    } else {
      const body = await readBodyText(request, MAX_ACTION_BODY_BYTES);
      if (!body.ok) return body.response as NextResponse;
      if (jsonDepth(body.text) > MAX_JSON_DEPTH) return refuse(request, 400, "body_too_deep", `JSON is nested more than ${MAX_JSON_DEPTH} levels deep`);
      let args: unknown;
      try {
        args = JSON.parse(body.text);
      } catch {
        return refuse(request, 400, "invalid_json", "A server action's body must be the JSON the page's script sends");
      }
      if (!plainActionArguments(args)) {
        return refuse(request, 400, "invalid_action_arguments", "A server action takes a list of plain values (text, numbers, lists, objects)");
      }
    }
  }
  return withSecurityHeaders(request);
}

/**
 * Passes the request on with a fresh CSP nonce (Next puts it on its own scripts when the request
 * carries the policy) and the path (for the sign-in page's way back), and sets the security
 * headers on the response.
 */
function withSecurityHeaders(request: NextRequest): NextResponse {
  const nonce = btoa(crypto.randomUUID());
  const csp = request.nextUrl.pathname.startsWith("/api/") ? API_CSP : contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", csp);
  forwarded.set("x-nonce", nonce);
  forwarded.set("x-relaydesk-path", `${request.nextUrl.pathname}${request.nextUrl.search}`.slice(0, 2000));
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the framework's static files and the three routes that take large bodies:
  // with a proxy in front, the framework reads a request's whole body (copying up to
  // proxyClientMaxBodySize) before the route runs, so a 100 MB upload would be read to its end.
  // Those routes check the Host themselves (lib/http/origin.ts) and count their bodies while
  // reading (lib/http/body.ts); they have no path parameters to be malformed.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|api/lookup$|api/checks$|api/diagnoses$).*)"],
};
