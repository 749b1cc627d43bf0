import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startMailServer, type RunningPeer } from "@/tests/peers";
import { storageStateFor } from "./fixtures/staff";

// the editor writes; the second editor of the conflict is the admin (an admin is also an editor)
test.use({ storageState: storageStateFor("editor") });

/**
 * [KB-EDIT] Issue 12's acceptance in the browser: an editor adds a cause, creates an article with
 * a made-up reply text as its signature (errors beside fields, preview, publish), search finds it
 * first; a new check makes a live check against a loopback mail server name the new cause; a
 * second editor's stale save gets the conflict view; revert restores the text and search follows.
 * Leaves the knowledge base's checks as it found them (reverted at the end).
 */

const peers: RunningPeer[] = [];
test.afterAll(async () => {
  for (const p of peers.splice(0)) await p.close();
});

const CAUSE = "quokka-gateway-policy";
const SLUG = "quokka-gateway-554-relay-refused";
const REPLY = "554 5.7.0 Quokka gateway refused the message from this relay";
const TITLE = "Quokka mail gateway refuses relayed mail with 554 5.7.0";

async function editJson(page: Page, path: string, change: (doc: Record<string, unknown[]>) => void, message: string): Promise<void> {
  await page.goto(path);
  await page.getByRole("tab", { name: "JSON" }).click();
  const editor = page.getByLabel("The document as JSON (its file in a kb folder)");
  const doc = JSON.parse(await editor.inputValue()) as Record<string, unknown[]>;
  change(doc);
  await editor.fill(JSON.stringify(doc, null, 2));
  await page.getByLabel("What changed (revision message)").fill(message);
}

async function firstSearchResult(page: Page, q: string) {
  await page.goto(`/search?q=${encodeURIComponent(q)}`);
  return page.getByTestId("result").first();
}

test("[KB-EDIT] author a cause, an article with a new signature and a check; search and a live check use them; conflict; revert", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const peer = await startMailServer();
  peers.push(peer);

  // 1. a new shared cause (JSON mode of the causes document)
  await editJson(
    page,
    "/kb/doc/causes",
    (doc) => doc.causes!.push({ key: CAUSE, title: "Quokka mail gateway policy refuses the relay", description: "The Quokka gateway's relay policy refuses mail from this relay (an end-to-end test cause)." }),
    "Add the Quokka gateway cause",
  );
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("editor-status")).toContainText("Published as revision 2");

  // 2. a new article through the form; a missing field is reported beside it
  await page.goto("/kb/new");
  await page.locator("#f-slug").fill(SLUG);
  await page.locator("#f-title").fill(TITLE);
  await page.locator("#f-sourceFile").fill("quokka-gateway-relay-notes.txt");
  await page.locator("#f-sourceTitle").fill("Quokka gateway notes");
  await page.locator("#f-appliesTo-0").fill("exchange-2007");
  await page.locator("#f-symptoms-0-key").fill("quokka-554-ndr");
  await page.locator("#f-symptoms-0-description").fill("Senders get an NDR saying the Quokka gateway refused the message.");
  await page.locator("#f-symptoms-0-location").selectOption("ndr");
  await page.getByRole("button", { name: "Add signature" }).click();
  await page.locator("#f-symptoms-0-signatures-0-kind").selectOption("log-line");
  await page.locator("#f-symptoms-0-signatures-0-display").fill(REPLY);
  await page.locator("#f-causes-0-cause").fill(CAUSE);
  await page.locator("#f-causes-0-explanation").fill("The gateway's relay policy refuses this relay.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByTestId("editor-status")).toContainText("Not saved");
  await expect(page.locator("#f-summary-error")).toContainText(/at least 1|Too small/i);
  await expect(page.locator("#f-summary")).toHaveAttribute("aria-invalid", "true");
  await page.locator("#f-summary").fill(`Relayed mail is refused by the Quokka gateway with ${REPLY}.`);
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview (as the article page will show it)" });
  await expect(preview.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await expect(preview.getByRole("list", { name: "Identifying signatures" })).toContainText(REPLY);
  await page.getByRole("button", { name: "Check signatures" }).click();
  await expect(page.getByTestId("editor-status")).toContainText("All 1 signatures bring this article back first.");
  await page.getByLabel("What changed (revision message)").fill("New article: Quokka 554");
  await page.getByRole("button", { name: "Publish" }).click();
  // the refused save wrote nothing: the first revision is the publish
  await expect(page.getByTestId("editor-status")).toContainText("Published as revision 1");
  await expect(page).toHaveURL(new RegExp(`/kb/doc/article%3A${SLUG}$`));

  // search finds it first, at once
  await expect(await firstSearchResult(page, REPLY)).toContainText(TITLE);
  await page.goto(`/articles/${SLUG}`);
  await expect(page.getByTestId("last-changed")).toContainText("by E2E Editor");

  // 3. a check for the new cause, with the impact view before publishing
  await editJson(
    page,
    "/kb/doc/checks",
    (doc) =>
      doc.checks!.push({
        cause: CAUSE,
        symptom: "quokka-554-ndr",
        probe: "smtp.banner",
        findingId: "smtp.banner.clear",
        effect: "confirms",
        weight: 3,
        verdictStrength: "supporting",
        basis: { kind: "inferred", reason: "End-to-end test: the Quokka gateway answers with a readable banner." },
        explanation: "The banner is readable, as the Quokka gateway's is.",
      }),
    "Quokka check",
  );
  await page.getByRole("button", { name: "Impact on recent diagnoses" }).click();
  await expect(page.getByTestId("impact-view")).toContainText("diagnoses ranked again with this draft");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("editor-status")).toContainText("Published as revision 2");

  // the live check against a plain loopback mail server now names the new cause
  await page.goto("/diagnose?check=1");
  await page.getByLabel("Host, IP address or mail domain").fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(peer.port));
  await page.getByRole("button", { name: "Run live check" }).click();
  const result = page.getByTestId("check-result");
  await expect(result).toBeVisible({ timeout: 90_000 });
  const quokka = result.locator(`[data-cause="${CAUSE}"]`);
  await expect(quokka).toBeVisible();
  await expect(quokka).toContainText("Quokka mail gateway policy refuses the relay");

  // 4. two editors on the same article: the second, stale save gets the conflict view
  const editPath = `/kb/doc/article%3A${SLUG}`;
  const other = await browser.newContext({ storageState: storageStateFor("admin") });
  const second = await other.newPage();
  await page.goto(editPath);
  await second.goto(editPath);
  await page.locator("#f-title").fill(`${TITLE} (revised by the first editor)`);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("editor-status")).toContainText("Published as revision 2");
  await expect(await firstSearchResult(page, "revised by the first editor")).toContainText("(revised by the first editor)");
  await second.locator("#f-summary").fill("A second editor's summary, written at the same time.");
  await second.getByRole("button", { name: "Save draft" }).click();
  const conflict = second.getByTestId("conflict-view");
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("revision 2 was saved by E2E Editor");
  await expect(conflict).toContainText("(revised by the first editor)");
  await expect(conflict).toContainText("A second editor's summary");
  await expect(second.locator("#f-summary")).toHaveValue("A second editor's summary, written at the same time.");
  await other.close();

  // 5. revert to revision 1 restores the title, and search follows
  await page.goto(`${editPath}/history`);
  await expect(page.getByTestId("revision-3")).toContainText("conflict");
  await page.getByRole("button", { name: "Revert to revision 1" }).click();
  await expect(page.getByRole("status")).toContainText("Reverted");
  await page.goto(`/articles/${SLUG}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await page.goto(`/search?q=${encodeURIComponent("revised by the first editor")}`);
  await expect(page.getByTestId("result").filter({ hasText: "(revised by the first editor)" })).toHaveCount(0);
  await expect(await firstSearchResult(page, REPLY)).toContainText(TITLE);

  // diff between the revisions, word by word
  await page.goto(`${editPath}/history?a=1&b=2`);
  await expect(page.getByTestId("field-changes")).toContainText("title");
  await expect(page.getByTestId("field-changes").locator("ins")).toContainText("first editor");

  // leave the shipped checks as they were for the specs that follow
  await page.goto("/kb/doc/checks/history");
  await page.getByRole("button", { name: "Revert to revision 1" }).click();
  await expect(page.getByRole("status")).toContainText("Reverted");
});

test("[KB-EDIT] console export is the kb folder as a tar; console import validates every file (file and field named) and dry-runs", async ({ page, request }) => {
  const res = await request.get("/api/kb/export");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toMatch(/attachment; filename="relaydesk-kb-rev\d+\.tar"/);
  const dir = mkdtempSync(path.join(os.tmpdir(), "relaydesk-e2e-kb-"));
  try {
    writeFileSync(path.join(dir, "kb.tar"), await res.body());
    const listing = execFileSync("tar", ["-tf", path.join(dir, "kb.tar")], { encoding: "utf8" });
    expect(listing).toContain("kb/checks.json");
    expect(listing).toContain("kb/articles/cannot-send-or-receive-behind-cisco-pix-firewall.json");
    expect(listing).toContain("kb/schema/article.schema.json");
    execFileSync("tar", ["-xf", path.join(dir, "kb.tar"), "-C", dir]);
    const kb = path.join(dir, "kb");
    const checksFile = path.join(kb, "checks.json");
    const good = readFileSync(checksFile, "utf8");
    const checks = JSON.parse(good);
    checks.checks[1].weight = 9;
    writeFileSync(checksFile, JSON.stringify(checks, null, 2));

    await page.goto("/kb");
    await page.getByLabel("Folder (or JSON files)").setInputFiles(kb);
    await page.getByRole("button", { name: "Import" }).click();
    const result = page.getByTestId("import-result");
    await expect(result).toContainText("Nothing was changed: 1 problem(s)");
    await expect(result).toContainText("checks.json: checks.1.weight");

    const article = path.join(kb, "articles", "cannot-send-or-receive-behind-cisco-pix-firewall.json");
    writeFileSync(checksFile, good);
    const doc = JSON.parse(readFileSync(article, "utf8"));
    doc.summary = `${doc.summary} (dry-run marker)`;
    writeFileSync(article, JSON.stringify(doc, null, 2));
    await page.goto("/kb");
    await page.getByLabel("Folder (or JSON files)").setInputFiles(kb);
    await page.getByRole("button", { name: "Import" }).click();
    await expect(result).toContainText("Dry run: 1 document(s) would change. Nothing was written.");
    await expect(result).toContainText("articles/cannot-send-or-receive-behind-cisco-pix-firewall.json — changed");
    await expect(result.locator("ins")).toContainText("dry-run marker");
    // a dry run wrote nothing
    await page.goto("/articles/cannot-send-or-receive-behind-cisco-pix-firewall");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator("main")).not.toContainText("dry-run marker");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
