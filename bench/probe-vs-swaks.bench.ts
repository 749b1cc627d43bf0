/**
 * Bench 1: one SMTP probe against a real MTA on loopback (a private Postfix instance, see
 * tests/peers/postfix.ts; the minimal in-process responder when Postfix cannot be started), as
 * ratios measured in one run:
 *
 * 1. in-process: the probe engine (banner, EHLO, invalid command, QUIT; and without the invalid
 *    command, exactly swaks's conversation) against swaks, one Perl process per run;
 * 2. whole process (issue 8): `relaydesk probe smtp HOST:PORT --json --no-kb` (bin/relaydesk.cjs,
 *    the compiled CLI) against the Node floor, a bare raw-socket Node client doing banner, EHLO and
 *    QUIT (lib/bare-smtp-client.mjs), and against `swaks --quit-after EHLO`; also the CLI with the
 *    floor's conversation (--no-unknown-command --no-envelope). All run interleaved, so load on the
 *    machine falls on all of them alike; target: CLI <= 1.2x the floor.
 *
 * Every process gets the same environment minus NODE_EXTRA_CA_CERTS: Node would parse that CA
 * file at every start (~70 ms here), which adds the same constant to the CLI and the floor and
 * so hides the CLI's own start-up cost.
 *
 * Run: npm run bench:probe   (BENCH_N in-process runs, default 30; BENCH_PROCESS_N whole-process
 * runs of each, default 15, at least 10; BENCH_PEER=responder to skip Postfix)
 */
import { spawn, spawnSync } from "node:child_process";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createTargetPolicy } from "../lib/probes/policy";
import { ProbeLimiter } from "../lib/probes/semaphore";
import { probeSmtp } from "../lib/probes/smtp";
import { startPostfix } from "../tests/peers/postfix";

const N = Number(process.env.BENCH_N ?? 30);
const N_PROCESS = Math.max(10, Number(process.env.BENCH_PROCESS_N ?? 15));
const POSTFIX_PORT = Number(process.env.BENCH_POSTFIX_PORT ?? 2526);
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

async function startPeer(): Promise<{ port: number; name: string; close: () => Promise<void> }> {
  if (process.env.BENCH_PEER !== "responder") {
    const postfix = await startPostfix(POSTFIX_PORT);
    if ("port" in postfix) return { port: postfix.port, name: `Postfix (${spawnSync("postconf", ["-d", "-h", "mail_version"], { encoding: "utf8" }).stdout.trim()})`, close: async () => postfix.stop() };
    console.log(`(${postfix.unavailable}; using the in-process responder)`);
  }
  const responder = await startResponder();
  return { port: responder.port, name: "in-process responder", close: responder.close };
}

async function main(): Promise<void> {
  const swaksOk = spawnSync("swaks", ["--version"], { encoding: "utf8" });
  if (swaksOk.status !== 0) {
    console.error("swaks is not installed (apt-get install swaks); cannot compare");
    process.exitCode = 1;
    return;
  }
  const build = spawnSync(process.execPath, [path.join(ROOT, "scripts", "lib", "cli-bundle.mjs")], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`CLI bundle: ${build.stderr}`);
  const peer = await startPeer();
  const target = `127.0.0.1:${peer.port}`;
  const policy = createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" });
  const limiter = new ProbeLimiter({ maxConcurrent: 4, maxPerTarget: 4 });
  const env = { ...process.env, RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8", RELAYDESK_PROBE_PORTS: "any" } as NodeJS.ProcessEnv;
  delete env.NODE_EXTRA_CA_CERTS;
  const commands = {
    cli: [process.execPath, path.join(ROOT, "bin", "relaydesk.cjs"), "probe", "smtp", target, "--json", "--no-kb"],
    // the floor's conversation (banner, EHLO, QUIT): start-up apart from the default check's extra steps
    cliSame: [process.execPath, path.join(ROOT, "bin", "relaydesk.cjs"), "probe", "smtp", target, "--json", "--no-kb", "--no-unknown-command", "--no-envelope"],
    floor: [process.execPath, path.join(ROOT, "bench", "lib", "bare-smtp-client.mjs"), "127.0.0.1", String(peer.port)],
    swaks: ["swaks", "--server", "127.0.0.1", "--port", String(peer.port), "--quit-after", "EHLO", "--helo", "relaydesk.invalid", "--to", "bench@example.com"],
  };
  const runProcess = async (name: keyof typeof commands): Promise<number> => {
    const [cmd, ...args] = commands[name];
    const r = await timeProcess(cmd!, args, env);
    if (r.code !== 0 || !r.out.includes("221")) throw new Error(`${name} failed (exit ${r.code}): ${r.out.slice(0, 500)}`);
    return r.ms;
  };

  // warm-up (JIT, page cache, Postfix's smtpd processes)
  for (let i = 0; i < 3; i++) {
    await probeSmtp({ target, policy, limiter });
    for (const name of ["cli", "cliSame", "floor", "swaks"] as const) await runProcess(name);
  }

  const full: number[] = [];
  const same: number[] = [];
  const swaks: number[] = [];
  for (let i = 0; i < N; i++) {
    let t0 = performance.now();
    const r = await probeSmtp({ target, policy, limiter });
    full.push(performance.now() - t0);
    if (!r.completed || !r.findings.some((f) => f.id.startsWith("smtp.unknown_command."))) throw new Error("probe did not complete the conversation");
    t0 = performance.now();
    await probeSmtp({ target, policy, limiter, steps: { unknownCommand: false } });
    same.push(performance.now() - t0);
    swaks.push(await runProcess("swaks"));
  }
  // whole process, interleaved
  const whole = { cli: [] as number[], cliSame: [] as number[], floor: [] as number[], swaks: [] as number[] };
  for (let i = 0; i < N_PROCESS; i++) for (const name of ["cli", "cliSame", "floor", "swaks"] as const) whole[name].push(await runProcess(name));
  await peer.close();

  const sFull = stats(full);
  const sSame = stats(same);
  const sSwaks = stats(swaks);
  const w = { cli: stats(whole.cli), cliSame: stats(whole.cliSame), floor: stats(whole.floor), swaks: stats(whole.swaks) };
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  console.log(`SMTP probe against ${peer.name} on ${target}`);
  console.log(`\n1. in-process probe vs swaks, ${N} runs each (ms)`);
  console.table({
    "probe (banner, EHLO, goodmorning, QUIT), in-process": sFull,
    "probe (banner, EHLO, QUIT), in-process": sSame,
    "swaks --quit-after EHLO (banner, EHLO, QUIT), process": sSwaks,
  });
  console.log(`\n2. whole process, ${N_PROCESS} runs each, interleaved (ms)`);
  console.table({
    "relaydesk probe smtp --json --no-kb (compiled CLI, default check)": w.cli,
    "same, --no-unknown-command --no-envelope (the floor's conversation)": w.cliSame,
    "Node floor: bare raw-socket client (banner, EHLO, QUIT)": w.floor,
    "swaks --quit-after EHLO": w.swaks,
  });
  const cliOverFloor = ratio(w.cli.median, w.floor.median);
  const cliOverFloorMin = ratio(w.cli.min, w.floor.min);
  const load = os.loadavg().map((l) => l.toFixed(1));
  console.log(
    [
      "",
      `issue 8 target: whole-process \`relaydesk probe smtp\` <= 1.2x the bare Node client, medians of ${N_PROCESS} runs each, same peer, same run`,
      `  CLI ${w.cli.median} ms / Node floor ${w.floor.median} ms = ${cliOverFloor}x  -> ${cliOverFloor <= 1.2 ? "met" : "NOT met"}`,
      `  CLI ${w.cli.median} ms / swaks ${w.swaks.median} ms = ${ratio(w.cli.median, w.swaks.median)}x`,
      `  (machine load average ${load.join(" / ")} over 1 / 5 / 15 min on ${os.cpus().length} cores: other processes' load adds the same milliseconds to every command and pulls the ratios towards 1)`,
      "",
    ].join("\n"),
  );
  console.log(
    `CLI / Node floor ${cliOverFloor}x (target <= 1.2x: ${cliOverFloor <= 1.2 ? "met" : "NOT met"}); CLI / swaks ${ratio(w.cli.median, w.swaks.median)}x; Node floor / swaks ${ratio(w.floor.median, w.swaks.median)}x (medians)`,
  );
  // load from other processes adds the same milliseconds to both and so flatters the median ratio;
  // the fastest runs are the least disturbed
  console.log(`fastest runs: CLI / Node floor ${cliOverFloorMin}x; CLI / swaks ${ratio(w.cli.min, w.swaks.min)}x`);
  console.log(
    `same conversation as the floor (banner, EHLO, QUIT): CLI / Node floor ${ratio(w.cliSame.median, w.floor.median)}x (medians), ${ratio(w.cliSame.min, w.floor.min)}x (fastest)`,
  );
  console.log(
    JSON.stringify({
      peer: peer.name,
      runs: { inProcess: N, wholeProcess: N_PROCESS },
      medianMs: { probeFull: sFull.median, probeSameAsSwaks: sSame.median, swaks: sSwaks.median, cli: w.cli.median, nodeFloor: w.floor.median, swaksProcess: w.swaks.median },
      ratioSwaksOverProbe: { full: ratio(sSwaks.median, sFull.median), sameConversation: ratio(sSwaks.median, sSame.median) },
      ratioCliOverNodeFloor: cliOverFloor,
      ratioCliOverNodeFloorFastest: cliOverFloorMin,
      ratioCliOverSwaks: ratio(w.cli.median, w.swaks.median),
      cliSameConversationMs: w.cliSame.median,
      ratioCliSameConversationOverNodeFloor: ratio(w.cliSame.median, w.floor.median),
      loadAverage: os.loadavg(),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
