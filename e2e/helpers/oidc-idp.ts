/**
 * A company identity provider on loopback for the SSO test: oidc-provider with one confidential
 * client (the e2e server's), its development login and consent pages (any login name and password
 * sign in), and a `groups` claim in the ID token taken from the login name.
 */
import type { Server } from "node:http";
import Provider from "oidc-provider";
import { OIDC_CLIENT } from "../fixtures/staff";

/** Login name → the groups the IdP says the user is in. */
export const IDP_GROUPS: Record<string, string[]> = {
  alice: ["mail-helpdesk", "staff"],
  bob: ["staff"],
};

export async function startOidcIdp(port: number, appOrigin: string): Promise<{ issuer: string; close: () => Promise<void> }> {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [`${appOrigin}/api/auth/callback/sso`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
    ],
    async findAccount(_ctx: unknown, id: string) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: `${id}@corp.test`, email_verified: true, name: `${id[0]!.toUpperCase()}${id.slice(1)} (SSO)`, groups: IDP_GROUPS[id] ?? [] };
        },
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
    scopes: ["openid", "email", "profile", "groups"],
    // put the requested claims into the ID token, where the role mapping reads them
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
  });
  const server: Server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
