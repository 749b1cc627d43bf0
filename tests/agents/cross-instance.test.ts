// Guards issue 14's "jobs go to each agent's own queue (pg-boss on PostgreSQL)": two console
// instances on one private PostgreSQL database. Instance A (a child process serving the real agent
// endpoints) holds the agent's connection; the check runs on instance B (this process), whose
// job reaches the agent through the agent's pg-boss queue and whose events and result come back
// through the database.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { after, before, test } from "node:test";
import { startMailServer, type RunningPeer } from "@/tests/peers";
import { startTestCluster, type PrivateCluster } from "../helpers/postgres";
import { migrateAndSeedDatabase } from "../../scripts/lib/instances.mjs";
import { startAgent, type RunningAgent } from "./agent-child";

let cluster: PrivateCluster | null = null;
let instanceA: ChildProcess | null = null;
let urlA = "";
let mail: RunningPeer;
const agents: RunningAgent[] = [];

async function startInstanceA(databaseUrl: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/agents/pg-instance-child.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  instanceA = child;
  urlA = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`instance A did not start: ${out}`)), 30_000);
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (d: string) => {
      out += d;
      const m = /listening (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => reject(new Error(`instance A exited (${code}): ${out}`)));
  });
}

before(async () => {
  cluster = await startTestCluster();
  migrateAndSeedDatabase(cluster.url);
  process.env.DATABASE_URL = cluster.url;
  await startInstanceA(cluster.url);
  mail = await startMailServer({ host: "127.0.0.2" });
});

after(async () => {
  for (const a of agents) await a.stop("SIGKILL").catch(() => undefined);
  await mail?.close();
  if (instanceA && instanceA.exitCode === null) {
    const exited = new Promise((r) => instanceA!.once("exit", r));
    instanceA.kill("SIGTERM");
    await exited;
  }
  const { stopAgentQueue } = await import("@/lib/agents/agent-queue");
  await stopAgentQueue();
  const { getDb } = await import("@/lib/db/client");
  const { closeListener } = await import("@/lib/db/pg-listen");
  await closeListener();
  await getDb().$disconnect();
  cluster?.stop();
});

async function connectedAgent(name: string): Promise<RunningAgent> {
  const { createAgent, listAgents } = await import("@/lib/agents/store");
  const { token } = await createAgent({ name });
  const agent = await startAgent({ server: urlA, token, name, allow: "127.0.0.0/8", ports: "any" });
  agents.push(agent);
  // online is what the database says, here on instance B, which holds no connection
  const online = (await listAgents()).find((a) => a.name === name)?.online;
  assert.equal(online, true, `${name} online in the database`);
  return agent;
}

const request = async (from: string[], deadlineMs = 20_000) => {
  const { checkRequestSchema } = await import("@/lib/diagnosis/validation");
  return checkRequestSchema.parse({ host: "127.0.0.2", port: mail.port, steps: ["banner", "ehlo"], createdBy: "Cross Instance Test", deadlineMs, from });
};

test("an agent connected to instance A runs a check started on instance B; events and result reach B", async () => {
  const { connectedAgentIds } = await import("@/lib/agents/hub");
  const { runDiagnosis } = await import("@/lib/diagnosis/service");
  const { getDb } = await import("@/lib/db/client");
  await connectedAgent("pg-agent");
  assert.deepEqual(connectedAgentIds(), [], "instance B holds no agent connection");
  const events: string[] = [];
  const t0 = Date.now();
  const { record } = await runDiagnosis(await request(["pg-agent"]), { onEvent: (e) => events.push(`${e.type}:${"vantage" in e ? (e.vantage ?? "") : ""}`) });
  const elapsed = Date.now() - t0;
  const [point] = record.vantagePoints;
  assert.equal(point!.name, "pg-agent");
  assert.equal(point!.reason, null, `reason: ${point!.reason}`);
  assert.equal(point!.ended, "completed");
  const banner = point!.results[0]?.transcript.find((t) => t.dir === "server" && t.text.startsWith("220"))?.text ?? "";
  assert.match(banner, /relaydesk-test\.local ESMTP/);
  // the agent's live events came through the database, tagged with its vantage point
  assert.ok(events.includes("probe-start:pg-agent") && events.includes("probe-event:pg-agent"), `events: ${events.join(" ")}`);
  assert.ok(elapsed < 10_000, `the check took ${elapsed} ms`);
  // warm: the next checks' round trips (queue, NOTIFY, relayed replies), for the record
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = Date.now();
    const again = await runDiagnosis(await request(["pg-agent"]));
    assert.equal(again.record.vantagePoints[0]!.ended, "completed");
    warm.push(Date.now() - t);
  }
  console.log(`cross-instance check: first ${elapsed} ms, then ${warm.join(", ")} ms`);
  // the job went through the agent's own queue and is settled; its relayed replies are cleaned up
  const jobs = await getDb().$queryRawUnsafe<Array<{ name: string; state: string }>>("SELECT name, state FROM pgboss.job WHERE name LIKE 'relaydesk_agent_%'");
  assert.equal(jobs.length, 4);
  assert.ok(jobs.every((j) => j.state === "completed"), JSON.stringify(jobs));
  assert.equal(await getDb().liveCheckEvent.count({ where: { diagnosisId: { startsWith: "agent-job:" } } }), 0);
});

test("the agent's connection on instance A ends mid-check: B's part ends could_not_test, not at the deadline", async () => {
  const { runDiagnosis } = await import("@/lib/diagnosis/service");
  const agent = await connectedAgent("pg-killed");
  // a server that accepts and never answers keeps the agent's banner probe waiting, so the kill lands mid-check
  const silent = await import("node:net").then((net) => net.createServer(() => undefined));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.2", r));
  const port = (silent.address() as import("node:net").AddressInfo).port;
  try {
    const { checkRequestSchema } = await import("@/lib/diagnosis/validation");
    const t0 = Date.now();
    const running = runDiagnosis(checkRequestSchema.parse({ host: "127.0.0.2", port, steps: ["banner"], createdBy: "Cross Instance Test", deadlineMs: 30_000, from: ["pg-killed"] }));
    await agent.waitFor(/job|running|check/i, 10_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    await agent.stop("SIGKILL");
    const { record } = await running;
    const elapsed = Date.now() - t0;
    const [point] = record.vantagePoints;
    assert.equal(point!.outcome, "could_not_test");
    assert.match(point!.reason ?? "", /lost its connection/);
    assert.ok(elapsed < 15_000, `ended after ${elapsed} ms, before the 30 s deadline`);
  } finally {
    silent.close();
  }
});
