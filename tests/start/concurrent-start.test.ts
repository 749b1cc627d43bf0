/**
 * Guards issue 8 item 3: two `npm start` at once in one checkout without a build (each with its
 * own PORT and DATABASE_URL) both come up. Before the lock (scripts/lib/prepare-lock.mjs) the
 * second stopped with "Another next build process is already running" and "relaydesk: build
 * failed (exit 1)". Runs in a copy of the checkout (node_modules hard-linked) so the real build
 * under test is not this checkout's .next; one `next build` makes this test take about a minute.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";

const ROOT = path.resolve(import.meta.dirname, "../..");
/** What the copy needs: the sources and configuration, not builds, databases or test output. */
const SKIP = new Set(["node_modules", ".next", "dist", "data", "test-results", "playwright-report", ".git", ".relaydesk-prepare.lock"]);

const tmp = mkdtempSync(path.join(os.tmpdir(), "relaydesk-two-starts-"));
const checkout = path.join(tmp, "relaydesk");
const children: ChildProcess[] = [];

after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  rmSync(tmp, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function healthy(port: number, deadline: number): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nothing answered on port ${port}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test("two npm start at once in one checkout without a build: both serve, one builds, the other waits and reuses it", { timeout: 600_000 }, async () => {
  cpSync(ROOT, checkout, { recursive: true, filter: (src) => !SKIP.has(path.relative(ROOT, src).split(path.sep)[0]!) });
  // hard links: a copy of node_modules in seconds; Turbopack refuses a node_modules symlinked from outside the project
  const linked = spawnSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(checkout, "node_modules")]);
  assert.equal(linked.status, 0, String(linked.stderr));
  assert.ok(!readdirSync(checkout).includes(".next"));

  const ports = [await freePort(), await freePort()];
  const logs = ["", ""];
  ports.forEach((port, i) => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: checkout,
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: `file:${path.join(tmp, `start-${i}.db`)}`,
        NODE_ENV: "production",
        // the first-run bootstrap for automated deployments (issue 11): an admin to read the API with
        RELAYDESK_ADMIN_EMAIL: `admin${i}@relaydesk.test`,
        RELAYDESK_ADMIN_PASSWORD: "two-starts-password",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (d: Buffer) => (logs[i] += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (logs[i] += d.toString()));
    children.push(child);
  });

  const deadline = Date.now() + 540_000;
  try {
    await Promise.all(ports.map((port) => healthy(port, deadline)));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- first:\n${logs[0]}\n--- second:\n${logs[1]}`);
  }
  const all = logs.join("\n");
  assert.doesNotMatch(all, /Another next build process is already running|build failed/);
  // exactly one of them built; the other waited for it and found the build current
  const built = logs.map((l) => /relaydesk: build done in/.test(l));
  assert.equal(built.filter(Boolean).length, 1, all);
  const waiter = logs[built.indexOf(false)]!;
  assert.match(waiter, /relaydesk: waiting for pid \d+ \(npm start on port \d+/);
  assert.match(waiter, /relaydesk: build is current/);
  // each serves its own database, seeded, with its own admin made at start
  for (const [i, port] of ports.entries()) {
    assert.match(logs[i]!, new RegExp(`relaydesk: created the admin account admin${i}@relaydesk.test`));
    const origin = `http://127.0.0.1:${port}`;
    const signIn = await fetch(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email: `admin${i}@relaydesk.test`, password: "two-starts-password" }),
    });
    assert.equal(signIn.status, 200);
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const res = await fetch(`${origin}/api/articles?q=0x800CCC79`, { headers: { cookie } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { articles: Array<{ slug: string }> };
    assert.ok(body.articles.length > 0);
  }
});
