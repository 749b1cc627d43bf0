/**
 * Guards issue 9 item 5: 50 checks at once against a server that never greets used to end, 41 of
 * them, at the deadline with no finding ("the probe was cancelled"), and a check to another port
 * of the same host waited behind them. Now the limit is per address AND port with FIFO waiting,
 * the wait for a slot is reported apart from the probe's deadline, and every check ends with a
 * finding: server.silent for those that got a slot, target.busy ("N checks to this address were
 * already running") for those that never did.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AuthedRequest as NextRequest, signInAsStaff } from "../helpers/staff";
import { startHostileServer, startMailServer, type RunningPeer } from "@/tests/peers";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();
// the JSON API needs a signed-in caller: an admin's API token, as a script would send
await signInAsStaff("admin");
process.env.RELAYDESK_PROBE_ALLOW_CIDRS = "127.0.0.0/8";
process.env.RELAYDESK_PROBE_PORTS = "any";

const { getDb } = await import("@/lib/db/client");
const diagnosesRoute = await import("@/app/api/diagnoses/route");
const { DEFAULT_MAX_PROBES_PER_TARGET } = await import("@/lib/probes/constants");

let silent: RunningPeer;
let mail: RunningPeer;

before(async () => {
  silent = await startHostileServer("silent");
  mail = await startMailServer();
});

after(async () => {
  await silent.close();
  await mail.close();
  await getDb().$disconnect();
  database.cleanup();
});

interface Summary {
  ended: string;
  findings: Array<{ id: string; evidence: string[] }>;
}

const check = (port: number, deadlineMs: number) =>
  diagnosesRoute.POST(
    new NextRequest("http://localhost/api/diagnoses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ host: "127.0.0.1", port, steps: ["banner"], deadlineMs, save: false }),
    }),
  );

test("50 checks against a silent server all end with a finding; another port of the same host is not held up", async () => {
  const started = performance.now();
  const all = Array.from({ length: 50 }, () => check(silent.port, 3_000));
  // while the silent server's slots are all taken, a check to another port of the same address runs at once
  await new Promise((r) => setTimeout(r, 200));
  const t0 = performance.now();
  const other = await check(mail.port, 10_000);
  const otherMs = performance.now() - t0;
  assert.equal(other.status, 200);
  assert.ok(otherMs < 2_000, `a check to another port waited ${Math.round(otherMs)} ms`);

  const summaries = await Promise.all(all.map(async (pending) => (await (await pending).json()) as Summary));
  assert.ok(performance.now() - started < 15_000);
  let silentCount = 0;
  let busyCount = 0;
  for (const s of summaries) {
    const ids = s.findings.map((f) => f.id);
    assert.ok(ids.length > 0, `a check ended with no finding (${s.ended})`);
    if (ids.includes("server.silent")) silentCount++;
    const busy = s.findings.find((f) => f.id === "target.busy");
    if (busy) {
      busyCount++;
      assert.match(busy.evidence.join(" "), /^\d+ checks to this address were already running$/);
    }
  }
  assert.equal(silentCount + busyCount, 50);
  assert.ok(silentCount >= DEFAULT_MAX_PROBES_PER_TARGET, `silent ${silentCount}, busy ${busyCount}`);
  assert.ok(busyCount > 0, `silent ${silentCount}, busy ${busyCount}`);
});
