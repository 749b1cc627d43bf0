import AxeBuilder from "@axe-core/playwright";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startMailServer, startMailguardFront, type RunningPeer } from "@/tests/peers";
import { buildDiagnosis, type BuildInput } from "@/lib/diagnosis/build";
import { consoleVantage } from "@/lib/diagnosis/outcome";
import type { VantagePoint } from "@/lib/diagnosis/record";
import { runCheck } from "@/lib/diagnosis/run-check";
import { DEFAULT_STEPS } from "@/lib/diagnosis/steps";
import { createTargetPolicy } from "@/lib/probes/policy";
import { modelFromSeed } from "@/tests/diagnosis/seed-model";

/**
 * [VANTAGE] A check run from two vantage points, side by side (issue 14, part B): the probe engine
 * runs here against a clean loopback mail server ("inside") and the Mailguard emulator in front of
 * it ("outside-eu"); the record is built with the shipped knowledge model, saved in the e2e
 * database, and /d/ID shows the comparison above one column per point (stacked on a phone).
 * Screenshots at 1280 and 390 px land in test-results/vantage-*.png.
 */

const peers: RunningPeer[] = [];
test.afterAll(async () => {
  for (const p of peers.splice(0)) await p.close();
});

const root = path.resolve(import.meta.dirname, "..");
const steps = [...DEFAULT_STEPS];
const runtime = { policy: createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" }) };

function input(results: BuildInput["results"], vantagePoints?: VantagePoint[]): BuildInput {
  return {
    model: modelFromSeed(),
    host: "mail.example.test",
    port: 25,
    start: { kind: "none" },
    answers: [],
    steps,
    mx: false,
    recipient: null,
    results,
    ended: "completed",
    deadlineMs: 30_000,
    createdBy: "E2E Helpdesk",
    previousId: null,
    ranFrom: consoleVantage("relaydesk-e2e"),
    ...(vantagePoints ? { vantagePoints } : {}),
  };
}

async function pointAt(name: string, address: string, target: RunningPeer): Promise<VantagePoint> {
  const run = await runCheck({ host: target.host, port: target.port, steps, deadlineMs: 30_000 }, { runtime });
  const own = buildDiagnosis(input(run.results));
  return { name, kind: "agent", address, outcome: own.conclusion!.outcome, reason: null, ended: run.ended, results: run.results, findings: own.findings };
}

/** The saved record's id and a public link's secret for it. */
function save(content: unknown): [id: string, secret: string] {
  return execFileSync(process.execPath, ["--import", "tsx", path.join(root, "e2e", "helpers", "save-diagnosis.ts")], {
    cwd: root,
    input: JSON.stringify(content),
    env: { ...process.env, DATABASE_URL: process.env.RELAYDESK_E2E_DATABASE_URL || `file:${path.join(root, "data", "e2e.db")}` },
    encoding: "utf8",
  })
    .trim()
    .split(" ") as [string, string];
}

test("[VANTAGE] two vantage points side by side: the comparison names the PIX, each point's column shows its own banner", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  const server = await startMailServer();
  const mailguard = await startMailguardFront({ host: server.host, port: server.port }, { bannerStyle: "masked-5.1" });
  peers.push(mailguard, server);
  const inside = await pointAt("inside", "10.20.0.15", server);
  const outside = await pointAt("outside-eu", "198.51.100.7", mailguard);
  const [id, secret] = save(buildDiagnosis(input(inside.results, [inside, outside])));

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/d/${id}`);
    await expect(page.getByTestId("outcome")).toHaveAttribute("data-outcome", "problem_found");
    await expect(page.getByTestId("headline")).toContainText("Cisco PIX firewall Mailguard blocks ESMTP commands (SMTP banner readable from inside, masked with asterisks from outside-eu)");
    await expect(page.getByTestId("ran-from")).toContainText("inside (probe agent, 10.20.0.15): no documented problem; outside-eu (probe agent, 198.51.100.7): problem found");
    const comparison = page.getByTestId("comparison-finding").first();
    await expect(comparison).toHaveAttribute("data-finding", "compare.banner.masked-on-one-side");
    await expect(comparison.getByTestId("basis").first()).toContainText("From a workstation on the Internet, open a Telnet session to the IP address of the MX record on port 25.");
    const columns = page.getByTestId("vantage-point");
    await expect(columns).toHaveCount(2);
    const insideCol = page.locator('[data-testid="vantage-point"][data-vantage="inside"]');
    const outsideCol = page.locator('[data-testid="vantage-point"][data-vantage="outside-eu"]');
    await expect(insideCol.getByRole("heading", { name: "Vantage point inside" })).toBeVisible();
    await expect(insideCol).toHaveAttribute("data-outcome", "no_documented_problem");
    await expect(outsideCol).toHaveAttribute("data-outcome", "problem_found");
    await expect(insideCol.getByRole("log", { name: "Transcript from inside" })).toContainText("220 relaydesk-test.local ESMTP");
    await expect(outsideCol.getByRole("log", { name: "Transcript from outside-eu" })).toContainText("220 ****");
    await expect(page.getByTestId("ranked-cause").first()).toHaveAttribute("data-cause", "cisco-pix-mailguard");
    await expect(page.getByTestId("ranked-article").first()).toContainText("Cannot send or receive e-mail messages behind a Cisco PIX firewall");
    const a = await insideCol.boundingBox();
    const b = await outsideCol.boundingBox();
    if (width >= 1024) expect(Math.abs(a!.y - b!.y)).toBeLessThan(2); // side by side
    else expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1); // stacked
    // nothing wider than the phone's screen
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByTestId("vantage-points").screenshot({ path: path.join(root, "test-results", `vantage-${width}.png`) });
    await page.screenshot({ path: path.join(root, "test-results", `vantage-page-${width}.png`), fullPage: true });
  }
  const axe = await new AxeBuilder({ page }).include('[data-testid="vantage-points"]').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // the public link (signed out) shows the same side-by-side view
  const signedOut = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const pub = await signedOut.newPage();
  await pub.goto(`/p/${secret}`);
  await expect(pub.getByTestId("public-diagnosis")).toBeVisible();
  await expect(pub.getByTestId("vantage-point")).toHaveCount(2);
  await expect(pub.getByTestId("comparison-finding").first()).toHaveAttribute("data-finding", "compare.banner.masked-on-one-side");
  await signedOut.close();
});
