/**
 * `npm run bench:diagnosis`: a full live check (DNS skipped: an address literal; banner, EHLO,
 * invalid command, STARTTLS, close test) through POST /api/diagnoses of the production build,
 * against a real SMTP server (the test peer) behind a relay that holds every server response
 * for a fixed delay. The relay counts what it held back, so the report can put the wall time
 * next to the sum of the peer's own response delays: the difference is what RelayDesk adds
 * (HTTP, validation, probe engine, ranking, saving the snapshot). Then 20 diagnoses in parallel.
 *
 * Environment: BENCH_PORT (3311), BENCH_RUNS (10 sequential runs per delay), BENCH_DELAYS ("0,50" ms).
 */
import { spawnSync } from "node:child_process";
import { percentile, startAppServer } from "./lib/app-server";
import { mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { startMailServer } from "@/tests/peers";

const PORT = Number(process.env.BENCH_PORT ?? 3311);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const DELAYS = (process.env.BENCH_DELAYS ?? "0,50").split(",").map(Number);
const PARALLEL = 20;
const STEPS = ["banner", "ehlo", "unknown_command", "starttls", "close"];
const root = process.cwd();

/**
 * A loopback relay that holds each chunk the server sends for `delayMs` (in order) before the
 * client sees it, and counts the time it held the client back. FIN is passed on after the
 * held data. The probe's dialogue is request/response, so every held chunk is on its critical
 * path. It also measures the server's own response time (from the request, or from the
 * connect for the greeting, to the first byte of the answer): the peer's think time.
 */
async function startDelayRelay(upstream: { host: string; port: number }, delayMs: number) {
  const stats = { chunks: 0, heldMs: 0, peerMs: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    sockets.add(client);
    client.setNoDelay(true);
    const up = net.connect({ ...upstream, allowHalfOpen: true, noDelay: true });
    sockets.add(up);
    let waitingSince: number | null = null;
    up.on("connect", () => {
      waitingSince = performance.now();
    });
    for (const s of [client, up]) {
      s.on("error", () => undefined);
      s.on("close", () => sockets.delete(s));
    }
    let releaseAt = 0;
    /** Runs fn after the delay, in order; counts only the hold that extends past earlier holds (the critical path). */
    const later = (fn: () => void) => {
      const now = performance.now();
      const at = Math.max(now + delayMs, releaseAt);
      stats.heldMs += at - Math.max(now, releaseAt);
      releaseAt = at;
      if (at > now) setTimeout(fn, at - now);
      else fn();
    };
    up.on("data", (chunk) => {
      if (waitingSince !== null) {
        stats.peerMs += performance.now() - waitingSince;
        waitingSince = null;
      }
      stats.chunks++;
      later(() => client.write(chunk));
    });
    up.on("end", () => later(() => client.end()));
    client.on("data", (chunk) => {
      waitingSince ??= performance.now();
      up.write(chunk);
    });
    client.on("end", () => up.end());
    client.on("close", () => up.destroy());
    up.on("close", () => later(() => client.destroy()));
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    stats,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface RunResult {
  wallMs: number;
  probeMs: number;
  /** Times the probe waited for the server (greetings, replies, TLS handshake flights), from its transcript. */
  turns: number;
  status: number;
  findings: string[];
}

type Entry = { dir: "client" | "server" | "info"; text: string };

/** Request/response turns in a transcript: each greeting, each reply after a command, each TLS handshake. */
function countTurns(transcript: Entry[]): number {
  let turns = 0;
  let awaiting = false;
  for (const e of transcript) {
    if (e.dir === "client") awaiting = true;
    else if (e.dir === "info") {
      if (/^connected to |^--- /.test(e.text)) awaiting = true;
      if (/^TLS established/.test(e.text)) turns++;
    } else if (awaiting) {
      turns++;
      awaiting = false;
    }
  }
  return turns;
}

async function diagnose(port: number): Promise<RunResult> {
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${PORT}/api/diagnoses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ host: "127.0.0.1", port, steps: STEPS, createdBy: "bench" }),
  });
  const body = (await res.json()) as { id: string; findings: Array<{ id: string }> };
  const wallMs = performance.now() - t0;
  const record = (await (await fetch(`http://127.0.0.1:${PORT}/api/diagnoses/${body.id}`)).json()) as { results: Array<{ durationMs: number; transcript: Entry[] }> };
  return {
    wallMs,
    probeMs: record.results.reduce((s, r) => s + r.durationMs, 0),
    turns: record.results.reduce((s, r) => s + countTurns(r.transcript), 0),
    status: res.status,
    findings: body.findings.map((f) => f.id),
  };
}

const fmt = (n: number) => n.toFixed(1).padStart(8);

async function main() {
  const file = path.join(root, "data", "bench-diagnosis.db");
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${file}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // the bench probes only the peers it starts on loopback
    RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8",
    RELAYDESK_PROBE_PORTS: "any",
  };
  const prepare = spawnSync(
    process.execPath,
    ["-e", "import('./scripts/lib/prepare.mjs').then(m => { m.migrateAndSeed(); m.buildIfStale(); })"],
    { stdio: "inherit", env },
  );
  if (prepare.status !== 0) throw new Error("migrate/seed/build failed");

  const peer = await startMailServer();
  const server = await startAppServer(PORT, env);
  try {
    console.log(`\nfull check through POST /api/diagnoses: steps ${STEPS.join(", ")} (DNS skipped: address literal)`);
    console.log(`peer: smtp-server test peer behind a relay holding each server response for D ms; ${RUNS} sequential runs per D`);
    console.log("turns: times the probe waited for the server; peer own: the server's own response time; delays: turns x D;");
    console.log("added: wall - peer own - delays = what RelayDesk adds; http+rank+save: wall - probe engine time\n");
    console.log(
      "D ms".padStart(6),
      "turns".padStart(6),
      "peer own".padStart(9),
      "delays".padStart(7),
      "wall p50".padStart(9),
      "wall p95".padStart(9),
      "probe p50".padStart(10),
      "added p50".padStart(10),
      "added p95".padStart(10),
      "http+rank+save p50".padStart(19),
    );
    let lastDelay = { port: 0, close: async () => undefined } as { port: number; close: () => Promise<void> };
    for (const delay of DELAYS) {
      const relay = await startDelayRelay({ host: peer.host, port: peer.port }, delay);
      await diagnose(relay.port); // warm-up (JIT, first DB write, model load)
      const rows: Array<RunResult & { heldMs: number; peerMs: number; chunks: number }> = [];
      for (let i = 0; i < RUNS; i++) {
        const before = { ...relay.stats };
        const r = await diagnose(relay.port);
        if (r.status !== 201 || !r.findings.includes("smtp.starttls.established")) throw new Error(`unexpected result: ${r.status} ${r.findings.join(",")}`);
        rows.push({
          ...r,
          heldMs: relay.stats.heldMs - before.heldMs,
          peerMs: relay.stats.peerMs - before.peerMs,
          chunks: relay.stats.chunks - before.chunks,
        });
      }
      // what RelayDesk adds: the wall time minus the peer's own response time and the delays on the
      // probe's critical path (one hold per turn it waited for the server)
      const added = rows.map((r) => r.wallMs - r.turns * delay - r.peerMs);
      console.log(
        String(delay).padStart(6),
        String(percentile(rows.map((r) => r.turns), 50)).padStart(6),
        fmt(percentile(rows.map((r) => r.peerMs), 50)).padStart(9),
        String(percentile(rows.map((r) => r.turns * delay), 50)).padStart(7),
        fmt(percentile(rows.map((r) => r.wallMs), 50)).padStart(9),
        fmt(percentile(rows.map((r) => r.wallMs), 95)).padStart(9),
        fmt(percentile(rows.map((r) => r.probeMs), 50)).padStart(10),
        fmt(percentile(added, 50)).padStart(10),
        fmt(percentile(added, 95)).padStart(10),
        fmt(percentile(rows.map((r) => r.wallMs - r.probeMs), 50)).padStart(19),
      );
      await lastDelay.close();
      lastDelay = relay;
    }

    // 20 diagnoses at once against the same peer (the probe engine allows 8 probes per target address at a time)
    const relay = lastDelay as Awaited<ReturnType<typeof startDelayRelay>>;
    const delay = DELAYS.at(-1) ?? 0;
    const single = await diagnose(relay.port);
    const t0 = performance.now();
    const parallel = await Promise.all(Array.from({ length: PARALLEL }, () => diagnose(relay.port)));
    const total = performance.now() - t0;
    const ok = parallel.filter((r) => r.status === 201 && r.findings.includes("smtp.starttls.established")).length;
    const walls = parallel.map((r) => r.wallMs);
    console.log(`\n${PARALLEL} diagnoses in parallel (D = ${delay} ms): ${ok}/${PARALLEL} complete and correct`);
    console.log(`  all done in ${total.toFixed(0)} ms; one alone: ${single.wallMs.toFixed(0)} ms; ${PARALLEL} one after another would take ~${(single.wallMs * PARALLEL).toFixed(0)} ms`);
    console.log(`  per request: p50 ${percentile(walls, 50).toFixed(0)} ms, p95 ${percentile(walls, 95).toFixed(0)} ms, max ${Math.max(...walls).toFixed(0)} ms`);
    await relay.close();
  } finally {
    server.kill("SIGTERM");
    await peer.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
