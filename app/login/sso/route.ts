import { getAuth } from "@/lib/auth/auth";
import { SSO_PROVIDER_ID, ssoConfig } from "@/lib/auth/sso";
import { jsonError } from "@/lib/http/responses";

/**
 * GET /login/sso?next=PATH: starts company SSO (a plain navigation, so the page's CSP form-action
 * does not apply to the redirect to the identity provider). better-auth sets the state cookie and
 * gives the authorization URL; the IdP comes back to /api/auth/callback/sso.
 */
export async function GET(request: Request) {
  if (!ssoConfig()) return jsonError(404, "sso_not_configured", "Single sign-on is not configured (RELAYDESK_OIDC_ISSUER)", request);
  const url = new URL(request.url);
  const rawNext = url.searchParams.get("next") ?? "/";
  const next = rawNext.startsWith("/") && !rawNext.startsWith("//") ? rawNext : "/";
  const auth = await getAuth();
  const started = await auth.api.signInSocial({
    body: { provider: SSO_PROVIDER_ID, callbackURL: next, errorCallbackURL: "/login?error=sso" },
    headers: request.headers,
    asResponse: true,
  });
  const body = (await started.json()) as { url?: string };
  if (!started.ok || !body.url) return jsonError(502, "sso_unavailable", "The identity provider could not be reached.", request);
  const response = new Response(null, { status: 302, headers: { location: body.url, "cache-control": "no-store" } });
  for (const cookie of started.headers.getSetCookie()) response.headers.append("set-cookie", cookie);
  return response;
}
