import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestCluster, type PrivateCluster } from "../helpers/postgres";
import { migrateAndSeedDatabase } from "../../scripts/lib/instances.mjs";

/**
 * What several instances share through PostgreSQL, in one process: probe slots as leases (two
 * limiters stand for two instances), live-check events written by the runner and followed from
 * the database, the sweep that ends a dead instance's check as could_not_test, and the health
 * report. A private cluster per file (scripts/pg-up.sh).
 */

let cluster: PrivateCluster | null = null;

before(async () => {
  cluster = await startTestCluster();
  migrateAndSeedDatabase(cluster.url);
  process.env.DATABASE_URL = cluster.url;
  process.env.RELAYDESK_CHECK_HEARTBEAT_MS = "200";
});

after(async () => {
  const { getDb } = await import("@/lib/db/client");
  const { closeListener } = await import("@/lib/db/pg-listen");
  await closeListener();
  await getDb().$disconnect();
  cluster?.stop();
});

const settled = async <T>(p: Promise<T>, ms: number): Promise<"pending" | T> =>
  Promise.race([p, new Promise<"pending">((r) => setTimeout(() => r("pending"), ms))]);

test("probe slots hold across instances: per target and overall, and a slot frees itself when its holder dies", async () => {
  const { SharedProbeLimiter } = await import("@/lib/scale/probe-leases");
  const { getDb } = await import("@/lib/db/client");
  const a = new SharedProbeLimiter({ maxConcurrent: 3, maxPerTarget: 2 });
  const b = new SharedProbeLimiter({ maxConcurrent: 3, maxPerTarget: 2 });
  const x1 = await a.acquire("10.0.0.1|25");
  const x2 = await a.acquire("10.0.0.1|25");
  // the third probe of the same target waits, even on the other instance
  const x3 = b.acquire("10.0.0.1|25");
  assert.equal(await settled(x3, 600), "pending");
  assert.equal(b.running("10.0.0.1|25"), 2);
  x1();
  const t0 = Date.now();
  const release3 = await x3;
  assert.ok(Date.now() - t0 < 1_000, `woken by the release (${Date.now() - t0} ms)`);
  // overall: 3 held (x2, x3, y1); a fourth on another target waits too
  const y1 = await b.acquire("10.0.0.2|25");
  const z = a.acquire("10.0.0.3|25");
  assert.equal(await settled(z, 600), "pending");
  y1();
  const releaseZ = await z;
  for (const r of [x2, release3, releaseZ]) r();
  // a lease whose holder stopped renewing (its instance died) is not counted once it has expired
  await new Promise((r) => setTimeout(r, 200));
  await getDb().probeLease.create({ data: { id: "dead-1", targetKey: "10.0.0.9|25", instanceId: "dead", expiresAt: new Date(Date.now() - 1_000) } });
  await getDb().probeLease.create({ data: { id: "dead-2", targetKey: "10.0.0.9|25", instanceId: "dead", expiresAt: new Date(Date.now() - 1_000) } });
  const fresh = await settled(a.acquire("10.0.0.9|25"), 1_000);
  assert.notEqual(fresh, "pending");
  if (typeof fresh === "function") fresh();
  // an aborted wait gives up with the abort's reason
  const h1 = await a.acquire("10.0.0.5|25");
  const h2 = await a.acquire("10.0.0.5|25");
  const ctl = new AbortController();
  const waiting = b.acquire("10.0.0.5|25", ctl.signal);
  ctl.abort(new Error("probe cancelled"));
  await assert.rejects(waiting, /probe cancelled/);
  h1();
  h2();
});

async function runningDiagnosis(): Promise<string> {
  const { createRunningDiagnosis } = await import("@/lib/diagnosis/store");
  const { id } = await createRunningDiagnosis({
    host: "127.0.0.1",
    port: 25,
    category: null,
    createdBy: "Scale Test",
    kbRevision: 1,
    previousId: null,
    start: { kind: "none" },
    answers: [],
    steps: ["banner"],
    mx: false,
    recipient: null,
    deadlineMs: 60_000,
  });
  return id;
}

test("a check's events go through the database: a follower replays them in order, then follows until finished", async () => {
  const { LiveEventWriter, followStoredRun } = await import("@/lib/scale/live-events");
  type LiveMessage = import("@/lib/diagnosis/live").LiveMessage;
  const id = await runningDiagnosis();
  const writer = new LiveEventWriter(id);
  const event = (label: string): LiveMessage => ({ type: "check", event: { type: "probe-start", kind: "smtp", label }, t: 1 });
  writer.push(event("first"));
  writer.push(event("second"));
  await writer.flush();
  const seen: LiveMessage[] = [];
  const stop = new AbortController();
  const following = followStoredRun(id, new Date(), (m) => seen.push(m), stop.signal);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(
    seen.map((m) => m.type),
    ["sync", "check", "check"],
  );
  const t0 = Date.now();
  writer.push(event("third"));
  writer.push({ type: "finished", status: "done" });
  await following;
  assert.ok(Date.now() - t0 < 900, `the follower saw the end by notification (${Date.now() - t0} ms)`);
  assert.deepEqual(
    seen.slice(1).map((m) => (m.type === "check" && m.event.type === "probe-start" ? m.event.label : m.type)),
    ["first", "second", "third", "finished"],
  );
});

test("a check whose instance died ends as could_not_test with the reason, and its followers are told", async () => {
  const { getDb } = await import("@/lib/db/client");
  const { sweepDeadRuns } = await import("@/lib/scale/live-check-runs");
  const { followStoredRun } = await import("@/lib/scale/live-events");
  const { getDiagnosis, getDiagnosisHeader } = await import("@/lib/diagnosis/store");
  const { runQueuedCheck } = await import("@/lib/diagnosis/service");
  const id = await runningDiagnosis();
  // claimed by an instance that then stopped renewing its heartbeat
  await getDb().liveCheckRun.create({ data: { diagnosisId: id, instanceId: "gone:1:dead", heartbeatAt: new Date(Date.now() - 60_000) } });
  const seen: string[] = [];
  const following = followStoredRun(id, new Date(), (m) => seen.push(m.type === "finished" ? `finished:${m.status}` : m.type), new AbortController().signal);
  // a healthy run elsewhere is left alone
  const alive = await runningDiagnosis();
  await getDb().liveCheckRun.create({ data: { diagnosisId: alive, instanceId: "alive:1:x", heartbeatAt: new Date() } });
  const marked = await sweepDeadRuns();
  assert.deepEqual(marked, [id]);
  await following;
  assert.deepEqual(seen, ["sync", "finished:interrupted"]);
  assert.equal((await getDiagnosisHeader(id))?.status, "interrupted");
  const record = await getDiagnosis(id);
  assert.equal(record?.conclusion?.outcome, "could_not_test");
  assert.match(record?.conclusion?.headline ?? "", /the console instance running the check stopped before it finished/);
  assert.equal((await getDiagnosisHeader(alive))?.status, "running");
  // the job of a check started by an instance that died, delivered again: ends it the same way
  const retried = await runningDiagnosis();
  await getDb().liveCheckRun.create({ data: { diagnosisId: retried, instanceId: "gone:2:dead", heartbeatAt: new Date(Date.now() - 60_000) } });
  await runQueuedCheck(retried, { retry: true });
  assert.equal((await getDiagnosisHeader(retried))?.status, "interrupted");
});

test("health: ready with every migration applied; not ready, naming it, when one is missing", async () => {
  const { checkHealth } = await import("@/lib/ops/health");
  const { getDb } = await import("@/lib/db/client");
  const ok = await checkHealth();
  assert.equal(ok.ready, true);
  assert.equal(ok.database.flavour, "postgres");
  assert.equal(ok.database.reachable, true);
  assert.deepEqual(ok.migrations?.pending, []);
  const [last] = await getDb().$queryRawUnsafe<Array<{ migration_name: string }>>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`);
  await getDb().$executeRawUnsafe(`UPDATE "_prisma_migrations" SET migration_name = migration_name || '_x' WHERE migration_name = $1`, last!.migration_name);
  try {
    const pending = await checkHealth();
    assert.equal(pending.ready, false);
    assert.equal(pending.status, "unavailable");
    assert.deepEqual(pending.migrations?.pending, [last!.migration_name]);
  } finally {
    await getDb().$executeRawUnsafe(`UPDATE "_prisma_migrations" SET migration_name = $1 WHERE migration_name = $2`, last!.migration_name, `${last!.migration_name}_x`);
  }
});
