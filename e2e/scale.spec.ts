import { createServer } from "node:net";
import { expect, request, test, type BrowserContextOptions } from "@playwright/test";
import pg from "pg";
import { startMailServer, type RunningPeer } from "@/tests/peers";
import { startPrivateCluster, type PrivateCluster } from "../scripts/lib/pg-cluster.mjs";
import { migrateAndSeedDatabase, startInstance, type Instance } from "../scripts/lib/instances.mjs";

/**
 * [SCALE] Two console instances (`next start` of this build) on one private PostgreSQL cluster:
 * a knowledge-base revision committed while B serves searches is found by search on B within 1 s
 * (LISTEN/NOTIFY, not B's 2 s revision poll); a check started through A streams into a browser
 * attached to B; killing A mid-check leaves the diagnosis finished by B or could_not_test, never
 * running. Needs PostgreSQL (Debian's postgresql package): scripts/run-e2e.mjs leaves [SCALE] out,
 * saying so, where it is not installed, and fails with RELAYDESK_TEST_REQUIRE_POSTGRES=1 (CI).
 */

test.describe.configure({ mode: "serial" });

let cluster: PrivateCluster | null = null;
let a: Instance | null = null;
let b: Instance | null = null;
const peers: RunningPeer[] = [];

async function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Instance ports: RELAYDESK_E2E_SCALE_PORTS="3322,3323" (a developer's own range), else free ones. */
async function instancePorts(): Promise<[number, number]> {
  const given = process.env.RELAYDESK_E2E_SCALE_PORTS?.split(",").map(Number);
  if (given?.length === 2 && given.every((p) => Number.isInteger(p) && p > 0)) return [given[0]!, given[1]!];
  return [await ephemeralPort(), await ephemeralPort()];
}

/** The admin both instances create at start (no admin yet on the new database). */
const ADMIN = { email: "scale-admin@relaydesk.test", password: "scale-admin-password-1" };

const instanceEnv = {
  RELAYDESK_ADMIN_EMAIL: ADMIN.email,
  RELAYDESK_ADMIN_PASSWORD: ADMIN.password,
  RELAYDESK_ADMIN_NAME: "Scale Admin",
  RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8,::1/128",
  RELAYDESK_PROBE_PORTS: "any",
  // a dead instance's check is found after 5 missed beats: 2.5 s here instead of 10 s
  RELAYDESK_CHECK_HEARTBEAT_MS: "500",
};

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startPrivateCluster({ prefix: "relaydesk-e2e-scale-" });
  migrateAndSeedDatabase(cluster.url);
  const [portA, portB] = await instancePorts();
  [a, b] = await Promise.all([
    startInstance({ port: portA, databaseUrl: cluster.url, env: { ...instanceEnv, RELAYDESK_INSTANCE_NAME: "scale-a" }, name: "A" }),
    startInstance({ port: portB, databaseUrl: cluster.url, env: { ...instanceEnv, RELAYDESK_INSTANCE_NAME: "scale-b" }, name: "B" }),
  ]);
  // one session, signed in through A; the session lives in the shared database, so B accepts it
  // (cookies are per host, not per port: the same cookie reaches both instances)
  const ctx = await request.newContext({ baseURL: a.url, storageState: { cookies: [], origins: [] } });
  const res = await ctx.post("/api/auth/sign-in/email", { data: ADMIN, headers: { origin: a.url } });
  expect(res.status(), "sign-in on A").toBe(200);
  signedIn = await ctx.storageState();
  cookie = signedIn.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  await ctx.dispose();
});

let signedIn: Exclude<BrowserContextOptions["storageState"], string | undefined> = { cookies: [], origins: [] };
let cookie = "";
const signedInHeaders = () => ({ cookie });

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  for (const p of peers.splice(0)) await p.close();
  cluster?.stop();
});

async function lookupSlugs(instance: Instance, text: string): Promise<string[]> {
  const res = await fetch(`${instance.url}/api/lookup?text=${encodeURIComponent(text)}`, { headers: signedInHeaders() });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { articles: Array<{ slug: string }> };
  return body.articles.map((x) => x.slug);
}

test("[SCALE] both instances ready on one PostgreSQL database; health says so", async () => {
  for (const instance of [a!, b!]) {
    const res = await fetch(`${instance.url}/api/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as { ready: boolean; instance: string; database: { flavour: string; reachable: boolean }; migrations: { pending: string[] } };
    expect(health.ready).toBe(true);
    expect(health.database).toMatchObject({ flavour: "postgres", reachable: true });
    expect(health.migrations.pending).toEqual([]);
  }
});

test("[SCALE] a knowledge-base revision published while B serves searches is found by search on B within 1 s", async () => {
  const token = `zqxpublished${Date.now().toString(36)}`;
  // B has built its index and checked the revision just now, so its 2 s poll would not see the change in time
  expect(await lookupSlugs(b!, token)).toEqual([]);
  expect(await lookupSlugs(a!, token)).toEqual([]);
  const client = new pg.Client({ connectionString: cluster!.url });
  await client.connect();
  try {
    // what publishing a KB revision does: change the content and bump the revision, in one transaction
    await client.query("BEGIN");
    const { rows } = await client.query<{ slug: string }>(`UPDATE "Article" SET "summary" = "summary" || ' ' || $1 WHERE "position" = (SELECT min("position") FROM "Article") RETURNING "slug"`, [token]);
    await client.query(`UPDATE "KbRevision" SET "revision" = "revision" + 1, "updatedAt" = now() WHERE "id" = 1`);
    await client.query("COMMIT");
    const published = Date.now();
    const slug = rows[0]!.slug;
    let foundAfter = -1;
    while (Date.now() - published < 3_000) {
      if ((await lookupSlugs(b!, token)).includes(slug)) {
        foundAfter = Date.now() - published;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(`[SCALE] KB revision found by search on B after ${foundAfter} ms`);
    expect(foundAfter, "found on B").toBeGreaterThanOrEqual(0);
    expect(foundAfter).toBeLessThanOrEqual(1_000);
    expect(await lookupSlugs(a!, token)).toContain(slug);
  } finally {
    await client.end();
  }
});

async function startCheckThrough(page: import("@playwright/test").Page, instance: Instance, port: number): Promise<string> {
  await page.goto(`${instance.url}/diagnose`);
  await page.getByRole("link", { name: "Skip to a live check" }).click();
  await page.getByLabel("Host, IP address or mail domain").fill("127.0.0.1");
  await page.getByLabel("Port", { exact: true }).fill(String(port));
  await page.getByRole("button", { name: "Run live check" }).click();
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("[SCALE] a check started through A streams into a browser attached to B", async ({ browser }) => {
  test.setTimeout(90_000);
  // a slow greeting keeps the check running long enough to attach B while it runs
  const server = await startMailServer({ greetingDelayMs: 3_000 });
  peers.push(server);
  const pageA = await (await browser.newContext({ storageState: signedIn })).newPage();
  const id = await startCheckThrough(pageA, a!, server.port);
  const pageB = await (await browser.newContext({ storageState: signedIn })).newPage();
  await pageB.goto(`${b!.url}/d/${id}`);
  // B shows the check live (it runs on A or B, whichever fetched its job), then the result
  await expect(pageB.getByTestId("diagnosis-page")).toHaveAttribute("data-status", "running");
  await expect(pageB.getByTestId("live-progress")).toBeVisible();
  await expect(pageB.getByTestId("live-progress").getByTestId("transcript").first()).toContainText("220 ", { timeout: 20_000 });
  await expect(pageB.getByTestId("outcome")).toBeVisible({ timeout: 60_000 });
  const res = await fetch(`${b!.url}/api/diagnoses/${id}`, { headers: signedInHeaders() });
  const saved = (await res.json()) as { status?: string; outcome: string | null };
  expect(saved.outcome).not.toBeNull();
  // one JSON log line for the check, with its id, on the instance that ran it
  const lines = [...a!.logs, ...b!.logs].filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.filter((l) => l.event === "check" && l.checkId === id)).toHaveLength(1);
  expect(lines.some((l) => l.event === "request" && l.path === `/d/${id}`)).toBe(true);
});

test("[SCALE] killing A mid-check leaves the diagnosis finished by B or could_not_test, never running", async ({ browser }) => {
  test.setTimeout(90_000);
  const server = await startMailServer({ greetingDelayMs: 15_000 });
  peers.push(server);
  const pageA = await (await browser.newContext({ storageState: signedIn })).newPage();
  const id = await startCheckThrough(pageA, a!, server.port);
  const pageB = await (await browser.newContext({ storageState: signedIn })).newPage();
  await pageB.goto(`${b!.url}/d/${id}`);
  await expect(pageB.getByTestId("live-progress")).toBeVisible();
  // the instance that fetched the job runs it; the one that accepted it fetches first
  const ranOnA = async () => {
    const client = new pg.Client({ connectionString: cluster!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ instanceId: string }>(`SELECT "instanceId" FROM "LiveCheckRun" WHERE "diagnosisId" = $1`, [id]);
      return rows[0]?.instanceId ?? null;
    } finally {
      await client.end();
    }
  };
  await expect.poll(ranOnA, { timeout: 10_000 }).not.toBeNull();
  const runner = (await ranOnA())!;
  // instance ids start with RELAYDESK_INSTANCE_NAME (the pid the test spawned need not be the server process's)
  expect(runner).toMatch(/^scale-[ab]:/);
  const victim = runner.startsWith("scale-a:") ? a! : b!;
  const survivor = victim === a ? b! : a!;
  await pageA.close();
  await victim.kill();
  const killedAt = Date.now();
  const statusOn = async () => {
    const res = await fetch(`${survivor.url}/api/diagnoses/${id}`, { headers: signedInHeaders() });
    const body = (await res.json()) as { outcome: string | null; headline: string | null };
    return body;
  };
  await expect.poll(async () => (await statusOn()).outcome, { timeout: 30_000 }).not.toBeNull();
  const ended = await statusOn();
  console.log(`[SCALE] after killing the runner, the check ended as ${ended.outcome} in ${Date.now() - killedAt} ms: ${ended.headline}`);
  expect(["could_not_test", "problem_found", "no_documented_problem"]).toContain(ended.outcome);
  if (ended.outcome === "could_not_test") expect(ended.headline).toContain("console instance running the check stopped");
  const client = new pg.Client({ connectionString: cluster!.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string }>(`SELECT "status" FROM "Diagnosis" WHERE "id" = $1`, [id]);
    expect(rows[0]?.status).not.toBe("running");
  } finally {
    await client.end();
  }
  // the browser on the surviving instance sees the end too (if B was the one killed, it is gone)
  if (survivor === b) await expect(pageB.getByTestId("diagnosis-page")).not.toHaveAttribute("data-status", "running", { timeout: 15_000 });
});
