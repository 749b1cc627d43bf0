/**
 * The checkout lock of `npm start` (scripts/lib/prepare-lock.mjs) between real processes: critical
 * sections never overlap, the second says whom it waits for, and a lock left by a process that
 * is gone is taken over instead of blocking every later start.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";

const LOCK_MODULE = path.resolve(import.meta.dirname, "../../scripts/lib/prepare-lock.mjs");
const dir = mkdtempSync(path.join(os.tmpdir(), "relaydesk-lock-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A process that holds the lock for holdMs, appending "<name> in" / "<name> out" to a journal. */
function holder(name: string, holdMs: number): Promise<string> {
  const script = `
    import { appendFileSync } from "node:fs";
    import { withPrepareLock } from ${JSON.stringify(LOCK_MODULE)};
    withPrepareLock(${JSON.stringify(dir)}, ${JSON.stringify(name)}, () => {
      appendFileSync(${JSON.stringify(path.join(dir, "journal"))}, "${name} in\\n");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
      appendFileSync(${JSON.stringify(path.join(dir, "journal"))}, "${name} out\\n");
    }, { pollMs: 50 });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${name} exited ${code}: ${out}`))));
  });
}

test("two processes: the second waits for the first, sections never overlap, the lock is gone afterwards", async () => {
  const first = holder("first", 800);
  await new Promise((r) => setTimeout(r, 300));
  const [, secondOut] = await Promise.all([first, holder("second", 10)]);
  assert.deepEqual(readFileSync(path.join(dir, "journal"), "utf8").trim().split("\n"), ["first in", "first out", "second in", "second out"]);
  assert.match(secondOut, /waiting for pid \d+ \(first, since/);
  assert.equal(existsSync(path.join(dir, ".relaydesk-prepare.lock")), false);
});

test("a lock left by a process that is no longer running is taken over", async () => {
  const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const deadPid = Number(gone.stdout);
  writeFileSync(path.join(dir, ".relaydesk-prepare.lock"), JSON.stringify({ pid: deadPid, what: "npm start on port 1", since: "earlier" }));
  const out = await holder("after-crash", 10);
  assert.match(out, new RegExp(`taking over the lock of pid ${deadPid} \\(npm start on port 1\\)`));
  assert.equal(existsSync(path.join(dir, ".relaydesk-prepare.lock")), false);
});
