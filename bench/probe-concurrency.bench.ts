/**
 * Bench 2: 200 concurrent SMTP probes against a local server: total time, peak
 * memory and the event loop's worst delay (target: under 50 ms).
 *
 * The server (smtp-server with STARTTLS, from tests/peers) runs in a child
 * process so only the probe side is measured. Scenarios:
 *   - plain: banner, EHLO, invalid command, QUIT; limiter opened to 200 at once;
 *   - starttls: the same plus STARTTLS, EHLO inside TLS and the plain control session;
 *   - default limits: the plain probe with the engine's default limiter (64 overall, 8 per target).
 *
 * Run: npm run bench:probe-concurrency   (BENCH_PROBES=500 to change the count)
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createTargetPolicy } from "../lib/probes/policy";
import { ProbeLimiter } from "../lib/probes/semaphore";
import { probeSmtp } from "../lib/probes/smtp";
import type { SmtpProbeOptions } from "../lib/probes/options";
import { createTestCertificates } from "../tests/peers/index";

const COUNT = Number(process.env.BENCH_PROBES ?? 200);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function startServerProcess(): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", "probe-concurrency-server.ts")], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
  const rl = createInterface({ input: child.stdout });
  const line = await new Promise<string>((resolve, reject) => {
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`server process exited (${code})`)));
  });
  rl.close();
  const { port } = JSON.parse(line) as { port: number };
  return { port, stop: () => child.stdin.end() };
}

interface Outcome {
  scenario: string;
  probes: number;
  ok: number;
  totalMs: number;
  perProbeMedianMs: number;
  perProbeMaxMs: number;
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  lagSamplerMaxMs: number;
  peakRssMiB: number;
  peakHeapMiB: number;
  rssGrowthMiB: number;
}

async function scenario(name: string, make: (i: number) => SmtpProbeOptions, isOk: (ids: string[]) => boolean): Promise<Outcome> {
  if (global.gc) global.gc();
  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  let peakHeap = process.memoryUsage().heapUsed;
  const h = monitorEventLoopDelay({ resolution: 5 });
  // independent lag sampler: how late does a 10 ms timer fire?
  let lagMax = 0;
  let expected = performance.now() + 10;
  const sampler = setInterval(() => {
    const now = performance.now();
    lagMax = Math.max(lagMax, now - expected);
    expected = now + 10;
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);
  h.enable();
  const t0 = performance.now();
  const durations: number[] = [];
  const results = await Promise.all(
    Array.from({ length: COUNT }, async (_, i) => {
      const s = performance.now();
      const r = await probeSmtp(make(i));
      durations.push(performance.now() - s);
      return r;
    }),
  );
  const totalMs = performance.now() - t0;
  h.disable();
  clearInterval(sampler);
  durations.sort((a, b) => a - b);
  const r1 = (n: number) => Math.round(n * 10) / 10;
  const mib = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return {
    scenario: name,
    probes: COUNT,
    ok: results.filter((r) => isOk(r.findings.map((f) => f.id))).length,
    totalMs: r1(totalMs),
    perProbeMedianMs: r1(durations[Math.floor(durations.length / 2)]!),
    perProbeMaxMs: r1(durations[durations.length - 1]!),
    loopDelayMaxMs: r1(h.max / 1e6),
    loopDelayP99Ms: r1(h.percentile(99) / 1e6),
    lagSamplerMaxMs: r1(lagMax),
    peakRssMiB: mib(peakRss),
    peakHeapMiB: mib(peakHeap),
    rssGrowthMiB: mib(peakRss - rss0),
  };
}

async function main(): Promise<void> {
  const server = await startServerProcess();
  const target = `127.0.0.1:${server.port}`;
  const policy = createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" });
  const certs = createTestCertificates();
  const open = () => new ProbeLimiter({ maxConcurrent: COUNT, maxPerTarget: COUNT });
  const base = { target, policy, timeouts: { probeMs: 60_000 } };
  try {
    // warm-up
    await Promise.all(Array.from({ length: 10 }, () => probeSmtp({ ...base, limiter: open() })));
    const plainLimiter = open();
    const out: Outcome[] = [];
    out.push(await scenario("plain, 200 at once", () => ({ ...base, limiter: plainLimiter }), (ids) => ids.includes("smtp.unknown_command.rejected") && ids.includes("smtp.close.graceful")));
    const tlsLimiter = open();
    out.push(
      await scenario(
        "STARTTLS + control session, 200 at once",
        () => ({ ...base, limiter: tlsLimiter, starttls: true, tlsCa: [certs.caPem], tlsServername: "localhost" }),
        (ids) => ids.includes("smtp.starttls.established") && ids.includes("smtp.close.graceful_after_tls"),
      ),
    );
    const defLimiter = new ProbeLimiter();
    out.push(await scenario("plain, default limits (64 overall / 8 per target)", () => ({ ...base, limiter: defLimiter }), (ids) => ids.includes("smtp.close.graceful")));
    console.log(`${COUNT} concurrent SMTP probes against smtp-server in another process (${target})`);
    console.table(Object.fromEntries(out.map(({ scenario: s, ...rest }) => [s, rest])));
    console.log(JSON.stringify(out));
    const worst = Math.max(...out.slice(0, 2).map((o) => o.loopDelayMaxMs));
    console.log(`worst event-loop delay with 200 at once: ${worst} ms (target < 50 ms): ${worst < 50 ? "met" : "NOT met"}`);
  } finally {
    server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
