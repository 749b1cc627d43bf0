/**
 * Issue 11's flows in Chromium, and the audit rows they leave:
 * - first run on a fresh database: no default password, the setup link printed on the console
 *   creates the admin once;
 * - a helpdesk member signs in, runs a check and shares it; a viewer opens it but cannot run a
 *   check; a public link opens signed out until it is revoked;
 * - company SSO against a loopback OIDC provider maps a group to helpdesk;
 * - a role change and ended sessions count on the next request.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, request, test, type Browser, type Page } from "@playwright/test";
import { startMailServer, type RunningPeer } from "@/tests/peers";
import { OIDC_PORT, STAFF, storageStateFor } from "./fixtures/staff";
import { bearer } from "./helpers/auth";
import { startOidcIdp } from "./helpers/oidc-idp";

const peers: RunningPeer[] = [];
test.afterAll(async () => {
  for (const p of peers.splice(0)) await p.close();
});

type AuditEvent = { action: string; actor: string | null; actorRole: string | null; via: string | null; target: string | null; detail: Record<string, unknown> | null; ip: string | null; userAgent: string | null };

/** The audit log as the admin's export gives it (JSON), newest first. */
async function auditLog(baseURL: string, filter: Record<string, string> = {}): Promise<AuditEvent[]> {
  const ctx = await request.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: bearer() });
  const res = await ctx.get(`/api/audit?${new URLSearchParams({ format: "json", ...filter })}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { events: AuditEvent[] };
  await ctx.dispose();
  return body.events;
}

async function signIn(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/diagnoses");
  await expect(page).toHaveURL(/\/login\?next=%2Fdiagnoses$/);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/diagnoses$/);
  return page;
}

test("[AUTH] first run on a fresh database: no admin, no default password; the one-time setup link printed on the console creates the admin", async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "relaydesk-first-run-"));
  const port = Number(process.env.E2E_SETUP_PORT ?? 3314);
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "fresh.db")}`, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };
  for (const key of Object.keys(env)) if (key.startsWith("RELAYDESK_ADMIN_") || key.startsWith("RELAYDESK_OIDC_")) delete env[key as keyof typeof env];
  const migrated = spawnSync(path.join("node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env, encoding: "utf8" });
  expect(migrated.status, migrated.stderr).toBe(0);
  let server: ChildProcess | null = null;
  try {
    // the console server `npm start` runs (scripts/serve.mjs)
    server = spawn(process.execPath, [path.join("scripts", "serve.mjs"), "-p", String(port), "-H", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    server.stdout!.on("data", (d: Buffer) => (log += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (log += d.toString()));
    await expect.poll(() => /relaydesk: {3}(http:\/\/\S+\/setup\?token=\S+)/.exec(log)?.[1] ?? null, { timeout: 30_000 }).not.toBeNull();
    const printed = /relaydesk: {3}(http:\/\/\S+\/setup\?token=\S+)/.exec(log)![1]!;
    expect(printed).toMatch(new RegExp(`^http://localhost:${port}/setup\\?token=[A-Za-z0-9_-]{32}$`));
    // the server listens on 127.0.0.1 here; localhost may resolve to ::1 first
    const link = printed.replace("//localhost:", "//127.0.0.1:");
    const origin = `http://127.0.0.1:${port}`;

    const context = await browser.newContext({ baseURL: origin, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    // before setup the console is closed: every page sends to sign-in, which says what to do
    await page.goto(`${origin}/diagnoses`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await expect(page.getByRole("status")).toContainText("No admin account exists yet");
    // a wrong token does nothing
    await page.goto(`${origin}/setup?token=${"A".repeat(32)}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Setup link not valid");

    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create the admin account");
    await page.getByLabel("Your name").fill("First Admin");
    await page.getByLabel("Email address").fill("first.admin@relaydesk.test");
    await page.getByLabel(/^Password \(at least/).fill("a-long-first-password");
    await page.getByLabel("Password again").fill("a-long-first-password");
    await page.getByRole("button", { name: "Create the admin account" }).click();
    await expect(page).toHaveURL(/\/admin\/users\?setup=1$/);
    await expect(page.getByText("Setup done: you are the first admin")).toBeVisible();
    await expect(page.getByTestId("account-role").first()).toHaveText("admin");

    // the link is used up
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("RelayDesk is set up");
    // and the audit log has the setup and the sign-in
    await page.goto(`${origin}/admin/audit`);
    await expect(page.locator('[data-testid="audit-row"][data-action="setup.admin-created"]')).toContainText("first.admin@relaydesk.test");
    await expect(page.locator('[data-testid="audit-row"][data-action="auth.sign-in"]')).toHaveCount(1);
    await context.close();
  } finally {
    if (server && server.exitCode === null) {
      server.kill("SIGTERM");
      await new Promise((r) => server!.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

test("[AUTH] helpdesk signs in, runs a check and shares it; a viewer opens it but cannot run a check; a public link opens signed out until revoked; all audited", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const mail = await startMailServer();
  peers.push(mail);
  const started = new Date().toISOString();

  // helpdesk: sign in, run a check
  const helpdesk = await signIn(browser, STAFF.helpdesk.email, STAFF.helpdesk.password);
  await helpdesk.goto("/diagnose?check=1");
  await helpdesk.getByLabel("Host, IP address or mail domain").fill(`127.0.0.1:${mail.port}`);
  await helpdesk.getByRole("button", { name: "Run live check" }).click();
  await expect(helpdesk).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  await expect(helpdesk.getByTestId("check-result")).toBeVisible({ timeout: 60_000 });
  const diagnosisPath = new URL(helpdesk.url()).pathname;
  const id = diagnosisPath.split("/").pop()!;
  await expect(helpdesk.getByText("E2E Helpdesk").first()).toBeVisible();

  // share: the staff link, and a public link
  await expect(helpdesk.getByTestId("staff-link")).toHaveText(`${baseURL}${diagnosisPath}`);
  await helpdesk.getByLabel(/Public link \(no sign-in\), valid for/).selectOption("1");
  await helpdesk.getByRole("button", { name: "Create public link" }).click();
  const publicUrl = (await helpdesk.getByTestId("public-link-url").textContent())!;
  expect(publicUrl).toMatch(new RegExp(`^${baseURL}/p/[A-Za-z0-9_-]{32}$`));

  // a viewer opens the staff link: the result, but no way to run anything
  const viewerContext = await browser.newContext({ storageState: storageStateFor("viewer") });
  const viewer = await viewerContext.newPage();
  await viewer.goto(diagnosisPath);
  await expect(viewer.getByTestId("check-result")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Check again" })).toHaveCount(0);
  await expect(viewer.getByTestId("share-controls")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Run / })).toHaveCount(0);
  await viewer.goto("/diagnose?check=1");
  await expect(viewer.getByTestId("live-check-form")).toHaveCount(0);
  await expect(viewer.getByTestId("no-run-note")).toBeVisible();
  // ...and the server refuses it too, however it is asked
  const refused = await viewer.request.post("/api/diagnoses", { headers: { origin: baseURL! }, data: { host: "127.0.0.1", port: mail.port } });
  expect(refused.status()).toBe(403);
  // the viewer's list shows only their own (none), not the helpdesk team's
  await viewer.goto("/diagnoses");
  await expect(viewer.locator(`a[href="${diagnosisPath}"]`)).toHaveCount(0);
  // the editor is in the helpdesk member's team: the list shows it
  const editorContext = await browser.newContext({ storageState: storageStateFor("editor") });
  const editor = await editorContext.newPage();
  await editor.goto("/diagnoses");
  await expect(editor.locator(`a[href="${diagnosisPath}"]`).first()).toBeVisible();
  await editorContext.close();

  // the public link: signed out, read-only, every view counted and audited
  const outsider = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const anon = await outsider.newPage();
  await anon.goto(publicUrl);
  await expect(anon.getByTestId("public-diagnosis")).toBeVisible();
  await expect(anon.getByRole("heading", { level: 1 })).toHaveText(`Diagnosis of 127.0.0.1:${mail.port}`);
  await expect(anon.getByRole("link", { name: "Sign in" })).toBeVisible();
  await anon.reload();
  await expect(anon.getByTestId("public-diagnosis")).toBeVisible();
  // the link gives nothing else: the staff page of the same diagnosis wants a sign-in
  await anon.goto(diagnosisPath);
  await expect(anon).toHaveURL(/\/login\?next=/);

  // revoked: the next view is refused
  await helpdesk.reload();
  const row = helpdesk.locator('[data-testid="public-link-row"][data-active="true"]');
  await expect(row).toContainText("2 views");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(helpdesk.locator('[data-testid="public-link-row"]').first()).toContainText("Revoked");
  const gone = await anon.goto(publicUrl);
  expect(gone!.status()).toBe(404);
  await expect(anon.getByTestId("public-diagnosis")).toHaveCount(0);

  // the audit log holds the whole story
  const events = (await auditLog(baseURL!, { from: started })).reverse();
  const by = (action: string) => events.filter((e) => e.action === action);
  const signIn_ = by("auth.sign-in").find((e) => e.target === STAFF.helpdesk.email)!;
  expect(signIn_.detail).toMatchObject({ method: "password" });
  expect(signIn_.ip).toBeTruthy();
  expect(signIn_.userAgent).toContain("Chrome");
  const startRow = by("check.start").find((e) => e.detail?.diagnosisId === id)!;
  expect(startRow.actor).toBe(`${STAFF.helpdesk.name} <${STAFF.helpdesk.email}>`);
  expect(startRow.actorRole).toBe("helpdesk");
  expect(startRow.target).toBe("127.0.0.1");
  await expect.poll(async () => (await auditLog(baseURL!, { action: "check.run", from: started })).some((e) => e.detail?.diagnosisId === id)).toBe(true);
  const runRow = (await auditLog(baseURL!, { action: "check.run", from: started })).find((e) => e.detail?.diagnosisId === id)!;
  expect(runRow.detail).toMatchObject({ typed: "127.0.0.1", resolved: ["127.0.0.1"], port: mail.port, ended: "completed" });
  expect(Array.isArray(runRow.detail!.steps) && (runRow.detail!.steps as string[]).includes("banner")).toBe(true);
  expect(typeof runRow.detail!.outcome).toBe("string");
  expect(runRow.detail!.ranFrom).toBeTruthy();
  expect(by("share.public-link.create").filter((e) => e.target === id)).toHaveLength(1);
  expect(by("diagnosis.view.public").filter((e) => e.target === id)).toHaveLength(2);
  expect(by("share.public-link.revoke").filter((e) => e.target === id)).toHaveLength(1);
  // no public view after the revocation was let through
  const revokedAt = events.findIndex((e) => e.action === "share.public-link.revoke");
  expect(events.slice(revokedAt).filter((e) => e.action === "diagnosis.view.public" && e.target === id)).toHaveLength(0);
  // the export itself is audited, and CSV is offered too
  const ctx = await request.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: bearer() });
  const csv = await ctx.get("/api/audit?format=csv&action=share");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("at,action,actor,actorRole,via,target,ip,userAgent,detail");
  expect(lines.some((l) => l.includes("share.public-link.revoke") && l.includes(id))).toBe(true);
  expect((await auditLog(baseURL!, { action: "audit.export" })).length).toBeGreaterThan(0);
  await ctx.dispose();
  await viewerContext.close();
  await outsider.close();
  await helpdesk.context().close();
});

test("[AUTH] SSO against a loopback OIDC provider: the mail-helpdesk group signs in as helpdesk; audited", async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const idp = await startOidcIdp(OIDC_PORT, baseURL!);
  try {
    const started = new Date().toISOString();
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto("/login");
    await page.getByRole("link", { name: "Sign in with company SSO" }).click();
    // the IdP's development login page: any login name and password
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/`));
    await page.locator('input[name="login"]').fill("alice");
    await page.locator('input[name="password"]').fill("any-password");
    await page.locator('button[type="submit"]').click();
    await page.getByRole("button", { name: /continue/i }).click();
    await expect(page).toHaveURL(`${baseURL}/`);
    await expect(page.getByTestId("account-role").first()).toHaveText("helpdesk");
    await page.goto("/diagnose?check=1");
    await expect(page.getByTestId("live-check-form")).toBeVisible();

    const events = await auditLog(baseURL!, { from: started });
    const mapped = events.find((e) => e.action === "user.role.sso" && e.target === "alice@corp.test")!;
    expect(mapped.detail).toMatchObject({ from: "viewer", to: "helpdesk", team: "mail-helpdesk" });
    expect(mapped.detail!.groups).toEqual(["mail-helpdesk", "staff"]);
    const signedIn = events.find((e) => e.action === "auth.sign-in" && e.target === "alice@corp.test")!;
    expect(signedIn.detail).toMatchObject({ method: "sso" });
    await context.close();
  } finally {
    await idp.close();
  }
});

test("[AUTH] an admin's role change and ended sessions count on the staff member's next request", async ({ browser, page }) => {
  // the admin makes an account through the staff page
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "New staff account" });
  await form.getByLabel("Name").fill("Role Changer");
  await form.getByLabel("Email address").fill("role.changer@relaydesk.test");
  await form.getByLabel(/First password/).fill("role-changer-password");
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Account role.changer@relaydesk.test created")).toBeVisible();

  const staff = await signIn(browser, "role.changer@relaydesk.test", "role-changer-password");
  await staff.goto("/diagnose?check=1");
  await expect(staff.getByTestId("live-check-form")).toHaveCount(0);

  await page.goto("/admin/users");
  const row = page.locator('[data-testid="staff-row"][data-email="role.changer@relaydesk.test"]');
  await row.getByLabel("Role of role.changer@relaydesk.test").selectOption("helpdesk");
  await row.getByRole("button", { name: "Set role" }).click();
  await expect(page.getByTestId("admin-message")).toHaveText("role.changer@relaydesk.test is now helpdesk.");
  await staff.reload();
  await expect(staff.getByTestId("live-check-form")).toBeVisible();

  await page.locator('[data-testid="staff-row"][data-email="role.changer@relaydesk.test"]').getByRole("button", { name: "End sessions" }).click();
  await expect(page.getByTestId("admin-message")).toContainText("session(s) of role.changer@relaydesk.test ended");
  await staff.reload();
  await expect(staff).toHaveURL(/\/login\?next=/);
  await staff.context().close();
});

test("[AUTH] the audit log and the per-address limit see the TCP peer, not a client-written X-Forwarded-For", async ({ baseURL }) => {
  const ctx = await request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const email = `forged-${Date.now()}@relaydesk.test`;
  const res = await ctx.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL!, "x-forwarded-for": "203.0.113.77", "x-relaydesk-peer": "198.51.100.99", "content-type": "application/json" },
    data: { email, password: "not-the-password-1" },
  });
  expect(res.status()).toBe(401);
  await ctx.dispose();
  const rows = await auditLog(baseURL!, { action: "auth.sign-in.failed", target: email });
  expect(rows).toHaveLength(1);
  // no trusted proxy is configured: the server's own peer address (loopback), whatever the headers said
  expect(rows[0]!.ip).toBe("127.0.0.1");
});
