import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";
import { tooManyRequests } from "@/lib/auth/limits";
import { auditSignInFailure, clearAccountLimit, gateSignIn } from "@/lib/auth/sign-in";
import { fromRequest } from "@/lib/http/request-from";
import { jsonError } from "@/lib/http/responses";

/**
 * better-auth's HTTP endpoints, limited to what the console uses: the SSO callback, reading the
 * session, and password sign-in for scripts (with our limits and audit rows). Everything else
 * (sign-up, the admin plugin's user endpoints...) is not served: staff administration goes
 * through the admin pages, which audit who changed what.
 */
const ALLOWED: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: "GET", path: /^\/api\/auth\/callback\/[\w-]+$/ },
  { method: "GET", path: /^\/api\/auth\/get-session$/ },
  { method: "GET", path: /^\/api\/auth\/ok$/ },
  { method: "POST", path: /^\/api\/auth\/sign-in\/email$/ },
];

async function handle(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (!ALLOWED.some((a) => a.method === request.method && a.path.test(path))) return jsonError(404, "not_found", "No such endpoint", request);
  const handler = toNextJsHandler(await getAuth());
  if (request.method === "GET") return handler.GET(request);
  // password sign-in: our limits first, then better-auth (which also checks Origin), then audit a failure
  const from = fromRequest(request);
  let email = "";
  try {
    const body = (await request.clone().json()) as { email?: unknown };
    email = typeof body.email === "string" ? body.email : "";
  } catch {
    return jsonError(400, "invalid_json", 'The body must be JSON: { "email", "password" }', request);
  }
  const gate = await gateSignIn(email, from);
  if (!gate.ok) return tooManyRequests(gate.limited);
  const response = await handler.POST(request);
  if (response.ok) await clearAccountLimit(email);
  else await auditSignInFailure(email, `http ${response.status}`, from);
  return response;
}

export const GET = handle;
export const POST = handle;
