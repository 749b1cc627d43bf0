/**
 * Issue 11's acceptance: every route handler, page and server action × every kind of caller
 * (anonymous, a revoked session, a public-link holder, viewer, helpdesk, editor, admin), against
 * the real server. The list of routes is generated from app/ (route.ts methods, page.tsx files,
 * exported functions of "use server" files); each must have a rule below and each rule must match
 * a route, so a new route without a rule fails this test.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, request, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { REVOKED, STAFF, storageStateFor } from "./fixtures/staff";
import { bearer } from "./helpers/auth";

type Role = "viewer" | "helpdesk" | "editor" | "admin";
/** "agent": the probe-agent endpoints take only an agent's bearer token; every staff caller is refused (401). */
type Rule = { kind: "public" } | { kind: "role"; min: Role } | { kind: "public-link" } | { kind: "agent" };
const agentOnly: Rule = { kind: "agent" };
const pub: Rule = { kind: "public" };
const role = (min: Role): Rule => ({ kind: "role", min });

/** The rule of every route: "PAGE path", "METHOD path" (route handlers), "ACTION file#export". */
const RULES: Record<string, Rule> = {
  "PAGE /": role("viewer"),
  "PAGE /products": role("viewer"),
  "PAGE /symptoms": role("viewer"),
  "PAGE /search": role("viewer"),
  "PAGE /articles/[slug]": role("viewer"),
  "PAGE /diagnose": role("viewer"),
  "PAGE /diagnoses": role("viewer"),
  "PAGE /d/[id]": role("viewer"),
  "PAGE /tokens": role("viewer"),
  "PAGE /admin/users": role("admin"),
  "PAGE /admin/audit": role("admin"),
  "PAGE /admin/policy": role("admin"),
  "PAGE /login": pub,
  "PAGE /setup": pub,
  "PAGE /p/[token]": { kind: "public-link" },
  "GET /api/health": pub,
  "GET /api/health/live": pub,
  "GET /api/auth/[...all]": pub,
  "POST /api/auth/[...all]": pub,
  "GET /login/sso": pub,
  "GET /api/articles": role("viewer"),
  "GET /api/articles/[slug]": role("viewer"),
  "GET /api/lookup": role("viewer"),
  "POST /api/lookup": role("viewer"),
  "GET /api/diagnoses": role("viewer"),
  "POST /api/diagnoses": role("helpdesk"),
  "GET /api/diagnoses/[id]": role("viewer"),
  "PATCH /api/diagnoses/[id]": role("admin"),
  "POST /api/checks": role("helpdesk"),
  "GET /api/checks/[id]/events": role("viewer"),
  "GET /api/audit": role("admin"),
  "PAGE /admin/agents": role("admin"),
  "GET /api/agents": role("helpdesk"),
  "GET /api/agent/connect": agentOnly,
  "POST /api/agent/heartbeat": agentOnly,
  "POST /api/agent/jobs/[id]": agentOnly,
  "ACTION app/admin/agents/actions.ts#createAgentAction": role("admin"),
  "ACTION app/admin/agents/actions.ts#revokeAgentAction": role("admin"),
  "ACTION app/login/actions.ts#signInAction": pub,
  "ACTION app/login/actions.ts#signOutAction": pub,
  "ACTION app/setup/actions.ts#completeSetupAction": pub,
  "ACTION app/actions/lookup-results.tsx#lookupResultsAction": role("viewer"),
  "ACTION app/diagnose/actions.ts#startFromTextAction": role("viewer"),
  "ACTION app/diagnose/actions.ts#startCheckAction": role("helpdesk"),
  "ACTION app/d/[id]/actions.ts#cancelCheckAction": role("helpdesk"),
  "ACTION app/d/[id]/actions.ts#recheckAction": role("helpdesk"),
  "ACTION app/d/[id]/share-actions.ts#createPublicLinkAction": role("helpdesk"),
  "ACTION app/d/[id]/share-actions.ts#revokePublicLinkAction": role("helpdesk"),
  "ACTION app/tokens/actions.ts#createTokenAction": role("viewer"),
  "ACTION app/tokens/actions.ts#revokeTokenAction": role("viewer"),
  "ACTION app/admin/users/actions.ts#createUserAction": role("admin"),
  "ACTION app/admin/users/actions.ts#setRoleAction": role("admin"),
  "ACTION app/admin/users/actions.ts#setTeamAction": role("admin"),
  "ACTION app/admin/users/actions.ts#revokeSessionsAction": role("admin"),
  "ACTION app/admin/users/actions.ts#setActiveAction": role("admin"),
  "ACTION app/admin/policy/actions.ts#saveProbePolicyAction": role("admin"),
  "PAGE /kb": role("editor"),
  "PAGE /kb/new": role("editor"),
  "PAGE /kb/doc/[key]": role("editor"),
  "PAGE /kb/doc/[key]/history": role("editor"),
  "GET /api/kb/export": role("editor"),
  "ACTION app/kb/actions.ts#saveDocumentAction": role("editor"),
  "ACTION app/kb/actions.ts#previewAction": role("editor"),
  "ACTION app/kb/actions.ts#checkSignaturesAction": role("editor"),
  "ACTION app/kb/actions.ts#impactAction": role("editor"),
  "ACTION app/kb/actions.ts#proposeSignaturesAction": role("editor"),
  "ACTION app/kb/actions.ts#revertAction": role("editor"),
  "ACTION app/kb/actions.ts#importAction": role("editor"),
  "ACTION app/kb/actions.ts#removeArticleAction": role("editor"),
};

const ROOT = process.cwd();
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const p = path.join(dir, entry);
    return statSync(p).isDirectory() ? walk(p) : [path.relative(ROOT, p)];
  });
}

/** Every page, route handler method and server action under app/. */
function discoverRoutes(): string[] {
  const keys: string[] = [];
  for (const file of walk(path.join(ROOT, "app"))) {
    const source = readFileSync(file, "utf8");
    const urlPath = `/${path.dirname(file).split(path.sep).slice(1).filter((s) => !/^\(.*\)$/.test(s)).join("/")}`;
    if (/\/page\.(t|j)sx?$/.test(file)) keys.push(`PAGE ${urlPath}`);
    if (/\/route\.(t|j)s$/.test(file)) {
      for (const m of METHODS) {
        if (new RegExp(`export\\s+(async\\s+)?function\\s+${m}\\b|export\\s+const\\s+${m}\\b|export\\s+const\\s*\\{[^}]*\\b${m}\\b`).test(source)) keys.push(`${m} ${urlPath}`);
      }
    }
    if (/^\s*["']use server["']/.test(source)) {
      for (const m of source.matchAll(/export\s+async\s+function\s+(\w+)/g)) keys.push(`ACTION ${file}#${m[1]}`);
      if (/export\s+(const|default)\b/.test(source)) keys.push(`ACTION ${file}#<unsupported export form>`);
    }
  }
  return keys.sort();
}

/** Server-action ids of the build, by "file#export". */
function actionIds(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, v]) => [`${v.filename}#${v.exportedName}`, id]));
}

/** The config's default signed-in state (the admin's) applies to new request contexts too: start empty. */
const NO_SESSION = { cookies: [], origins: [] };

type Caller = "anonymous" | "revoked session" | "public link" | Role;
const CALLERS: Caller[] = ["anonymous", "revoked session", "public link", "viewer", "helpdesk", "editor", "admin"];
const RANK: Record<Role, number> = { viewer: 0, helpdesk: 1, editor: 2, admin: 3 };
type Outcome = "allowed" | "sign-in" | "forbidden";

/** What each caller must get under a rule. */
function expected(rule: Rule, caller: Caller): Outcome {
  if (rule.kind === "agent") return "sign-in";
  if (rule.kind !== "role") return "allowed";
  if (caller === "anonymous" || caller === "revoked session" || caller === "public link") return "sign-in";
  return RANK[caller] >= RANK[rule.min] ? "allowed" : "forbidden";
}

test("[AUTH] access matrix: every route handler, page and server action × every caller gets the status its rule says", async ({ baseURL, browser }) => {
  test.setTimeout(300_000);
  const routes = discoverRoutes();
  expect(routes.filter((k) => !RULES[k]), "routes without a rule: add one to RULES").toEqual([]);
  expect(Object.keys(RULES).filter((k) => !routes.includes(k)), "rules for routes that do not exist").toEqual([]);

  // fixtures: a saved diagnosis, an article slug, a public link, and a session ended by an admin
  const admin = await request.newContext({ baseURL, storageState: NO_SESSION, extraHTTPHeaders: bearer() });
  const made = await admin.post("/api/diagnoses", { data: { host: "127.0.0.1", port: 9, steps: ["banner"] } });
  expect(made.status()).toBe(201);
  const diagnosisId = ((await made.json()) as { id: string }).id;
  const slug = ((await (await admin.get("/api/articles")).json()) as { articles: Array<{ slug: string }> }).articles[0]!.slug;
  // every caller gets a session of its own (signOutAction ends the session it is called with, so
  // the shared signed-in states of the other specs are not used here)
  const signedIn = async (account: { email: string; password: string }) => {
    const ctx = await request.newContext({ baseURL, storageState: NO_SESSION, extraHTTPHeaders: { origin: baseURL! } });
    const res = await ctx.post("/api/auth/sign-in/email", { data: { email: account.email, password: account.password } });
    expect(res.status(), account.email).toBe(200);
    return ctx;
  };
  const contexts = new Map<Caller, APIRequestContext>();
  for (const caller of CALLERS) {
    if (caller === "anonymous" || caller === "public link") contexts.set(caller, await request.newContext({ baseURL, storageState: NO_SESSION, extraHTTPHeaders: { origin: baseURL! } }));
    else contexts.set(caller, await signedIn(caller === "revoked session" ? REVOKED : STAFF[caller]));
  }
  const adminPage = await (await browser.newContext({ storageState: storageStateFor("admin") })).newPage();
  await adminPage.goto(`/d/${diagnosisId}`);
  await adminPage.getByRole("button", { name: "Create public link" }).click();
  const publicUrl = await adminPage.getByTestId("public-link-url").textContent();
  const publicToken = new URL(publicUrl!).pathname.split("/").pop()!;
  await adminPage.goto("/admin/users");
  await adminPage.locator(`[data-testid="staff-row"][data-email="${REVOKED.email}"]`).getByRole("button", { name: "End sessions" }).click();
  await expect(adminPage.getByTestId("admin-message")).toContainText(`session(s) of ${REVOKED.email} ended`);
  await adminPage.context().close();

  const params: Record<string, string> = { "[id]": diagnosisId, "[slug]": slug, "[token]": publicToken, "[key]": encodeURIComponent(`article:${slug}`) };
  const fill = (p: string, method: string) =>
    p.replace(/\[\.\.\.all\]/, method === "POST" ? "sign-in/email" : "get-session").replace(/\[[a-z]+\]/g, (k) => params[k] ?? k);

  const ids = actionIds();

  async function call(key: string, caller: Caller): Promise<{ outcome: string; status: number }> {
    const ctx = contexts.get(caller)!;
    const [kind, target] = key.split(" ") as [string, string];
    let res: APIResponse;
    if (kind === "ACTION") {
      const id = ids.get(target);
      if (!id) return { outcome: "unexpected: not in the build's action manifest", status: 0 };
      res = await ctx.post("/", { headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8" }, data: "[]", maxRedirects: 0 });
      const redirect = res.headers()["x-action-redirect"] ?? "";
      const text = await res.text();
      if (redirect.startsWith("/login?next=")) return { outcome: "sign-in", status: res.status() };
      if (text.includes("NEXT_HTTP_ERROR_FALLBACK;403")) return { outcome: "forbidden", status: res.status() };
      const what = `${res.status()} ${redirect} ${text.slice(0, 60).replace(/\s+/g, " ")}`;
      return { outcome: res.status() < 500 ? "allowed" : `unexpected ${what}`, status: res.status() };
    }
    const url = fill(target, kind);
    const body = kind === "GET" || kind === "HEAD" ? undefined : "{}";
    res = await ctx.fetch(url, { method: kind === "PAGE" ? "GET" : kind, ...(body ? { data: body, headers: { "content-type": "application/json" } } : {}), maxRedirects: 0 });
    const status = res.status();
    await res.dispose();
    if (kind === "PAGE") {
      const location = res.headers().location ?? "";
      if (status === 307 && location.includes("/login?next=")) return { outcome: "sign-in", status };
      if (status === 403) return { outcome: "forbidden", status };
      return { outcome: status === 200 || (status >= 300 && status < 400) ? "allowed" : `unexpected ${status}`, status };
    }
    if (status === 401) return { outcome: "sign-in", status };
    if (status === 403) return { outcome: "forbidden", status };
    // allowed: anything but a refusal; the SSO start may find no identity provider running (502)
    return { outcome: status < 500 || key === "GET /login/sso" ? "allowed" : `unexpected ${status}`, status };
  }

  const mismatches: string[] = [];
  let cells = 0;
  // signing out ends the caller's session: last
  const signOut = "ACTION app/login/actions.ts#signOutAction";
  for (const key of [...routes.filter((k) => k !== signOut), signOut]) {
    for (const caller of CALLERS) {
      const want = expected(RULES[key]!, caller);
      const got = await call(key, caller);
      cells++;
      if (got.outcome !== want) mismatches.push(`${key} as ${caller}: expected ${want}, got ${got.outcome} (HTTP ${got.status})`);
    }
  }
  console.log(`access matrix: ${routes.length} routes × ${CALLERS.length} callers = ${cells} cells, ${mismatches.length} mismatches`);
  expect(mismatches).toEqual([]);

  // a revoked public link is refused like an unknown one
  const anonymous = contexts.get("anonymous")!;
  expect((await anonymous.get(`/p/${publicToken}`, { maxRedirects: 0 })).status()).toBe(200);
  expect((await anonymous.get("/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", { maxRedirects: 0 })).status()).toBe(404);
  for (const ctx of contexts.values()) await ctx.dispose();
  await admin.dispose();
});

test("[AUTH] cross-site: a cross-origin simple POST /api/diagnoses is refused even with a session; no Origin on a server action is refused; bearer works without Origin", async ({ baseURL }) => {
  const helpdesk = await request.newContext({ baseURL, storageState: storageStateFor("helpdesk") });
  // what an HTML form on another site (enctype="text/plain") or a no-cors fetch sends
  const foreign = await helpdesk.post("/api/diagnoses", { headers: { origin: "http://evil.example", "content-type": "text/plain" }, data: '{"host":"127.0.0.1","port":9}' });
  expect(foreign.status()).toBe(403);
  expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");
  const siteHeader = await helpdesk.post("/api/diagnoses", { headers: { origin: baseURL!, "sec-fetch-site": "cross-site", "content-type": "application/json" }, data: "{}" });
  expect(siteHeader.status()).toBe(403);
  const noOrigin = await helpdesk.post("/", { headers: { "next-action": actionIds().get("app/diagnose/actions.ts#startCheckAction")!, "content-type": "text/plain;charset=UTF-8" }, data: "[]" });
  expect(noOrigin.status()).toBe(403);
  const sameOrigin = await helpdesk.post("/api/diagnoses", { headers: { origin: baseURL!, "content-type": "application/json" }, data: "{}" });
  expect(sameOrigin.status()).toBe(400); // past the checks: only the (empty) body is wrong
  const script = await request.newContext({ baseURL, storageState: NO_SESSION, extraHTTPHeaders: bearer() });
  expect((await script.post("/api/diagnoses", { headers: { "content-type": "application/json" }, data: "{}" })).status()).toBe(400);
  await helpdesk.dispose();
  await script.dispose();
});

test("[AUTH] security headers on pages and the API: CSP with a nonce and no unsafe-inline scripts, no framing, nosniff, referrer policy", async ({ page }) => {
  const res = await page.goto("/");
  const headers = res!.headers();
  const csp = headers["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // the framework's scripts carry the nonce and run: the page is interactive
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  const api = await page.request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});
