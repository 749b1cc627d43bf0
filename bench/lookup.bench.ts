/**
 * `npm run bench:lookup`: /api/lookup and /api/articles?q= latency on a knowledge base of the real
 * articles plus 10,000 synthetic ones, under 20 concurrent clients (autocannon), against the
 * production build. Baseline in the same run: /api/health/live on the same server (the framework's
 * own floor: routing, JSON, HTTP), so the ratio shows what search adds.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { getDb } from "@/lib/db/client";
import { loadKbSeed } from "@/lib/kb/seed-import";
import { shippedKbInput } from "@/lib/kb/shipped";

const kbSeedData = shippedKbInput();
import { percentile, startAppServer } from "./lib/app-server";
import { syntheticKb } from "./synthetic-kb";

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 10_000);
const CONNECTIONS = 20;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3310);
const root = process.cwd();

const LOOKUPS = [
  "Remote Server returned '554 5.6.1 Body type not supported by Remote Host'",
  "Event ID: 1032\nEvent Source: MSExchange TransportService\nDescription: Socket Access Denied. Binding: 0.0.0.0:25.",
  "451 5.7.3 Cannot achieve Exchange Server authentication",
  "ftr-van-exfe.domain.com #550 5.7.1 External client does not have permissions to submit to this server ##",
  "Outlook error 0x800CCC79 when sending",
  "ISA log result code 0x80074e24 FWX_E_CONNECTION_KILLED",
];
const QUERIES = ["duplicate inbound messages", "0x800CCC79", "MinTickBeforePortReuse", "pipeline tracing snapshot", "queue replay export"];

async function measure(name: string, paths: string[], durationS = DURATION_S) {
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${PORT}`,
        connections: CONNECTIONS,
        duration: durationS,
        requests: paths.map((p) => ({ method: "GET" as const, path: p })),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode !== 200) errors++;
      latencies.push(responseTime);
    });
  });
  return {
    name,
    requests: latencies.length,
    rps: Math.round(result.requests.average),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    errors: errors + result.errors + result.non2xx,
  };
}

async function main() {
  const file = path.join(root, "data", "bench-lookup.db");
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const env = { ...process.env, DATABASE_URL: `file:${file}`, NEXT_TELEMETRY_DISABLED: "1" };
  process.env.DATABASE_URL = env.DATABASE_URL;

  const migrate = spawnSync(path.join(root, "node_modules/.bin/prisma"), ["migrate", "deploy"], { env, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(migrate.stderr);
  const seedStart = performance.now();
  const seed = syntheticKb(kbSeedData, ARTICLES);
  const loaded = await loadKbSeed(getDb(), seed);
  await getDb().$disconnect();
  console.log(`seeded ${loaded.counts.articles} articles (${loaded.counts.signatures} signatures) in ${((performance.now() - seedStart) / 1000).toFixed(1)}s`);

  const build = spawnSync(process.execPath, ["-e", "import('./scripts/lib/prepare.mjs').then(m => m.buildIfStale())"], { stdio: "inherit", env });
  if (build.status !== 0) throw new Error("build failed");

  const server = await startAppServer(PORT, env);
  try {
    const warm = performance.now();
    await fetch(`http://127.0.0.1:${PORT}/api/lookup?text=warm`);
    console.log(`first lookup (builds the in-memory index over ${loaded.counts.articles} articles): ${(performance.now() - warm).toFixed(0)} ms`);

    // Warm the JIT on every endpoint before measuring any of them.
    await measure("warm-up", ["/api/health/live", ...LOOKUPS.map((t) => `/api/lookup?text=${encodeURIComponent(t)}`), ...QUERIES.map((q) => `/api/articles?q=${encodeURIComponent(q)}`)], 4);
    const health = await measure("GET /api/health/live (baseline: framework floor)", ["/api/health/live"]);
    const lookup = await measure("GET /api/lookup?text=", LOOKUPS.map((t) => `/api/lookup?text=${encodeURIComponent(t)}`));
    const search = await measure("GET /api/articles?q=", QUERIES.map((q) => `/api/articles?q=${encodeURIComponent(q)}`));

    console.log(`\n${ARTICLES} synthetic + ${kbSeedData.articles.length} real articles, ${CONNECTIONS} concurrent clients, ${DURATION_S}s each\n`);
    console.log("endpoint".padEnd(46), "req/s".padStart(7), "p50 ms".padStart(8), "p95 ms".padStart(8), "p99 ms".padStart(8), "errors".padStart(7), "p95 vs baseline".padStart(16));
    for (const r of [health, lookup, search]) {
      console.log(
        r.name.padEnd(46),
        String(r.rps).padStart(7),
        r.p50.toFixed(1).padStart(8),
        r.p95.toFixed(1).padStart(8),
        r.p99.toFixed(1).padStart(8),
        String(r.errors).padStart(7),
        `${(r.p95 / health.p95).toFixed(2)}x`.padStart(16),
      );
    }
    console.log(`\ntarget: lookup p95 < 20 ms → ${lookup.p95 < 20 ? "met" : "NOT met"} (${lookup.p95.toFixed(1)} ms)`);
  } finally {
    server.kill("SIGTERM");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
