// One lock per checkout around migrate, seed and build, so that two `npm start` at once (another
// PORT, or a restart while a build runs) do not run `next build` into the same .next: the second
// waits, then finds the build current and reuses it.
//
// A lock file created with O_EXCL that holds the owner's pid. A lock whose owner is no longer
// running (killed during a build) is taken over. Synchronous on purpose: the steps it guards are
// spawnSync calls, and a lock that must be refreshed by a timer (proper-lockfile's mtime updates)
// would go stale while the event loop is blocked by them.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";

const SLEEP = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms) => Atomics.wait(SLEEP, 0, 0, ms);

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

function readOwner(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null; // gone, or being written this very moment
  }
}

let depth = 0;
let held = null;

/**
 * Runs fn while holding `<root>/.relaydesk-prepare.lock` (re-entrant within one process).
 * Waits up to timeoutMs for another holder, saying once whom it waits for.
 */
export function withPrepareLock(root, what, fn, { timeoutMs = 20 * 60_000, pollMs = 250, log = console.log } = {}) {
  if (depth > 0) {
    depth++;
    try {
      return fn();
    } finally {
      depth--;
    }
  }
  const file = path.join(root, ".relaydesk-prepare.lock");
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  let unreadableSince = null;
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, what, since: new Date().toISOString() }));
      closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    const owner = readOwner(file);
    if (owner === null) {
      // a lock file that stays unreadable for seconds was left half-written by a crash
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince > 5_000) removeIfUnchanged(file, null);
    } else {
      unreadableSince = null;
      if (!isRunning(owner.pid)) {
        log(`relaydesk: taking over the lock of pid ${owner.pid} (${owner.what}), which is no longer running`);
        removeIfUnchanged(file, owner);
        continue;
      }
      if (!announced) {
        log(`relaydesk: waiting for pid ${owner.pid} (${owner.what}, since ${owner.since}) to finish migrate/seed/build in this checkout`);
        announced = true;
      }
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for the lock ${file}`);
    sleep(pollMs);
  }
  depth = 1;
  held = file;
  try {
    return fn();
  } finally {
    depth = 0;
    held = null;
    unlinkSync(file);
  }
}

/** Removes a stale lock file only if it still holds what was read (another waiter may have taken over). */
function removeIfUnchanged(file, seen) {
  const now = readOwner(file);
  if (JSON.stringify(now) !== JSON.stringify(seen)) return;
  try {
    unlinkSync(file);
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
  }
}

// a normal exit (process.exit after a failed step included) releases the lock
process.on("exit", () => {
  if (held) {
    try {
      unlinkSync(held);
    } catch {
      // already gone
    }
  }
});
