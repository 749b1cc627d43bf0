import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { startHostileServer, startMailServer, type RunningPeer } from "@/tests/peers";
import { bearer } from "./helpers/auth";

/**
 * [FLOW] Issue 10: a live check is a diagnosis page from its first second (reload keeps
 * streaming, cancel saves it), readable progress against a slow-greeting peer, Back after the
 * wizard, and the live-check form's errors. Peers are started by this file on loopback.
 */

const peers: RunningPeer[] = [];
test.afterAll(async () => {
  for (const p of peers.splice(0)) await p.close();
});

async function numberIn(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).first().innerText();
  return Number(/([\d.]+)/.exec(text)?.[1] ?? "NaN");
}

test("[FLOW] a check against a trickling greeting: a page at once, elapsed time and bytes advance, reload keeps streaming, Esc cancels, listed as cancelled", async ({ page }) => {
  test.setTimeout(90_000);
  const trickle = await startHostileServer("trickle", { delayMs: 300 });
  peers.push(trickle);
  await page.goto("/diagnose?check=1");
  await page.getByLabel("Host, IP address or mail domain").fill(`127.0.0.1:${trickle.port}`);
  await page.getByRole("button", { name: "Run live check" }).click();
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  const url = page.url();
  await expect(page.getByTestId("live-run")).toBeVisible();

  // each byte shows up within a second of arriving; elapsed time advances
  await expect(page.getByTestId("partial-bytes")).toBeVisible({ timeout: 5_000 });
  for (let i = 0; i < 3; i++) {
    const bytes = await numberIn(page, "partial-bytes");
    await expect.poll(() => numberIn(page, "partial-bytes"), { timeout: 1_000 }).toBeGreaterThan(bytes);
  }
  const elapsed = await numberIn(page, "overall-elapsed");
  await expect.poll(() => numberIn(page, "overall-elapsed"), { timeout: 1_000 }).toBeGreaterThan(elapsed);
  await expect(page.getByTestId("partial-text")).toContainText(/^2/);

  // reload: the same check keeps streaming, with its elapsed time carried over
  const beforeReload = await numberIn(page, "overall-elapsed");
  const bytesBeforeReload = await numberIn(page, "partial-bytes");
  await page.reload();
  await expect(page.getByTestId("live-run")).toBeVisible();
  await expect.poll(() => numberIn(page, "overall-elapsed"), { timeout: 3_000 }).toBeGreaterThan(beforeReload);
  await expect.poll(() => numberIn(page, "partial-bytes"), { timeout: 3_000 }).toBeGreaterThan(bytesBeforeReload);

  // Esc cancels; the page then shows what the check saw, marked cancelled
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("status-note")).toContainText("Cancelled", { timeout: 15_000 });
  await expect(page.getByTestId("check-result")).toBeVisible();
  await expect(page.getByRole("button", { name: "Check again" })).toBeVisible();

  await page.goto("/diagnoses");
  const row = page.getByTestId("diagnosis-row").filter({ has: page.locator(`a[href="${new URL(url).pathname}"]`) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Cancelled");
  await expect(row).toContainText("E2E Admin"); // the signed-in staff member who ran it
});

test("[FLOW] wizard → live check → result → article → Back shows the result again; Back/Forward through the wizard", async ({ page }) => {
  test.setTimeout(90_000);
  const clean = await startMailServer();
  peers.push(clean);
  await page.goto("/diagnose");
  await page.getByRole("link", { name: /^Mail stuck in a queue/ }).click();
  await expect(page).toHaveURL(/c=/);
  const firstPrompt = await page.getByTestId("question").getByRole("heading").innerText();
  await page.getByTestId("question").getByRole("link").first().click();
  await expect(page).toHaveURL(/a=/);
  await expect(page.getByTestId("count-change")).toContainText(/Your answer “/);
  // Back inside the wizard returns to the previous question, Forward to the answer
  await page.goBack();
  await expect(page.getByTestId("question").getByRole("heading")).toHaveText(firstPrompt);
  await page.goForward();
  await expect(page.getByTestId("question").getByRole("heading")).not.toHaveText(firstPrompt);

  await page.getByRole("link", { name: "Run a live check" }).click();
  await expect(page.getByLabel("Host, IP address or mail domain")).toBeFocused();
  await page.getByLabel("Host, IP address or mail domain").fill(`smtp://127.0.0.1:${clean.port}`);
  await page.getByRole("button", { name: "Run live check" }).click();
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  const result = page.getByTestId("check-result");
  await expect(result).toBeVisible({ timeout: 60_000 });
  const resultUrl = page.url();
  await result.getByTestId("ranked-article").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/articles\//);
  await page.goBack();
  await expect(page).toHaveURL(resultUrl);
  await expect(page.getByTestId("check-result")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Diagnosis of 127.0.0.1:${clean.port}`);
});

test("[FLOW] without JavaScript: wizard links, the live-check form, the running page reloading itself, the result", async ({ browser }) => {
  test.setTimeout(90_000);
  const clean = await startMailServer();
  peers.push(clean);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/diagnose");
  await page.getByRole("link", { name: /^Mail stuck in a queue/ }).click();
  await page.getByTestId("question").getByRole("link").first().click();
  await expect(page).toHaveURL(/a=/);
  await page.getByRole("link", { name: "Run a live check" }).click();
  await page.getByLabel("Host, IP address or mail domain").fill("bad host");
  await page.getByRole("button", { name: "Run live check" }).click();
  await expect(page.getByText(/is not a host name/)).toBeVisible();
  await expect(page.getByLabel("Host, IP address or mail domain")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Host, IP address or mail domain").fill(`127.0.0.1:${clean.port}`);
  await page.getByRole("button", { name: "Run live check" }).click();
  // (a browser keeps the form page's #fragment across the POST redirect)
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}(#.*)?$/);
  // the running page refreshes itself until the check has ended
  await expect(page.getByTestId("check-result")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("diagnosis-page")).toHaveAttribute("data-status", "done");
  await context.close();
});

test("[FLOW] the live-check form: errors beside their fields with focus on the first; a refused target saves nothing", async ({ page }) => {
  await page.goto("/diagnoses");
  const before = await page.getByTestId("diagnosis-row").count();
  await page.goto("/diagnose?check=1");
  const host = page.getByLabel("Host, IP address or mail domain");
  await host.fill("mail.example.com:99999");
  await page.getByRole("button", { name: "Run live check" }).click();
  await expect(host).toHaveAttribute("aria-invalid", "true");
  await expect(host).toBeFocused();
  await expect(page.getByText(/is not a port/)).toBeVisible();
  await expect(page.getByText(/^port: /)).toHaveCount(0);

  await host.fill("169.254.169.254");
  await page.getByRole("button", { name: "Run live check" }).click();
  await expect(page.getByText(/Refused by the probe target policy: this server does not run checks against 169\.254\.169\.254/)).toBeVisible();
  await expect(page.getByText(/RELAYDESK_/)).toHaveCount(0);
  await expect(host).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/diagnose/);
  await page.goto("/diagnoses");
  await expect(page.getByTestId("diagnosis-row")).toHaveCount(before);
});

test("[FLOW] 'check a host for this' from an article pre-selects the steps that test its causes", async ({ page }) => {
  await page.goto("/articles/mystery-of-the-failing-pop3-access-with-isa-2000");
  await page.getByRole("link", { name: /Check a host for this/ }).click();
  await expect(page).toHaveURL(/article=mystery-of-the-failing-pop3-access-with-isa-2000/);
  await expect(page.getByRole("checkbox", { name: /Repeated POP3 connects/ })).toBeChecked();
  await expect(page.getByLabel("Port", { exact: true })).toHaveValue("110");
  await expect(page.getByText(/smtp\.banner|pop3\.repeat/)).toHaveCount(0);
});

test("[FLOW] long pasted text is trimmed to what was recognised, with a notice, and kept in the URL", async ({ page }) => {
  await page.goto("/diagnose");
  const filler = Array.from({ length: 500 }, (_, i) => `Received: from relay${i}.example.net by gw.example.net; id ${i}`);
  filler.splice(250, 0, "Remote Server returned '451 4.7.3 Cannot achieve Exchange Server authentication'");
  await page.getByLabel(/An NDR, an SMTP log excerpt/).fill(filler.join("\n"));
  await page.getByRole("button", { name: "Start from this text" }).click();
  await expect(page).toHaveURL(/t=/);
  await expect(page.getByText(/was trimmed to the lines the knowledge base recognised/)).toBeVisible();
  await expect(page.getByTestId("pasted-text")).toContainText("451 4.7.3");
  await page.reload();
  await expect(page.getByText(/Started from/)).toContainText("pasted text");
  await page.getByRole("link", { name: "Run a live check" }).click();
  await expect(page.getByLabel("Host, IP address or mail domain")).toBeFocused();
});

test("[FLOW] the symptoms page can be filtered by words and by where the symptom shows up (no JavaScript needed)", async ({ page }) => {
  await page.goto("/symptoms");
  const all = await page.getByRole("listitem").filter({ has: page.locator("p") }).count();
  await page.getByLabel("Words in the symptom or article").fill("0x800CCC79");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=0x800CCC79/);
  await expect(page.getByRole("status")).toContainText(/match/);
  const some = await page.getByRole("listitem").filter({ has: page.locator("p") }).count();
  expect(some).toBeGreaterThan(0);
  expect(some).toBeLessThan(all);
  await expect(page.locator("main p.line-clamp-3").first()).toContainText(/0x800CCC79/i);
});

async function axeSerious(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}

test("[FLOW] every route at 390 and 1280 px: no horizontal page scroll, navigation reachable, live-check button tappable, no serious axe violations", async ({ browser, request }) => {
  test.setTimeout(240_000);
  const clean = await startMailServer();
  peers.push(clean);
  const res = await request.post("/api/diagnoses", { data: { host: "127.0.0.1", port: clean.port, steps: ["banner", "ehlo"] }, headers: bearer() });
  expect(res.status()).toBe(201);
  const { url: result } = (await res.json()) as { url: string };
  const path = new URL(result, "http://x").pathname;
  const routes = [
    "/",
    "/search?q=0x800CCC79",
    "/products",
    "/symptoms",
    "/articles/cannot-send-or-receive-behind-cisco-pix-firewall",
    "/diagnose",
    "/diagnose?c=duplicate-inbound-messages&check=1",
    path,
    "/diagnoses",
  ];
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    const context = await browser.newContext({ viewport, hasTouch: viewport.width < 400, isMobile: viewport.width < 400 });
    const page = await context.newPage();
    for (const route of routes) {
      await page.goto(route);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth, `${route} at ${viewport.width}px`).toBeLessThanOrEqual(innerWidth);
      // the navigation: inline at desktop width, behind the Menu at phone width
      if (viewport.width < 400) {
        const menu = page.getByTestId("nav-menu").locator("summary");
        await menu.tap();
        await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Diagnoses" })).toBeVisible();
        await menu.tap();
      } else {
        await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Diagnoses" })).toBeVisible();
      }
      expect(await axeSerious(page), `${route} at ${viewport.width}px`).toEqual([]);
    }
    // the live-check button can be tapped
    await page.goto("/diagnose?c=duplicate-inbound-messages");
    if (viewport.width < 400) await page.getByRole("link", { name: "Run a live check" }).tap();
    else await page.getByRole("link", { name: "Run a live check" }).click();
    await expect(page.getByRole("button", { name: "Run live check" })).toBeVisible();
    const box = await page.getByRole("button", { name: "Run live check" }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await context.close();
  }
});
