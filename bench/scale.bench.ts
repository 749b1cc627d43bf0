/**
 * `npm run bench:scale`: the same load on two set-ups in one run, against one local test peer (a
 * real SMTP server on loopback):
 *   - baseline: one console instance on SQLite (the embedded default);
 *   - scale-out: two console instances on one private PostgreSQL cluster, requests alternating.
 * Load: BENCH_DIAGNOSES (200) diagnoses through POST /api/diagnoses (banner, EHLO, envelope: the
 * default check), BENCH_CONCURRENCY (16) at a time. Reported per set-up: completed, errors, wall
 * time p50/p95 per diagnosis, total time and throughput; then the ratios scale-out / baseline.
 * Then BENCH_LOOKUPS (300) knowledge-base lookups (GET /api/lookup with a pasted NDR line) on
 * each, 4 at a time: lookup p95 PostgreSQL / SQLite. Both set-ups share the probe limits (per
 * target 8, overall 64): on PostgreSQL across the two instances.
 *
 * Environment: BENCH_PORTS ("3324,3325,3326": SQLite instance, PG instance A, PG instance B;
 * free ports when unset), BENCH_DIAGNOSES, BENCH_CONCURRENCY, BENCH_LOOKUPS.
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { percentile } from "./lib/app-server";
import { startMailServer } from "@/tests/peers";
import { buildIfStale } from "../scripts/lib/prepare.mjs";
import { startPrivateCluster } from "../scripts/lib/pg-cluster.mjs";
import { migrateAndSeedDatabase, startInstance, type Instance } from "../scripts/lib/instances.mjs";

const DIAGNOSES = Number(process.env.BENCH_DIAGNOSES ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 300);
const LOOKUP_TEXT = "452 4.3.1 Insufficient system resources; the firewall reset the connection after STARTTLS";
const ENV = { RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8,::1/128", RELAYDESK_PROBE_PORTS: "any", RELAYDESK_LOG: "off" };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function ports(): Promise<[number, number, number]> {
  const given = process.env.BENCH_PORTS?.split(",").map(Number);
  if (given?.length === 3 && given.every((p) => Number.isInteger(p) && p > 0)) return [given[0]!, given[1]!, given[2]!];
  return [await freePort(), await freePort(), await freePort()];
}

interface LoadResult {
  completed: number;
  errors: number;
  errorSamples: string[];
  p50: number;
  p95: number;
  totalMs: number;
  perSecond: number;
}

/** `count` tasks, `concurrency` at a time, task i sent to urls[i % urls.length]. */
async function runLoad(urls: string[], count: number, concurrency: number, task: (base: string, i: number) => Promise<void>): Promise<LoadResult> {
  const times: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        try {
          await task(urls[i % urls.length]!, i);
          times.push(performance.now() - t0);
        } catch (error) {
          errors++;
          if (errorSamples.length < 3) errorSamples.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const totalMs = performance.now() - started;
  return { completed: times.length, errors, errorSamples, p50: percentile(times, 50), p95: percentile(times, 95), totalMs, perSecond: (times.length / totalMs) * 1000 };
}

async function diagnose(base: string, peerPort: number): Promise<void> {
  const res = await fetch(`${base}/api/diagnoses`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ host: "127.0.0.1", port: peerPort, createdBy: "bench" }),
  });
  const body = (await res.json()) as { outcome?: string; error?: { message?: string } };
  if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
  if (!body.outcome) throw new Error("no outcome in the answer");
}

async function lookup(base: string): Promise<void> {
  const res = await fetch(`${base}/api/lookup?text=${encodeURIComponent(LOOKUP_TEXT)}`);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  const body = (await res.json()) as { articles: unknown[] };
  if (!Array.isArray(body.articles) || body.articles.length === 0) throw new Error("lookup found nothing");
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
function report(name: string, r: LoadResult): void {
  console.log(
    `${name.padEnd(34)} completed ${String(r.completed).padStart(4)}  errors ${String(r.errors).padStart(3)}  p50 ${fmt(r.p50).padStart(7)}  p95 ${fmt(r.p95).padStart(7)}  total ${(r.totalMs / 1000).toFixed(1)} s  ${r.perSecond.toFixed(1)}/s`,
  );
  for (const e of r.errorSamples) console.log(`    error: ${e}`);
}

async function main(): Promise<void> {
  buildIfStale();
  const [sqlitePort, pgPortA, pgPortB] = await ports();
  const peer = await startMailServer();
  const scratch = mkdtempSync(path.join(tmpdir(), "relaydesk-bench-scale-"));
  const cluster = await startPrivateCluster({ prefix: "relaydesk-bench-pg-" });
  const instances: Instance[] = [];
  try {
    const sqliteUrl = `file:${path.join(scratch, "bench.db")}`;
    migrateAndSeedDatabase(sqliteUrl);
    migrateAndSeedDatabase(cluster.url);
    const sqlite = await startInstance({ port: sqlitePort, databaseUrl: sqliteUrl, env: ENV, name: "sqlite" });
    instances.push(sqlite);
    const [a, b] = await Promise.all([
      startInstance({ port: pgPortA, databaseUrl: cluster.url, env: ENV, name: "pg-A" }),
      startInstance({ port: pgPortB, databaseUrl: cluster.url, env: ENV, name: "pg-B" }),
    ]);
    instances.push(a, b);
    const pgUrls = [a.url, b.url];
    console.log(`bench:scale: ${DIAGNOSES} diagnoses, ${CONCURRENCY} at a time, against the SMTP test peer on 127.0.0.1:${peer.port}`);
    // warm-up: first requests compile routes and build the in-memory index on every instance
    for (const base of [sqlite.url, ...pgUrls]) {
      await diagnose(base, peer.port);
      await lookup(base);
    }
    const baseline = await runLoad([sqlite.url], DIAGNOSES, CONCURRENCY, (base) => diagnose(base, peer.port));
    report("1 instance, SQLite (baseline)", baseline);
    const scaled = await runLoad(pgUrls, DIAGNOSES, CONCURRENCY, (base) => diagnose(base, peer.port));
    report("2 instances, PostgreSQL", scaled);
    console.log(
      `ratios PostgreSQL x2 / SQLite x1:      completed ${(scaled.completed / Math.max(1, baseline.completed)).toFixed(2)}  p50 ${(scaled.p50 / baseline.p50).toFixed(2)}x  p95 ${(scaled.p95 / baseline.p95).toFixed(2)}x  throughput ${(scaled.perSecond / baseline.perSecond).toFixed(2)}x  errors ${scaled.errors} vs ${baseline.errors}`,
    );
    const lookSqlite = await runLoad([sqlite.url], LOOKUPS, 4, (base) => lookup(base));
    report("lookups, SQLite", lookSqlite);
    const lookPg = await runLoad(pgUrls, LOOKUPS, 4, (base) => lookup(base));
    report("lookups, PostgreSQL (2 instances)", lookPg);
    console.log(`ratio lookup p95 PostgreSQL / SQLite: ${(lookPg.p95 / lookSqlite.p95).toFixed(2)}x (p50 ${(lookPg.p50 / lookSqlite.p50).toFixed(2)}x)`);
    if (baseline.errors + scaled.errors + lookSqlite.errors + lookPg.errors > 0) process.exitCode = 1;
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    await peer.close();
    cluster.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
