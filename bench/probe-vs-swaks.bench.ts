/**
 * Bench 1: one SMTP probe (banner, EHLO, invalid command, QUIT) against a local
 * server, timed against swaks (Debian package) doing the same conversation, as
 * a ratio in one run.
 *
 * swaks cannot send an arbitrary command, so its closest conversation is
 * banner, EHLO, QUIT (`--quit-after EHLO`); the probe is timed both with the
 * invalid command (its default steps) and without it (exactly swaks's
 * conversation). swaks is a separate process per run, so the CLI
 * (`node bin/relaydesk.mjs probe smtp ...`, a process per run as well) is timed
 * too. The server is a minimal in-process responder that answers at once, so
 * client cost dominates.
 *
 * Run: npm run bench:probe   (BENCH_N=50 for more iterations)
 */
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createTargetPolicy } from "../lib/probes/policy";
import { ProbeLimiter } from "../lib/probes/semaphore";
import { probeSmtp } from "../lib/probes/smtp";

const N = Number(process.env.BENCH_N ?? 30);
const N_CLI = Math.max(3, Math.round(N / 3));
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function startResponder(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    sockets.add(c);
    c.on("close", () => sockets.delete(c));
    c.on("error", () => undefined);
    c.setNoDelay(true);
    c.write("220 bench.local ESMTP ready\r\n");
    let buf = "";
    c.on("data", (d: Buffer) => {
      buf += d.toString("latin1");
      let i: number;
      while ((i = buf.indexOf("\n")) !== -1) {
        const line = buf.slice(0, i).replace(/\r$/, "");
        buf = buf.slice(i + 1);
        const verb = line.split(" ")[0]!.toUpperCase();
        if (verb === "EHLO") c.write("250-bench.local Hello\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-STARTTLS\r\n250 SIZE 10485760\r\n");
        else if (verb === "HELO") c.write("250 bench.local\r\n");
        else if (verb === "QUIT") c.end("221 2.0.0 Bye\r\n");
        else c.write("500 5.5.2 Error: command not recognized\r\n");
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    ),
  );
}

function stats(xs: number[]): { median: number; p90: number; min: number; mean: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  const r = (n: number) => Math.round(n * 100) / 100;
  return { median: r(at(0.5)), p90: r(at(0.9)), min: r(s[0]!), mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
}

function timeProcess(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ ms: number; code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], cwd: ROOT, ...(env ? { env } : {}) });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ ms: performance.now() - t0, code, out }));
  });
}

async function main(): Promise<void> {
  const swaksOk = spawnSync("swaks", ["--version"], { encoding: "utf8" });
  if (swaksOk.status !== 0) {
    console.error("swaks is not installed (apt-get install swaks); cannot compare");
    process.exitCode = 1;
    return;
  }
  const server = await startResponder();
  const target = `127.0.0.1:${server.port}`;
  const policy = createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" });
  const limiter = new ProbeLimiter({ maxConcurrent: 4, maxPerTarget: 4 });
  const swaksArgs = ["--server", "127.0.0.1", "--port", String(server.port), "--quit-after", "EHLO", "--helo", "relaydesk.invalid", "--to", "bench@example.com"];
  const env = { ...process.env, RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8", RELAYDESK_PROBE_PORTS: "any" } as NodeJS.ProcessEnv;
  const cliArgs = [path.join(ROOT, "bin", "relaydesk.mjs"), "probe", "smtp", target, "--json", "--no-kb"];

  // warm-up (JIT, tsx transform cache, page cache)
  for (let i = 0; i < 3; i++) {
    await probeSmtp({ target, policy, limiter });
    await timeProcess("swaks", swaksArgs);
  }
  await timeProcess(process.execPath, cliArgs, env);

  const full: number[] = [];
  const same: number[] = [];
  const swaks: number[] = [];
  for (let i = 0; i < N; i++) {
    let t0 = performance.now();
    const r = await probeSmtp({ target, policy, limiter });
    full.push(performance.now() - t0);
    if (!r.findings.some((f) => f.id === "smtp.unknown_command.rejected")) throw new Error("probe did not complete the conversation");
    t0 = performance.now();
    await probeSmtp({ target, policy, limiter, steps: { unknownCommand: false } });
    same.push(performance.now() - t0);
    const s = await timeProcess("swaks", swaksArgs);
    if (s.code !== 0 || !s.out.includes("221")) throw new Error(`swaks failed: ${s.out}`);
    swaks.push(s.ms);
  }
  const cli: number[] = [];
  for (let i = 0; i < N_CLI; i++) {
    const c = await timeProcess(process.execPath, cliArgs, env);
    if (c.code !== 0) throw new Error(`relaydesk CLI failed: ${c.out}`);
    cli.push(c.ms);
  }
  await server.close();

  const sFull = stats(full);
  const sSame = stats(same);
  const sSwaks = stats(swaks);
  const sCli = stats(cli);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  console.log(`SMTP probe vs swaks, ${N} runs each (CLI ${N_CLI} runs), local responder on ${target}`);
  console.table({
    "probe (banner, EHLO, goodmorning, QUIT), in-process": sFull,
    "probe (banner, EHLO, QUIT), in-process": sSame,
    "swaks --quit-after EHLO (banner, EHLO, QUIT), process": sSwaks,
    "relaydesk CLI (banner, EHLO, goodmorning, QUIT), process": sCli,
  });
  console.log(
    JSON.stringify({
      runs: N,
      medianMs: { probeFull: sFull.median, probeSameAsSwaks: sSame.median, swaks: sSwaks.median, cli: sCli.median },
      ratioSwaksOverProbe: { full: ratio(sSwaks.median, sFull.median), sameConversation: ratio(sSwaks.median, sSame.median) },
      ratioCliOverSwaks: ratio(sCli.median, sSwaks.median),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
