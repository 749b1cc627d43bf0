import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startIsaTlsResetProxy, startMailServer, startMailguardFront, type RunningPeer } from "@/tests/peers";
import { startDnsServer, type DnsTestServer } from "@/tests/probes/dns-server";
import { startAgent, type RunningAgent } from "@/tests/agents/agent-child";
import { bearer } from "./helpers/auth";

/**
 * [AGENTS] Issue 14: probe agents started by the test (the compiled command line, as child
 * processes) with their own DNS servers (split horizon via RELAYDESK_DNS_SERVERS), chosen in the
 * check form, their parts followed live and saved as vantage points.
 */

const closers: Array<() => Promise<unknown>> = [];
test.afterAll(async () => {
  for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
});

const server = () => `http://127.0.0.1:${process.env.E2E_PORT ?? 3200}`;

/** Creates an agent on the admin page; returns its token (shown once). */
async function createAgentInUi(page: Page, name: string): Promise<string> {
  await page.goto("/admin/agents");
  await page.getByLabel(/^Name/).fill(name);
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByTestId("new-agent")).toContainText(`Agent “${name}”`);
  const token = (await page.getByTestId("new-agent-token").textContent())!.trim();
  expect(token).toMatch(/^rda_/);
  return token;
}

/** `npx relaydesk agent token create --name NAME` on the e2e server's database: prints only the token. */
function createAgentWithCli(name: string): string {
  const databaseUrl = process.env.RELAYDESK_E2E_DATABASE_URL || `file:${path.join(process.cwd(), "data", "e2e.db")}`;
  const run = spawnSync(process.execPath, ["bin/relaydesk.cjs", "agent", "token", "create", "--name", name], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^rda_[A-Za-z0-9_-]{43}\n$/);
  return run.stdout.trim();
}

async function agentFor(name: string, token: string, dns: DnsTestServer): Promise<RunningAgent> {
  const agent = await startAgent({ server: server(), token, name, dnsServer: dns.address, allow: "127.0.0.0/8", ports: "any" });
  closers.push(() => agent.stop("SIGKILL"));
  return agent;
}

async function splitHorizon(name: string, inside: string, outside: string) {
  const insideDns = await startDnsServer({ zone: { [name]: { A: [inside] } } });
  const outsideDns = await startDnsServer({ zone: { [name]: { A: [outside] } } });
  closers.push(() => insideDns.close(), () => outsideDns.close());
  return { insideDns, outsideDns };
}

async function runFrom(page: Page, host: string, port: number, from: string[], steps: { check?: RegExp[]; uncheck?: RegExp[] } = {}) {
  await page.getByRole("link", { name: "Run a live check" }).click();
  await page.getByLabel("Host, IP address or mail domain").fill(host);
  await page.getByLabel("Port", { exact: true }).fill(String(port));
  const runFrom = page.getByRole("group", { name: "Run from" });
  await runFrom.getByRole("checkbox", { name: /The console/ }).uncheck();
  for (const name of from) await runFrom.getByRole("checkbox", { name: new RegExp(`^${name}\\b`) }).check();
  for (const s of steps.check ?? []) await page.getByRole("checkbox", { name: s }).check();
  for (const s of steps.uncheck ?? []) await page.getByRole("checkbox", { name: s }).uncheck();
  await page.getByTestId("run-from").screenshot({ path: `test-results/agents-run-from-${page.viewportSize()?.width}.png` });
  await page.getByRole("button", { name: "Run live check" }).click();
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

interface SavedPoint {
  name: string;
  outcome: string;
  reason: string | null;
  findings: Array<{ id: string }>;
  results: Array<{ transcript: Array<{ dir: string; text: string }> }>;
}

async function savedPoints(page: Page, id: string): Promise<SavedPoint[]> {
  const res = await page.request.get(`/api/diagnoses/${id}`, { headers: bearer() });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { vantagePoints: SavedPoint[] }).vantagePoints;
}

let mailguardRun: { id: string; clean: RunningPeer } | null = null;

test("[AGENTS] split horizon: one check from an inside and an outside agent shows the clear banner inside and the masked one outside", async ({ page }) => {
  test.setTimeout(120_000);
  const clean = await startMailServer({ host: "127.0.0.2" });
  const mailguard = await startMailguardFront({ host: clean.host, port: clean.port }, { host: "127.0.0.3", port: clean.port });
  closers.push(() => mailguard.close(), () => clean.close());
  const { insideDns, outsideDns } = await splitHorizon("mail.example.test", "127.0.0.2", "127.0.0.3");

  const insideToken = await createAgentInUi(page, "e2e-inside");
  const outsideToken = createAgentWithCli("e2e-outside");
  await agentFor("e2e-inside", insideToken, insideDns);
  await agentFor("e2e-outside", outsideToken, outsideDns);
  await page.goto("/admin/agents");
  for (const name of ["e2e-inside", "e2e-outside"]) {
    const row = page.getByTestId("agent-row").filter({ hasText: name });
    await expect(row.getByTestId("agent-status")).toHaveText("● online");
    await expect(row).toContainText("address 127.0.0.1");
    await expect(row).toContainText(/version \d+\.\d+\.\d+/);
  }
  await page.screenshot({ path: "test-results/agents-admin-1280.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/agents-admin-390.png", fullPage: true });

  await page.goto("/diagnose?c=duplicate-inbound-messages");
  // the split end-of-data test keeps the outside part waiting (Mailguard never answers its 250),
  // so both vantage points stay on the live view side by side
  const id = await runFrom(page, "mail.example.test", clean.port, ["e2e-inside", "e2e-outside"], { check: [/Split end-of-data test/] });
  const live = page.getByTestId("live-progress");
  await expect(live.getByTestId("vantage-live-e2e-inside").getByTestId("transcript").first()).toContainText("220 relaydesk-test.local ESMTP ready");
  await expect(live.getByTestId("vantage-live-e2e-outside").getByTestId("transcript").first()).toContainText(/220 \*{5,}/);
  // the greeting itself is masked outside (Mailguard passes later replies, e.g. HELO's, unchanged)
  await expect(live.getByTestId("vantage-live-e2e-outside").getByTestId("transcript").first()).not.toContainText("220 relaydesk-test.local");
  await page.screenshot({ path: "test-results/agents-live-390.png", fullPage: true });
  await expect(page.getByTestId("check-result")).toBeVisible({ timeout: 60_000 });

  const points = await savedPoints(page, id);
  expect(points.map((p) => p.name)).toEqual(["e2e-inside", "e2e-outside"]);
  const outside = points[1]!;
  expect(outside.findings.map((f) => f.id)).toContain("smtp.banner.masked");
  expect(outside.outcome).toBe("problem_found");
  expect(points[0]!.findings.map((f) => f.id)).not.toContain("smtp.banner.masked");
  mailguardRun = { id, clean };
});

test("[AGENTS] split horizon: the comparison finding compare.banner.masked-on-one-side leads to the PIX article first", async ({ page }) => {
  expect(mailguardRun, "runs after the split-horizon check above").not.toBeNull();
  const res = await page.request.get(`/api/diagnoses/${mailguardRun!.id}`, { headers: bearer() });
  const record = (await res.json()) as { findings: Array<{ id: string }>; articles: Array<{ title: string }> };
  expect(record.findings.map((f) => f.id)).toContain("compare.banner.masked-on-one-side");
  await page.goto(`/d/${mailguardRun!.id}`);
  await expect(page.getByTestId("check-result").getByTestId("ranked-article").first()).toContainText("Cisco PIX");
});

test("[AGENTS] ISA reset: the outside agent sees RST after TLS, the inside agent FIN; the comparison leads to the ISA/TMG article first", async ({ page }) => {
  test.setTimeout(90_000);
  const tls = await startMailServer({ host: "127.0.0.4" });
  const isa = await startIsaTlsResetProxy({ host: tls.host, port: tls.port }, { host: "127.0.0.5", port: tls.port });
  closers.push(() => isa.close(), () => tls.close());
  const { insideDns, outsideDns } = await splitHorizon("tls.example.test", "127.0.0.4", "127.0.0.5");
  await agentFor("e2e-isa-inside", createAgentWithCli("e2e-isa-inside"), insideDns);
  await agentFor("e2e-isa-outside", createAgentWithCli("e2e-isa-outside"), outsideDns);

  const res = await page.request.post("/api/diagnoses", {
    headers: bearer(),
    data: { host: "tls.example.test", port: tls.port, steps: ["banner", "ehlo", "starttls", "close"], from: ["e2e-isa-inside", "e2e-isa-outside"] },
  });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { id: string; vantagePoints: SavedPoint[]; findings: Array<{ id: string }> };
  const [inside, outside] = body.vantagePoints;
  expect(outside!.findings.map((f) => f.id)).toContain("smtp.close.reset_after_tls");
  expect(inside!.findings.map((f) => f.id).filter((f) => f.startsWith("smtp.close.reset"))).toEqual([]);
  // the difference names the filter between them: the ISA/TMG article first
  expect(body.findings.map((f) => f.id)).toContain("compare.close.reset-on-one-side");
  await page.goto(`/d/${body.id}`);
  await expect(page.getByTestId("check-result")).toBeVisible();
  await expect(page.getByTestId("check-result").getByTestId("ranked-article").first()).toContainText("ISA Server 2006 or Forefront TMG 2010 resets the SMTP client connection after TLS");
});

test("[AGENTS] the API names an unknown or offline agent; a staff token cannot act as an agent; a revoked agent is cut off at once", async ({ page }) => {
  test.setTimeout(60_000);
  const unknown = await page.request.post("/api/diagnoses", { headers: bearer(), data: { host: "127.0.0.1", port: 9, steps: ["banner"], from: ["console", "no-such-agent"] } });
  expect(unknown.status()).toBe(400);
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("no-such-agent");
  createAgentWithCli("e2e-never-online");
  const offline = await page.request.post("/api/diagnoses", { headers: bearer(), data: { host: "127.0.0.1", port: 9, steps: ["banner"], from: ["e2e-never-online"] } });
  expect(offline.status()).toBe(409);
  expect(((await offline.json()) as { error: { message: string } }).error.message).toContain("e2e-never-online is offline");
  // the admin's staff API token is not an agent token
  const staffToken = await page.request.post("/api/agent/heartbeat", { headers: bearer() });
  expect(staffToken.status()).toBe(401);

  const dns = await startDnsServer({ zone: {} });
  closers.push(() => dns.close());
  const token = await createAgentInUi(page, "e2e-revoked");
  const agent = await agentFor("e2e-revoked", token, dns);
  await page.goto("/admin/agents");
  const row = page.getByTestId("agent-row").filter({ hasText: "e2e-revoked" });
  await expect(row.getByTestId("agent-status")).toHaveText("● online");
  const revokedAt = Date.now();
  await row.getByRole("button", { name: "Revoke e2e-revoked" }).click();
  await expect(page.getByTestId("agent-row").filter({ hasText: "e2e-revoked" })).toContainText("revoked");
  expect(await agent.exited).toBe(4);
  expect(Date.now() - revokedAt).toBeLessThan(5_000);
  expect(agent.log()).toMatch(/revoked/);
  const refused = await page.request.get("/api/agent/connect", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
});
