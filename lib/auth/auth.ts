/**
 * better-auth, configured for RelayDesk: staff accounts created by an admin (no open sign-up),
 * database sessions without a cookie cache (a revoked session or a changed role counts on the
 * next request), the admin plugin for roles and bans, and company SSO over OpenID Connect.
 * Built lazily on first use: the signing secret may have to be read from the database.
 */
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins/admin";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { clientAddress } from "@/lib/http/client-address";
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { databaseFlavour, resolveDatabaseUrl } from "@/lib/db/url";
import { publicOrigin } from "@/lib/http/origin";
import { accessRoles, ac } from "./access";
import { roleOf } from "./roles";
import { groupsFromIdToken, roleForGroups, SSO_PROVIDER_ID, ssoConfig } from "./sso";

export const MIN_PASSWORD_LENGTH = 12;
const SESSION_HOURS = 12;

/** BETTER_AUTH_SECRET, or a random secret made on first start and kept in the database. */
async function signingSecret(): Promise<string> {
  const fromEnv = process.env.BETTER_AUTH_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const db = getDb();
  const existing = await db.appSecret.findUnique({ where: { name: "auth-secret" } });
  if (existing) return existing.value;
  try {
    await db.appSecret.create({ data: { name: "auth-secret", value: randomBytes(32).toString("base64url") } });
  } catch {
    // another process made it first
  }
  return (await db.appSecret.findUniqueOrThrow({ where: { name: "auth-secret" } })).value;
}

async function mapSsoRole(account: { userId: string; providerId: string; idToken?: string | null }) {
  const sso = ssoConfig();
  if (!sso || account.providerId !== SSO_PROVIDER_ID || !account.idToken) return;
  const groups = groupsFromIdToken(account.idToken, sso.groupsClaim);
  const { role, team } = roleForGroups(groups, sso.groupRoles);
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: account.userId } });
  if (!user) return;
  if (user.role === role && user.team === team) return;
  await db.user.update({ where: { id: user.id }, data: { role, team } });
  await recordAudit({
    action: "user.role.sso",
    target: user.email,
    detail: { from: roleOf(user.role), to: role, team, groups },
  });
}

function createAuth(secret: string) {
  const sso = ssoConfig();
  const origin = publicOrigin();
  return betterAuth({
    appName: "RelayDesk",
    secret,
    // Without RELAYDESK_PUBLIC_URL the console answers on the Host the request came to (proxy.ts
    // has already refused unknown Hosts), so OAuth redirects go back to the same origin.
    baseURL: origin ?? { allowedHosts: ["*"], protocol: "http", fallback: `http://localhost:${process.env.PORT ?? "3000"}` },
    database: prismaAdapter(getDb(), { provider: databaseFlavour(resolveDatabaseUrl()) === "postgres" ? "postgresql" : "sqlite" }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 256 },
    session: { expiresIn: SESSION_HOURS * 3600, updateAge: 3600, cookieCache: { enabled: false } },
    // Limits are ours (lib/auth/limits.ts, on the database); better-auth's own limiter does not
    // see server-side sign-ins.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    user: { additionalFields: { team: { type: "string", required: false, input: false } } },
    databaseHooks: {
      account: {
        create: { after: async (account) => mapSsoRole(account) },
        update: { after: async (account) => mapSsoRole(account as { userId: string; providerId: string; idToken?: string | null }) },
      },
      session: {
        create: {
          // better-auth would take the first X-Forwarded-For entry, which any client can write:
          // the session (and its sign-in audit row) gets the address lib/http/client-address.ts derives
          before: async (session, ctx) => {
            const headers = ctx?.headers ?? ctx?.request?.headers;
            if (!headers) return;
            return { data: { ...session, ipAddress: clientAddress(headers) } };
          },
          after: async (session, ctx) => {
            const user = await getDb().user.findUnique({ where: { id: session.userId } });
            const path = ctx?.path ?? "";
            await recordAudit({
              action: "auth.sign-in",
              actor: user ? { userId: user.id, name: user.name, email: user.email, role: roleOf(user.role), via: "session" } : null,
              target: user?.email,
              detail: { method: path.includes("callback") ? "sso" : path.includes("sign-in/email") ? "password" : path || "server" },
              ip: session.ipAddress ?? null,
              userAgent: session.userAgent ?? null,
            });
          },
        },
      },
    },
    plugins: [
      admin({ ac, roles: accessRoles, defaultRole: "viewer", adminRoles: ["admin"] }),
      ...(sso
        ? [
            genericOAuth({
              config: [
                {
                  providerId: SSO_PROVIDER_ID,
                  discoveryUrl: `${sso.issuer}/.well-known/openid-configuration`,
                  clientId: sso.clientId,
                  clientSecret: sso.clientSecret,
                  scopes: ["openid", "email", "profile", sso.groupsClaim],
                  pkce: true,
                },
              ],
            }),
          ]
        : []),
      nextCookies(), // last: sets cookies from server actions
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const cache = globalThis as unknown as { relaydeskAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  cache.relaydeskAuth ??= signingSecret().then(createAuth);
  return cache.relaydeskAuth;
}
