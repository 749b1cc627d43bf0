/**
 * Company single sign-on (OpenID Connect) settings and the group → role mapping.
 *
 *   RELAYDESK_OIDC_ISSUER         the IdP's issuer URL (discovery at ISSUER/.well-known/openid-configuration); SSO is off without it
 *   RELAYDESK_OIDC_CLIENT_ID      the client registered at the IdP
 *   RELAYDESK_OIDC_CLIENT_SECRET  its secret
 *   RELAYDESK_OIDC_NAME           the button's label (default "company SSO")
 *   RELAYDESK_OIDC_GROUPS_CLAIM   the ID-token claim listing the user's groups (default "groups")
 *   RELAYDESK_OIDC_GROUP_ROLES    group=role pairs, comma-separated, e.g. "mail-admins=admin,helpdesk=helpdesk";
 *                                 a user gets the highest role any of their groups maps to, else viewer
 *
 * The callback URL to register at the IdP is ORIGIN/api/auth/callback/sso.
 */
import { atLeast, isRole, type Role } from "./roles";

export const SSO_PROVIDER_ID = "sso";

export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  label: string;
  groupsClaim: string;
  groupRoles: Array<{ group: string; role: Role }>;
}

export function ssoConfig(env: Record<string, string | undefined> = process.env): SsoConfig | null {
  const issuer = env.RELAYDESK_OIDC_ISSUER?.trim();
  if (!issuer) return null;
  const clientId = env.RELAYDESK_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.RELAYDESK_OIDC_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) throw new Error("RELAYDESK_OIDC_ISSUER is set: RELAYDESK_OIDC_CLIENT_ID and RELAYDESK_OIDC_CLIENT_SECRET are needed too");
  return {
    issuer: issuer.replace(/\/+$/, ""),
    clientId,
    clientSecret,
    label: env.RELAYDESK_OIDC_NAME?.trim() || "company SSO",
    groupsClaim: env.RELAYDESK_OIDC_GROUPS_CLAIM?.trim() || "groups",
    groupRoles: parseGroupRoles(env.RELAYDESK_OIDC_GROUP_ROLES ?? ""),
  };
}

export function parseGroupRoles(text: string): Array<{ group: string; role: Role }> {
  const out: Array<{ group: string; role: Role }> = [];
  for (const item of text.split(",")) {
    if (!item.trim()) continue;
    const at = item.lastIndexOf("=");
    const group = item.slice(0, at).trim();
    const role = item.slice(at + 1).trim();
    if (at <= 0 || !group || !isRole(role)) throw new Error(`RELAYDESK_OIDC_GROUP_ROLES: "${item.trim()}" is not group=viewer|helpdesk|editor|admin`);
    out.push({ group, role });
  }
  return out;
}

/**
 * The role (and team: the group that gave it) for a user's groups: the highest mapped role, else
 * viewer with no team. Group names compare exactly (IdPs treat them as identifiers).
 */
export function roleForGroups(groups: readonly string[], mapping: SsoConfig["groupRoles"]): { role: Role; team: string | null } {
  let best: { role: Role; team: string | null } = { role: "viewer", team: null };
  for (const { group, role } of mapping) {
    if (groups.includes(group) && (best.team === null || !atLeast(best.role, role))) best = { role, team: group };
  }
  return best;
}

/** The groups claim of an ID token (the token came straight from the IdP's token endpoint). */
export function groupsFromIdToken(idToken: string, claim: string): string[] {
  const payload = idToken.split(".")[1];
  if (!payload) return [];
  try {
    const json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const value = json[claim];
    if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
    if (typeof value === "string") return [value];
  } catch {
    // a malformed token maps to no groups
  }
  return [];
}
