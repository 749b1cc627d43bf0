import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import {
  startDroppingFront,
  startIsaTlsResetProxy,
  startMailServer,
  startMailguardFront,
  startPop3Server,
  type RunningPeer,
} from "@/tests/peers";
import { startSwitchableFront, type SwitchableFront } from "./helpers/switchable-front";
import { bearer } from "./helpers/auth";
import { storageStateFor } from "./fixtures/staff";

/**
 * [DIAGNOSIS] The wizard, the live check streamed into the browser, evidence ranking, share links
 * and "check again", against emulator peers this file starts on loopback ephemeral ports (the
 * app server may probe loopback: see playwright.config.ts webServer env).
 */

const peers: Array<RunningPeer | SwitchableFront> = [];

test.afterAll(async () => {
  for (const p of peers.splice(0)) await p.close();
});

/** Which answer to give to each question the wizard may ask; anything else gets "not sure". */
type Answers = Record<string, RegExp>;

async function answerQuestions(page: Page, answers: Answers, count: number): Promise<string[]> {
  const asked: string[] = [];
  for (let i = 0; i < count; i++) {
    const question = page.getByTestId("question");
    const prompt = (await question.getByRole("heading").innerText()).trim();
    asked.push(prompt);
    const wanted = Object.entries(answers).find(([p]) => prompt.includes(p))?.[1] ?? /not sure/i;
    const before = await page.getByTestId("candidate-count").innerText();
    expect(before).toMatch(/candidate cause/);
    await question.getByRole("link", { name: wanted }).first().click();
    await expect(question.getByRole("heading")).not.toHaveText(prompt);
  }
  return asked;
}

async function expectNoSeriousA11yViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`), what).toEqual([]);
}

async function runLiveCheck(page: Page, target: { port: number }, options: { splitData?: boolean } = {}) {
  await page.getByRole("link", { name: "Run a live check" }).click();
  await expect(page.getByLabel("Host, IP address or mail domain")).toBeFocused();
  await page.getByLabel("Host, IP address or mail domain").fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(target.port));
  if (options.splitData) await page.getByRole("checkbox", { name: /Split end-of-data test/ }).check();
  await page.getByRole("button", { name: "Run live check" }).click();
}

test("[DIAGNOSIS] duplicate inbound messages: wizard, live check against Mailguard, PIX article first, share link, check again after the fix", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const clean = await startMailServer();
  const mailguard = await startMailguardFront({ host: clean.host, port: clean.port });
  const front = await startSwitchableFront({ host: mailguard.host, port: mailguard.port });
  peers.push(front, mailguard, clean);

  await page.goto("/diagnose");
  await expectNoSeriousA11yViolations(page, "wizard start");
  await page.getByRole("link", { name: /^Duplicate inbound messages/ }).click();
  await expect(page.getByTestId("candidate-count")).toHaveText("2 candidate causes remain");
  await expect(page.getByTestId("wizard-articles")).toContainText(/Duplicate Inbound|Cisco PIX/i);
  await expectNoSeriousA11yViolations(page, "wizard question");
  const asked = await answerQuestions(
    page,
    {
      "every time, or only now and then": /^In runs that go on for hours/,
      "What sits between": /^A Cisco PIX firewall/,
      "Is Mailguard turned on": /^Yes: fixup protocol smtp 25/,
      "Which mail flow": /^Inbound, from the Internet/,
      "Where does the symptom appear": /recipients' mailboxes/,
    },
    2,
  );
  expect(asked).toHaveLength(2);

  await runLiveCheck(page, front, { splitData: true });
  // live: the masked banner shows up while the split end-of-data test is still waiting
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  await expect(page.getByRole("button", { name: /^Cancel/ })).toBeVisible();
  await expect(page.getByTestId("live-progress").getByTestId("transcript").first()).toContainText(/220 \*{5,}/);
  await expect(page.getByTestId("live-progress")).toContainText(/split data|connect|banner/);

  const result = page.getByTestId("check-result");
  await expect(result).toBeVisible({ timeout: 60_000 });
  const firstArticle = result.getByTestId("ranked-article").first();
  await expect(firstArticle).toContainText("Cisco PIX");
  await expect(result.getByTestId("outcome")).toHaveAttribute("data-outcome", "problem_found");
  await expect(result.getByTestId("headline")).toContainText("Problem found on 127.0.0.1");
  const firstCause = result.getByTestId("ranked-cause").first();
  await expect(firstCause).toHaveAttribute("data-cause", "cisco-pix-mailguard");
  await expect(firstCause.getByTestId("verdict")).toHaveText("Confirmed");
  // the fix beside the cause, with the warning that travels with it
  await expect(firstCause.getByTestId("fix")).toContainText("no fixup protocol smtp 25");
  await expect(firstCause.getByTestId("fix").getByRole("note", { name: "Important" }).first()).toContainText("lower security");
  await expect(firstCause.getByTestId("rank-explanation")).toContainText(/^first because: SMTP banner masked with asterisks \(strong\)/);
  await expect(firstCause.getByTestId("rank-explanation")).toContainText("against: none");
  const bannerEvidence = firstCause.getByTestId("evidence-line").filter({ hasText: "SMTP banner masked with asterisks" });
  await expect(bannerEvidence).toContainText(/220 \*{5,}/);
  await expect(bannerEvidence.getByTestId("kb-text")).toContainText(/asterisks/i);
  // the duplicate-message bug itself: the split terminator was lost
  await expect(result.locator('[data-cause="cisco-pix-mailguard-split-terminator"]')).toContainText("End of data lost when CRLF.CRLF is split");
  await expect(result.getByTestId("transcript").first()).toContainText("C:");
  await expectNoSeriousA11yViolations(page, "live check results");

  // ticket text and JSON download
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy as ticket text" }).click();
  await expect(page.getByText("Ticket text copied to the clipboard.")).toBeVisible();
  const ticket = await page.evaluate(() => navigator.clipboard.readText());
  expect(ticket).toContain("first because: SMTP banner masked with asterisks (strong)");
  expect(ticket).toContain("no fixup protocol smtp 25");
  expect(ticket).toMatch(/S: 220 \*+/);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download JSON" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^relaydesk-diagnosis-[A-Za-z0-9_-]{22}\.json$/);

  // the share link opened by a helpdesk colleague shows the same, read-only
  const shareUrl = new URL(page.url()).pathname;
  expect(shareUrl).toMatch(/^\/d\/[A-Za-z0-9_-]{22}$/);
  const other = await browser.newContext({ storageState: storageStateFor("helpdesk") });
  const colleague = await other.newPage();
  await colleague.goto(shareUrl!);
  await expect(colleague.getByRole("heading", { level: 1 })).toHaveText(`Diagnosis of 127.0.0.1:${front.port}`);
  await expect(colleague.getByTestId("ranked-article").first()).toContainText("Cisco PIX");
  await expect(colleague.getByTestId("ranked-cause").first().getByTestId("rank-explanation")).toContainText(
    /^first because: SMTP banner masked with asterisks \(strong\)/,
  );
  await expect(colleague.getByText("E2E Admin")).toBeVisible();
  await expect(colleague.getByRole("textbox")).toHaveCount(0); // read-only: no form to edit what was seen
  await expectNoSeriousA11yViolations(colleague, "share page");

  // `no fixup protocol smtp 25`: the clean server now answers on the same host and port
  front.switchTo({ host: clean.host, port: clean.port });
  await colleague.getByRole("button", { name: "Check again" }).click();
  await expect(colleague).not.toHaveURL(shareUrl!, { timeout: 60_000 });
  await expect(colleague).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  const diff = colleague.getByTestId("diff");
  await expect(diff).toContainText("No longer seen: SMTP banner masked with asterisks");
  await expect(diff).toContainText("No longer seen: EHLO rejected");
  await expect(diff).toContainText("Now seen: EHLO accepted");
  await expect(diff).toContainText("Outcome: Problem found → No documented problem");
  // Mailguard is seen only from a workstation on the internet: a clean banner from here does not refute it
  await expect(diff).toContainText(/Mailguard.*Confirmed → (Refuted|No evidence)/);
  await expect(diff.getByRole("row", { name: /Banner/ })).toContainText("220 relaydesk-test.local ESMTP ready");
  await expect(diff.getByRole("link", { name: shareUrl! })).toBeVisible();
  await expectNoSeriousA11yViolations(colleague, "re-check page");
  await other.close();
});

test("[DIAGNOSIS] reset after TLS through ISA 2006 / TMG 2010 leads to the GracefulPassthroughServerShutdown article", async ({ page }) => {
  test.setTimeout(90_000);
  const clean = await startMailServer();
  const isa = await startIsaTlsResetProxy({ host: clean.host, port: clean.port });
  peers.push(isa, clean);

  await page.goto("/diagnose");
  await page.getByRole("link", { name: /^Connection resets or time-outs/ }).click();
  await answerQuestions(
    page,
    {
      "What sits between": /^ISA Server 2006 or Forefront TMG 2010/,
      "Is TLS (STARTTLS) used": /^Yes$/,
      "every time, or only now and then": /^Every time$/,
      "Which mail flow": /^Outbound/,
    },
    2,
  );
  await runLiveCheck(page, isa);
  const result = page.getByTestId("check-result");
  await expect(result).toBeVisible({ timeout: 60_000 });
  const top = result.getByTestId("ranked-cause").first();
  await expect(top).toHaveAttribute("data-cause", "isa-tmg-smtp-filter-tls-reset");
  // the close test's evidence line sits beside the KB's description of the reset
  const closeEvidence = top.getByTestId("evidence-line").filter({ hasText: /Connection reset after a TLS session ends/ });
  await expect(closeEvidence).toHaveCount(1);
  await expect(closeEvidence.getByTestId("kb-text")).toContainText("resets the connection to the SMTP client");
  const first = result.getByTestId("ranked-article").first();
  await expect(first).toContainText(/ISA Server 2006|Forefront TMG/);
  await first.getByRole("link").click();
  await expect(page.getByText("GracefulPassthroughServerShutdown").first()).toBeVisible();
});

test("[DIAGNOSIS] a POP3 connect loop through a dropping front leads to MinTickBeforePortReuse", async ({ page }) => {
  test.setTimeout(90_000);
  const pop3 = await startPop3Server();
  const dropping = await startDroppingFront({ host: pop3.host, port: pop3.port }, { dropEvery: 5 });
  peers.push(dropping, pop3);

  await page.goto("/diagnose");
  await page.getByRole("link", { name: /^Connection resets or time-outs/ }).click();
  await answerQuestions(
    page,
    {
      "What sits between": /^ISA Server 2000 with the Firewall client/,
      "Which mail flow": /^Clients fetching mail \(POP3\)/,
      "every time, or only now and then": /^Intermittently/,
      "Which of these errors": /WSAETIMEDOUT 10060/,
      "Where does the symptom appear": /^In the mail client/,
    },
    2,
  );
  await page.getByRole("link", { name: "Run a live check" }).click();
  // the knowledge model's checks for the remaining causes make this a POP3 loop on port 110
  await expect(page.getByRole("checkbox", { name: /Repeated POP3 connects/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /EHLO and ESMTP extensions/ })).not.toBeChecked();
  await expect(page.getByLabel("Port", { exact: true })).toHaveValue("110");
  await page.getByLabel("Host, IP address or mail domain").fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(dropping.port));
  await page.getByRole("button", { name: "Run live check" }).click();
  // the running tally of the connect loop ("13 of 20 attempts, 10 answered, 3 timed out")
  await expect(page.getByTestId("loop-tally")).toContainText(/\d+ of 20 attempts/, { timeout: 15_000 });
  const result = page.getByTestId("check-result");
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result.getByTestId("ranked-cause").first()).toHaveAttribute("data-cause", "isa-2000-fwsrv-port-reuse");
  const first = result.getByTestId("ranked-article").first();
  await expect(first).toContainText("The Mystery of the failing POP3 Access with ISA 2000");
  await first.getByRole("link").click();
  await expect(page.getByText("MinTickBeforePortReuse").first()).toBeVisible();
});

/** Runs the default check through the JSON API and opens the saved result (/d/ID). */
async function diagnoseViaApi(page: Page, body: Record<string, unknown>): Promise<{ id: string; outcome: string }> {
  const res = await page.request.post("/api/diagnoses", { data: { host: "127.0.0.1", createdBy: "E2E Helpdesk", ...body }, headers: bearer() });
  expect(res.status()).toBe(201);
  const json = (await res.json()) as { id: string; url: string; outcome: string };
  await page.goto(new URL(json.url).pathname);
  return json;
}

async function copiedTicket(page: Page): Promise<string> {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy as ticket text" }).click();
  await expect(page.getByText("Ticket text copied to the clipboard.")).toBeVisible();
  return page.evaluate(() => navigator.clipboard.readText());
}

const FIXES: Array<{ name: string; cause: string; start: () => Promise<{ port: number }>; steps?: string[]; fix: string[] }> = [
  {
    name: "PIX Mailguard: no fixup protocol smtp 25",
    cause: "cisco-pix-mailguard",
    start: async () => {
      const clean = await startMailServer();
      const mailguard = await startMailguardFront({ host: clean.host, port: clean.port });
      peers.push(mailguard, clean);
      return mailguard;
    },
    fix: ["no fixup protocol smtp 25"],
  },
  {
    name: "ISA 2000 POP3 drops: MinTickBeforePortReuse 240000",
    cause: "isa-2000-fwsrv-port-reuse",
    start: async () => {
      const pop3 = await startPop3Server();
      const dropping = await startDroppingFront({ host: pop3.host, port: pop3.port }, { dropEvery: 5 });
      peers.push(dropping, pop3);
      return dropping;
    },
    steps: ["pop3_loop"],
    fix: ["MinTickBeforePortReuse", "240000"],
  },
  {
    name: "ISA 2006 / TMG 2010 reset after TLS: GracefulPassthroughServerShutdown",
    cause: "isa-tmg-smtp-filter-tls-reset",
    start: async () => {
      const clean = await startMailServer();
      const isa = await startIsaTlsResetProxy({ host: clean.host, port: clean.port });
      peers.push(isa, clean);
      return isa;
    },
    fix: ["GracefulPassthroughServerShutdown"],
  },
];

for (const f of FIXES) {
  test(`[DIAGNOSIS] the fix beside the confirmed cause and in the ticket text: ${f.name}`, async ({ page }) => {
    test.setTimeout(90_000);
    const target = await f.start();
    const { outcome } = await diagnoseViaApi(page, { port: target.port, ...(f.steps ? { steps: f.steps } : {}) });
    expect(outcome).toBe("problem_found");
    await expect(page.getByTestId("outcome")).toHaveAttribute("data-outcome", "problem_found");
    const cause = page.getByTestId("ranked-cause").first();
    await expect(cause).toHaveAttribute("data-cause", f.cause);
    await expect(cause.getByTestId("verdict")).toHaveText("Confirmed");
    const fix = cause.getByTestId("fix");
    for (const text of f.fix) await expect(fix).toContainText(text);
    // every evidence line says what it rests on
    const lines = cause.getByTestId("evidence-line");
    expect(await lines.count()).toBeGreaterThan(0);
    await expect(lines.first().getByTestId("basis")).toContainText(/^(documented|inferred):/);
    const ticket = await copiedTicket(page);
    expect(ticket).toContain("OUTCOME: PROBLEM FOUND");
    for (const text of f.fix) expect(ticket).toContain(text);
    await expectNoSeriousA11yViolations(page, `result with the fix (${f.cause})`);
  });
}

test("[DIAGNOSIS] a refused port is 'could not test' and names no device; a step not run can be run with one click", async ({ page }) => {
  test.setTimeout(90_000);
  const clean = await startMailServer();
  const port = clean.port;
  await clean.close();
  const { outcome } = await diagnoseViaApi(page, { port });
  expect(outcome).toBe("could_not_test");
  await expect(page.getByTestId("headline")).toContainText(`Could not test 127.0.0.1:${port}: the TCP connection could not be established`);
  await expect(page.getByTestId("ranked-cause").filter({ has: page.locator('[data-verdict="confirmed"]') })).toHaveCount(0);

  // Mailguard: the split end-of-data test was not run; "run it" runs it as a linked diagnosis
  const server = await startMailServer();
  const mailguard = await startMailguardFront({ host: server.host, port: server.port });
  peers.push(mailguard, server);
  await diagnoseViaApi(page, { port: mailguard.port });
  const split = page.locator('[data-cause="cisco-pix-mailguard-split-terminator"]');
  await page.getByTestId("other-causes").locator("> summary").click();
  await expect(split).toHaveAttribute("data-verdict", "not_tested");
  const before = page.url();
  await split.getByRole("button", { name: /^Run it: Split end-of-data test/ }).click();
  await expect(page).not.toHaveURL(before, { timeout: 60_000 });
  await expect(page.locator('[data-cause="cisco-pix-mailguard-split-terminator"]')).toHaveAttribute("data-verdict", "confirmed");
  await expect(page.getByTestId("diff")).toBeVisible();
});

test("[DIAGNOSIS] the wizard is keyboard-operable and can be stepped back", async ({ page }) => {
  await page.goto("/diagnose");
  const category = page.getByRole("link", { name: /^Mail stuck in a queue/ });
  await category.focus();
  await page.keyboard.press("Enter");
  const heading = page.getByTestId("question").getByRole("heading");
  await expect(heading).toBeFocused();
  const firstPrompt = await heading.innerText();
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("question").getByRole("link").first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(heading).not.toHaveText(firstPrompt);
  await expect(heading).toBeFocused();
  await page.getByRole("link", { name: /^Back/ }).focus();
  await page.keyboard.press("Enter");
  await expect(heading).toHaveText(firstPrompt);
  // the state is in the URL: a reload keeps it
  await page.reload();
  await expect(page.getByTestId("question").getByRole("heading")).toHaveText(firstPrompt);
});

test("[DIAGNOSIS] the wizard can start from pasted text", async ({ page }) => {
  await page.goto("/diagnose");
  await page.getByLabel(/An NDR, an SMTP log excerpt/).fill("ISA log: result code 0x80074e24 FWX_E_CONNECTION_KILLED for the SMTP client");
  await page.getByRole("button", { name: "Start from this text" }).click();
  await expect(page.getByText(/Started from/)).toContainText("pasted text matching");
  await expect(page.getByTestId("wizard-articles").getByRole("link").first()).toContainText(/ISA Server 2006|Forefront TMG/);
  await expect(page.getByTestId("wizard-cause").first()).toContainText("ISA Server 2006 / Forefront TMG 2010");
  await expect(page.getByTestId("candidate-count")).toContainText(/candidate cause/);
});

test("[DIAGNOSIS] recent diagnoses can be filtered by host; unknown share ids are a 404", async ({ page, request }) => {
  const clean = await startMailServer();
  peers.push(clean);
  const res = await request.post("/api/diagnoses", { data: { host: "127.0.0.1", port: clean.port, steps: ["banner", "ehlo"] }, headers: bearer() });
  expect(res.status()).toBe(201);
  const body = (await res.json()) as { id: string; url: string; causes: unknown[]; findings: Array<{ id: string }> };
  expect(body.findings.map((f) => f.id)).toContain("smtp.ehlo.accepted");
  const got = await request.get(`/api/diagnoses/${body.id}`);
  expect(((await got.json()) as { id: string }).id).toBe(body.id);

  await page.goto("/diagnoses");
  await page.getByLabel("Host contains").fill("127.0.0.1");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/host=127\.0\.0\.1/);
  await expect(page.getByTestId("diagnosis-row").first()).toContainText("127.0.0.1");
  await expectNoSeriousA11yViolations(page, "recent diagnoses");
  await page.goto("/diagnoses?host=no-such-host.example");
  await expect(page.getByText(/No diagnoses for hosts containing/)).toBeVisible();
  const missing = await page.goto("/d/AAAAAAAAAAAAAAAAAAAAAA");
  expect(missing?.status()).toBe(404);
});
