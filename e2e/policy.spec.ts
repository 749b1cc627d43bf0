import { expect, test, type Browser, type Page } from "@playwright/test";
import { startMailServer, type RunningPeer } from "@/tests/peers";
import { storageStateFor, type StaffRole } from "./fixtures/staff";

/**
 * [POLICY] Issue 11: the admin edits the probe target policy at /admin/policy (errors beside the
 * fields, nothing typed lost), the next check of a helpdesk member runs under it and is refused in
 * words naming the policy, the audit log shows the change with before and after, and roles below
 * admin see neither the page nor its menu entry. The spec only narrows the ports (loopback stays
 * allowed) and puts "any" back at the end: the other specs probe peers on ephemeral loopback ports.
 * Screenshots of the page at 1280 and 390 px go to test-results/policy-*.png.
 */

const peers: RunningPeer[] = [];
test.afterAll(async () => {
  for (const p of peers.splice(0)) await p.close();
});

async function pageAs(browser: Browser, role: StaffRole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStateFor(role) });
  return context.newPage();
}

async function savePolicy(page: Page, ports: string): Promise<void> {
  await page.goto("/admin/policy");
  await page.getByLabel("Allowed ports").fill(ports);
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("policy-message")).toContainText(/Saved as revision \d+|Nothing changed/);
}

test("[POLICY] the admin narrows the ports; a helpdesk check (and check again) on another port is refused naming the policy; the audit log shows before and after", async ({ browser }) => {
  test.setTimeout(120_000);
  const mail = await startMailServer();
  peers.push(mail);
  const admin = await pageAs(browser, "admin");
  const helpdesk = await pageAs(browser, "helpdesk");
  try {
    // before the change: the helpdesk checks the peer on its ephemeral port
    await helpdesk.goto("/diagnose?check=1");
    await helpdesk.getByLabel("Host, IP address or mail domain").fill(`127.0.0.1:${mail.port}`);
    await helpdesk.getByRole("button", { name: "Run live check" }).click();
    await expect(helpdesk).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
    await expect(helpdesk.getByTestId("check-result")).toBeVisible({ timeout: 60_000 });
    const firstCheck = helpdesk.url();

    await admin.goto("/admin/audit");
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Probe policy" }).click();
    await expect(admin).toHaveURL(/\/admin\/policy$/);
    await expect(admin.getByRole("heading", { level: 1, name: "Probe target policy" })).toBeVisible();
    await expect(admin.getByTestId("policy-source")).toContainText("No policy saved yet: the server's environment");
    // the environment's values (playwright.config.ts) are what the form starts from
    await expect(admin.getByLabel("Allowed ports")).toHaveValue("any");
    await expect(admin.getByLabel("Allowed ranges")).toHaveValue("127.0.0.0/8\n::1/128");

    // bad input: errors beside their fields, what was typed stays
    await admin.getByLabel("Allowed ports").fill("25, smtp");
    await admin.getByLabel("Allowed ranges").fill("127.0.0.0/8\n10.0.0.0/33");
    await admin.getByRole("button", { name: "Save policy" }).click();
    await expect(admin.getByTestId("ports-error")).toHaveText(/^Ports: "smtp" is not a port or range/);
    await expect(admin.getByTestId("allowCidrs-error")).toContainText('bad prefix length in "10.0.0.0/33" (0..32)');
    await expect(admin.getByTestId("denyCidrs-error")).toHaveCount(0);
    await expect(admin.getByLabel("Allowed ports")).toHaveAttribute("aria-invalid", "true");
    await expect(admin.getByLabel("Allowed ports")).toHaveValue("25, smtp");
    await expect(admin.getByTestId("policy-message")).toHaveText("The policy was not saved: correct the fields marked below.");
    await admin.setViewportSize({ width: 1280, height: 900 });
    await admin.screenshot({ path: "test-results/policy-errors-1280.png", fullPage: true });

    // a valid narrowing: mail ports only, loopback still allowed
    await admin.getByLabel("Allowed ports").fill("25, 587");
    await admin.getByLabel("Allowed ranges").fill("127.0.0.0/8\n::1/128");
    await admin.getByRole("button", { name: "Save policy" }).click();
    await expect(admin.getByTestId("policy-message")).toHaveText("Saved as revision 1. The next check on every console instance uses it.");
    await admin.reload();
    await expect(admin.getByTestId("policy-source")).toContainText("In force: revision 1, saved by E2E Admin");
    await expect(admin.getByLabel("Allowed ports")).toHaveValue("25,587");
    await admin.screenshot({ path: "test-results/policy-1280.png", fullPage: true });
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.screenshot({ path: "test-results/policy-390.png", fullPage: true });
    await admin.setViewportSize({ width: 1280, height: 900 });

    // the helpdesk's next check runs under it: a new check, and "Check again" of the earlier one
    await helpdesk.goto("/diagnose?check=1");
    const host = helpdesk.getByLabel("Host, IP address or mail domain");
    await host.fill(`127.0.0.1:${mail.port}`);
    await helpdesk.getByRole("button", { name: "Run live check" }).click();
    await expect(helpdesk.getByText(`Refused by the probe target policy: this server does not run checks on port ${mail.port} (allowed: 25, 587). Ask an administrator if it should be allowed.`)).toBeVisible();
    await expect(helpdesk).toHaveURL(/\/diagnose/);
    await expect(helpdesk.getByRole("link", { name: "Probe policy" })).toHaveCount(0);
    await helpdesk.goto(firstCheck);
    await helpdesk.getByRole("button", { name: "Check again" }).click();
    await expect(helpdesk.getByTestId("refused-note")).toHaveText(/^Refused by the probe target policy: the check was not started\. This server no longer runs checks on this target's port\./);
    expect(new URL(helpdesk.url()).pathname).toBe(new URL(firstCheck).pathname);

    // the audit log: who, and the policy before and after
    await admin.goto("/admin/audit?action=policy.change");
    const row = admin.locator('[data-testid="audit-row"][data-action="policy.change"]').first();
    await expect(row).toContainText("E2E Admin");
    await expect(row).toContainText("→ probe target policy");
    await expect(row).toContainText('"before":{"source":"environment","allowCidrs":["127.0.0.0/8","::1/128"],"denyCidrs":[],"ports":"any"}');
    await expect(row).toContainText('"after":{"allowCidrs":["127.0.0.0/8","::1/128"],"denyCidrs":[],"ports":"25,587"}');
    // both refused attempts are on record too
    await admin.goto("/admin/audit?action=check.refused");
    // (other specs' refused checks are there too: count the helpdesk's, on the peer's port)
    const refusedRows = admin.locator('[data-testid="audit-row"][data-action="check.refused"]').filter({ hasText: "E2E Helpdesk" }).filter({ hasText: `"port":${mail.port}` });
    await expect(refusedRows).toHaveCount(2);
  } finally {
    await helpdesk.context().close();
    // the other specs need any port on loopback again
    await savePolicy(admin, "any");
    await admin.context().close();
  }
});

test("[POLICY] viewer, helpdesk and editor get neither the page nor the menu entry", async ({ browser }) => {
  for (const role of ["viewer", "helpdesk", "editor"] as const) {
    const page = await pageAs(browser, role);
    await page.goto("/diagnoses");
    await expect(page.getByRole("link", { name: "Probe policy" })).toHaveCount(0);
    const res = await page.goto("/admin/policy");
    expect(res?.status(), role).toBe(403);
    await expect(page.getByLabel("Allowed ports")).toHaveCount(0);
    await page.context().close();
  }
});
