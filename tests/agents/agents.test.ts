// Guards issue 14's probe agents end to end in one process tree: real agents (the compiled
// command line, as child processes) connected to the real agent endpoints, real loopback mail
// peers behind split-horizon DNS, and the diagnosis run that combines their parts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startIsaTlsResetProxy, startMailServer, startMailguardFront, type RunningPeer } from "@/tests/peers";
import { startDnsServer, type DnsTestServer } from "@/tests/probes/dns-server";
import { createTempDatabase } from "../helpers/temp-db";
import { startAgent, startAgentConsole, type AgentConsole, type RunningAgent } from "./console-harness";

const database = createTempDatabase();

const { getDb } = await import("@/lib/db/client");
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const kbSeedData = (await import("@/lib/kb/shipped")).shippedKbInput();
const { createAgent, revokeAgent, listAgents } = await import("@/lib/agents/store");
const { closeRevokedAgent } = await import("@/lib/agents/cluster");
const { runDiagnosis, runRecheck, DiagnosisInputError } = await import("@/lib/diagnosis/service");
const { checkRequestSchema } = await import("@/lib/diagnosis/validation");
const { getDiagnosis } = await import("@/lib/diagnosis/store");
const { createTargetPolicy } = await import("@/lib/probes/policy");

const LOOPBACK = "127.0.0.0/8";
const cleanups: Array<() => Promise<unknown>> = [];
let console_: AgentConsole;
let clean: RunningPeer;
let insideDns: DnsTestServer;
let outsideDns: DnsTestServer;
let inside: RunningAgent;
let outside: RunningAgent;

async function newAgent(name: string, options: { dnsServer?: string; allow?: string; ports?: string } = {}) {
  const { token } = await createAgent({ name });
  const agent = await startAgent({ server: console_.url, token, name, allow: LOOPBACK, ports: "any", ...options });
  cleanups.push(() => agent.stop("SIGKILL"));
  return { agent, token };
}

before(async () => {
  await loadKbSeed(getDb(), kbSeedData);
  console_ = await startAgentConsole();
  // split horizon: inside, mail.example.test is the clean server on 127.0.0.2; outside it is the
  // Mailguard emulator in front of it on 127.0.0.3, same port
  clean = await startMailServer({ host: "127.0.0.2" });
  const mailguard = await startMailguardFront({ host: clean.host, port: clean.port }, { host: "127.0.0.3", port: clean.port });
  cleanups.push(() => mailguard.close(), () => clean.close());
  insideDns = await startDnsServer({ zone: { "mail.example.test": { A: ["127.0.0.2"] } } });
  outsideDns = await startDnsServer({ zone: { "mail.example.test": { A: ["127.0.0.3"] } } });
  cleanups.push(() => insideDns.close(), () => outsideDns.close());
  inside = (await newAgent("inside", { dnsServer: insideDns.address })).agent;
  outside = (await newAgent("outside", { dnsServer: outsideDns.address })).agent;
});

after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await console_.close();
  // the connections' last database writes (disconnected) land before the database goes
  await new Promise((r) => setTimeout(r, 300));
  // on PostgreSQL the agents' job queues hold connections of their own
  await (await import("@/lib/agents/agent-queue")).stopAgentQueue();
  await getDb().$disconnect();
  database.cleanup();
});

const request = (extra: Record<string, unknown>) =>
  checkRequestSchema.parse({ host: "mail.example.test", port: clean.port, steps: ["banner", "ehlo", "unknown_command"], createdBy: "Agent Test", deadlineMs: 20_000, ...extra });

test("agents register: online with their version and address", async () => {
  const agents = await listAgents();
  const byName = new Map(agents.map((a) => [a.name, a]));
  assert.equal(byName.get("inside")?.online, true);
  assert.equal(byName.get("outside")?.online, true);
  assert.match(byName.get("inside")?.version ?? "", /^\d+\.\d+\.\d+/);
  assert.equal(byName.get("inside")?.address, "127.0.0.1");
  for (const agent of [inside, outside]) assert.match(agent.log(), new RegExp(`registered with http://127\\.0\\.0\\.1:\\d+ as ${agent.name}`));
});

test("split horizon: one check from both agents, clear banner inside, masked outside", async () => {
  const events: string[] = [];
  const { record } = await runDiagnosis(request({ from: ["inside", "outside"] }), { onEvent: (e) => events.push(`${e.type}:${"vantage" in e ? (e.vantage ?? "console") : ""}`) });
  assert.deepEqual(record.vantagePoints.map((v) => v.name), ["inside", "outside"]);
  const [pin, pout] = record.vantagePoints;
  assert.equal(pin!.kind, "agent");
  assert.equal(pin!.reason, null);
  assert.equal(pout!.reason, null);
  const bannerOf = (v: typeof pin) => v!.results[0]!.transcript.find((t) => t.dir === "server" && t.text.startsWith("220"))?.text ?? "";
  assert.match(bannerOf(pin), /relaydesk-test\.local ESMTP/);
  assert.doesNotMatch(bannerOf(pout), /relaydesk-test\.local/);
  assert.match(bannerOf(pout), /\*{4,}/);
  assert.ok(pout!.findings.some((f) => f.id === "smtp.banner.masked"), `outside findings: ${pout!.findings.map((f) => f.id)}`);
  assert.ok(!pin!.findings.some((f) => f.id === "smtp.banner.masked"));
  assert.equal(pout!.outcome, "problem_found");
  // events came tagged with their vantage point, and each part said when it ended
  assert.ok(events.includes("vantage-start:inside") && events.includes("vantage-end:outside"));
  assert.ok(events.some((e) => e === "probe-event:outside"), `events: ${events.join(" ")}`);
  // no console part ran, so the headline rests on the first agent's results
  assert.deepEqual(record.results, pin!.results);
  // the record read back holds the same vantage points
  const saved = await getDiagnosis(record.id);
  assert.deepEqual(saved?.vantagePoints.map((v) => [v.name, v.outcome]), record.vantagePoints.map((v) => [v.name, v.outcome]));
  // every job an agent ran is audited
  const audits = await getDb().auditEvent.findMany({ where: { action: "agent.job" } });
  assert.ok(audits.some((a) => a.target === "outside" && (a.detail ?? "").includes('"host":"mail.example.test"') && (a.detail ?? "").includes('"ended":"completed"')));
});

test("check again runs from the same vantage points", async () => {
  const { record: first } = await runDiagnosis(request({ from: ["inside", "outside"] }));
  const { record } = await runRecheck(first.id, "Agent Test");
  assert.deepEqual(record.vantagePoints.map((v) => v.name), ["inside", "outside"]);
  assert.equal(record.previousId, first.id);
});

test("the console and an agent side by side: the console's results stay the headline", async () => {
  const { record } = await runDiagnosis(request({ host: "127.0.0.2", from: ["console", "outside"] }), {
    runtime: { policy: createTargetPolicy({ allowCidrs: [LOOPBACK], ports: "any" }) },
  });
  assert.deepEqual(record.vantagePoints.map((v) => [v.name, v.kind]), [["console", "console"], ["outside", "agent"]]);
  assert.deepEqual(record.results, record.vantagePoints[0]!.results);
});

test("ISA reset: RST outside, FIN inside", async () => {
  const tlsServer = await startMailServer({ host: "127.0.0.4" });
  const isa = await startIsaTlsResetProxy({ host: tlsServer.host, port: tlsServer.port }, { host: "127.0.0.5", port: tlsServer.port });
  const dnsIn = await startDnsServer({ zone: { "tls.example.test": { A: ["127.0.0.4"] } } });
  const dnsOut = await startDnsServer({ zone: { "tls.example.test": { A: ["127.0.0.5"] } } });
  try {
    const a = (await newAgent("isa-inside", { dnsServer: dnsIn.address })).agent;
    const b = (await newAgent("isa-outside", { dnsServer: dnsOut.address })).agent;
    const { record } = await runDiagnosis(
      checkRequestSchema.parse({ host: "tls.example.test", port: tlsServer.port, steps: ["banner", "ehlo", "starttls", "close"], deadlineMs: 20_000, from: [a.name, b.name] }),
    );
    const [pin, pout] = record.vantagePoints;
    const ids = (v: typeof pin) => v!.findings.map((f) => f.id);
    assert.ok(ids(pout).includes("smtp.close.reset_after_tls"), `outside: ${ids(pout)}`);
    assert.ok(!ids(pin).some((id) => id.startsWith("smtp.close.reset")), `inside: ${ids(pin)}`);
  } finally {
    await isa.close();
    await tlsServer.close();
    await dnsIn.close();
    await dnsOut.close();
  }
});

test("an agent refuses a target outside its local policy, whatever the console asks", async () => {
  // this agent allows only 127.0.0.2: the outside view (127.0.0.3) is refused on the agent
  const { agent } = await newAgent("strict", { dnsServer: outsideDns.address, allow: "127.0.0.2/32" });
  const { record } = await runDiagnosis(request({ from: ["inside", agent.name] }));
  const strict = record.vantagePoints.find((v) => v.name === "strict")!;
  assert.equal(strict.outcome, "could_not_test");
  assert.match(strict.reason ?? "", /refused: its local target policy does not allow this target/);
  assert.match(strict.reason ?? "", /127\.0\.0\.3/);
  assert.equal(record.vantagePoints.find((v) => v.name === "inside")!.reason, null);
});

test("unknown and offline agents are refused before anything runs, naming the agent", async () => {
  await assert.rejects(runDiagnosis(request({ from: ["inside", "nowhere"] })), (e: unknown) => e instanceof DiagnosisInputError && e.status === 400 && /nowhere/.test(e.message));
  await createAgent({ name: "never-connected" });
  await assert.rejects(runDiagnosis(request({ from: ["never-connected"] })), (e: unknown) => e instanceof DiagnosisInputError && e.status === 409 && /never-connected is offline/.test(e.message));
});

test("an agent killed mid-check: its part ends could_not_test, the other agent's part completes", async () => {
  const { agent: doomed } = await newAgent("doomed", { dnsServer: outsideDns.address });
  const started = Date.now();
  const run = runDiagnosis(request({ from: ["inside", "doomed"], steps: ["tcp_loop"], deadlineMs: 15_000 }), {
    onEvent: (e) => {
      if (e.type === "probe-start" && e.vantage === "doomed") doomed.child.kill("SIGKILL");
    },
  });
  const { record } = await run;
  const part = record.vantagePoints.find((v) => v.name === "doomed")!;
  assert.equal(part.outcome, "could_not_test");
  assert.match(part.reason ?? "", /lost its connection|did not report/);
  assert.ok(Date.now() - started < 15_000 + 5_000, "ended within the job deadline");
  const other = record.vantagePoints.find((v) => v.name === "inside")!;
  assert.equal(other.ended, "completed");
  assert.equal(other.reason, null);
  assert.ok(other.results[0]!.completed);
});

test("a revoked agent's token is refused at once and its open connection ends", async () => {
  const { agent, token } = await newAgent("revoked-one");
  const row = (await listAgents()).find((a) => a.name === "revoked-one")!;
  await revokeAgent(row.id);
  await closeRevokedAgent(row.id);
  const code = await Promise.race([agent.exited, new Promise((r) => setTimeout(() => r("still running"), 5_000))]);
  assert.equal(code, 4, agent.log());
  assert.match(agent.log(), /revoked/);
  const response = await fetch(`${console_.url}/api/agent/connect`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 401);
  assert.equal(((await response.json()) as { error: { code: string } }).error.code, "invalid_agent_token");
});

test("SIGTERM: an agent abandons its running check cleanly and says so", async () => {
  const { agent } = await newAgent("stopping", { dnsServer: insideDns.address });
  const run = runDiagnosis(request({ from: ["stopping"], steps: ["tcp_loop"], deadlineMs: 15_000 }), {
    onEvent: (e) => {
      if (e.type === "probe-start") agent.child.kill("SIGTERM");
    },
  });
  const { record } = await run;
  const part = record.vantagePoints[0]!;
  assert.equal(part.outcome, "could_not_test");
  assert.match(part.reason ?? "", /stopped \(SIGTERM\)/);
  assert.equal(await agent.exited, 0);
  assert.match(agent.log(), /abandoning 1 running check/);
});
