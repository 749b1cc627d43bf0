// Console instances for the scale test and benchmark: console server processes (scripts/serve.mjs) of the current build
// on one database, each on its own port, with a way to kill one hard (SIGKILL, as a crash).
import { spawn, spawnSync } from "node:child_process";
import { bin, prismaCliEnv, root, serverCommand } from "./prepare.mjs";

/** Migrates and seeds the database at `databaseUrl` (what `npm start` does before serving). */
export function migrateAndSeedDatabase(databaseUrl) {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const migrate = spawnSync(bin("prisma"), ["migrate", "deploy"], { cwd: root, env: prismaCliEnv(env), encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`migrate deploy failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const seed = spawnSync(bin("tsx"), ["prisma/seed.ts"], { cwd: root, env, encoding: "utf8" });
  if (seed.status !== 0) throw new Error(`seed failed:\n${seed.stdout}\n${seed.stderr}`);
}

/**
 * Starts the console server on 127.0.0.1:port with DATABASE_URL and `env`; resolves when /api/health is
 * ready. The returned object has url, pid, logs (the JSON lines it printed), kill() (SIGKILL, a
 * crash) and stop() (SIGTERM, waits for the exit).
 */
export async function startInstance({ port, databaseUrl, env = {}, name = `instance-${port}`, timeoutMs = 60_000 }) {
  const [command, args] = serverCommand(port, "127.0.0.1");
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: databaseUrl, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const logs = [];
  const onData = (chunk) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) logs.push(line);
    if (logs.length > 20_000) logs.splice(0, logs.length - 20_000);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  let exited = false;
  const exit = new Promise((resolve) => child.once("exit", (code, signal) => ((exited = true), resolve({ code, signal }))));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`${name} exited before it was ready:\n${logs.slice(-30).join("\n")}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(-child.pid, "SIGKILL");
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${logs.slice(-30).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  return {
    name,
    url,
    port,
    pid: child.pid,
    logs,
    exit,
    kill: async () => {
      signalGroup("SIGKILL");
      await exit;
    },
    stop: async () => {
      if (exited) return;
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
