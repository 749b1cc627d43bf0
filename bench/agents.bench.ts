/**
 * Bench: probe agents (issue 14). Real agents (the compiled command line, child processes)
 * connected to the real agent endpoints (app/api/agent/*, served by tests/agents/console-harness.ts
 * on loopback), a real SMTP server on loopback, and the diagnosis run of the console.
 *   1. "run" → first event from an idle online agent: p50/p95 over 50 checks, one after another
 *      (target p95 ≤ 300 ms). Baseline in the same run: the same check from the console itself.
 *   2. 100 concurrent checks spread over 4 agents: wall time, throughput, p95 per check, failures.
 *
 * Run: npm run bench:agents   (BENCH_FIRST=50 BENCH_CONCURRENT=100 BENCH_AGENTS=4 to change)
 */
import { performance } from "node:perf_hooks";
import { createTempDatabase } from "../tests/helpers/temp-db";
import { startMailServer } from "../tests/peers/index";
import { startAgent, startAgentConsole, type RunningAgent } from "../tests/agents/console-harness";

process.env.RELAYDESK_LOG ??= "off";
const FIRST = Number(process.env.BENCH_FIRST ?? 50);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 100);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 4);

const database = createTempDatabase();
const { getDb } = await import("../lib/db/client");
const { loadKbSeed } = await import("../lib/kb/seed-import");
const { shippedKbInput } = await import("../lib/kb/shipped");
const { createAgent } = await import("../lib/agents/store");
const { runDiagnosis } = await import("../lib/diagnosis/service");
const { checkRequestSchema } = await import("../lib/diagnosis/validation");
const { createTargetPolicy } = await import("../lib/probes/policy");
const { ProbeLimiter } = await import("../lib/probes/semaphore");

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

await loadKbSeed(getDb(), shippedKbInput());
const smtp = await startMailServer();
const console_ = await startAgentConsole();
const agents: RunningAgent[] = [];
try {
  for (let i = 0; i < AGENTS; i++) {
    const name = `bench-${i}`;
    const { token } = await createAgent({ name });
    agents.push(await startAgent({ server: console_.url, token, name, allow: "127.0.0.0/8", ports: "any", extraArgs: ["--concurrency", "32"] }));
  }
  const request = (from: string[], steps: string[]) =>
    checkRequestSchema.parse({ host: "127.0.0.1", port: smtp.port, steps, from, deadlineMs: 30_000, save: false, createdBy: "bench" });
  const runtime = { policy: createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" }), limiter: new ProbeLimiter({ maxConcurrent: 256, maxPerTarget: 256 }) };

  async function firstEvent(from: string): Promise<number> {
    const t0 = performance.now();
    let first = -1;
    await runDiagnosis(request([from], ["banner"]), {
      runtime,
      onEvent: (e) => {
        if (first < 0 && (e.type === "probe-start" || e.type === "probe-event")) first = performance.now() - t0;
      },
    });
    return first;
  }

  // warm-up: one check each way (module loading, the agent's first connection to the target)
  await firstEvent("console");
  await firstEvent(agents[0]!.name);
  const fromAgent: number[] = [];
  const fromConsole: number[] = [];
  for (let i = 0; i < FIRST; i++) {
    fromAgent.push(await firstEvent(agents[0]!.name));
    fromConsole.push(await firstEvent("console"));
  }
  fromAgent.sort((a, b) => a - b);
  fromConsole.sort((a, b) => a - b);
  const p95 = quantile(fromAgent, 0.95);
  console.log(`1. run → first event, ${FIRST} checks one after another (steps: banner)`);
  console.log(`   from an idle agent:    p50 ${ms(quantile(fromAgent, 0.5))}  p95 ${ms(p95)}  max ${ms(fromAgent.at(-1)!)}   target p95 ≤ 300 ms: ${p95 <= 300 ? "met" : "NOT met"}`);
  console.log(`   baseline, the console: p50 ${ms(quantile(fromConsole, 0.5))}  p95 ${ms(quantile(fromConsole, 0.95))}`);
  console.log(`   ratio agent / console at p95: ${(p95 / quantile(fromConsole, 0.95)).toFixed(1)}×`);

  const durations: number[] = [];
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENT }, async (_, i) => {
      const started = performance.now();
      try {
        const { record } = await runDiagnosis(request([agents[i % AGENTS]!.name], ["banner", "ehlo", "unknown_command"]), { runtime });
        const point = record.vantagePoints[0]!;
        if (point.reason !== null || point.ended !== "completed" || !point.results[0]?.completed) failures++;
      } catch {
        failures++;
      }
      durations.push(performance.now() - started);
    }),
  );
  const wall = performance.now() - t0;
  durations.sort((a, b) => a - b);
  console.log(`2. ${CONCURRENT} concurrent checks over ${AGENTS} agents (steps: banner, ehlo, unknown_command)`);
  console.log(`   wall ${ms(wall)}, throughput ${(CONCURRENT / (wall / 1000)).toFixed(1)} checks/s, per check p50 ${ms(quantile(durations, 0.5))} p95 ${ms(quantile(durations, 0.95))}, failures ${failures}`);
  process.exitCode = failures > 0 ? 1 : 0;
} finally {
  for (const a of agents) await a.stop("SIGTERM");
  await console_.close();
  await smtp.close();
  await new Promise((r) => setTimeout(r, 300));
  await getDb().$disconnect();
  database.cleanup();
}
