// Steps shared by `npm start`, the e2e server and the benchmarks: migrate, seed, build if stale.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { withPrepareLock } from "./prepare-lock.mjs";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const bin = (name) => path.join(root, "node_modules", ".bin", name);

export function run(label, command, args, env = process.env) {
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env, cwd: root });
  if (result.status !== 0) {
    console.error(`relaydesk: ${label} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`relaydesk: ${label} done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** Migrate, seed and build (what `npm start` does before serving) under the checkout's lock. */
export function prepareLocked(what, fn) {
  return withPrepareLock(root, what, fn);
}

/** The Prisma CLI's environment: the preload that lets it exit when done (10 s linger on PostgreSQL). */
export function prismaCliEnv(env = process.env) {
  const preload = `--require ${path.join(root, "scripts", "unref-long-timers.cjs")}`;
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, preload].filter(Boolean).join(" ") };
}

export function migrateAndSeed(env = process.env) {
  prepareLocked("migrate and seed", () => {
    run("database migrations", bin("prisma"), ["migrate", "deploy"], prismaCliEnv(env));
    run("knowledge-base seed", bin("tsx"), ["prisma/seed.ts"], env);
  });
}

/** Hash of everything that goes into the Next build, so a stale build is rebuilt. */
function sourceHash() {
  const hash = createHash("sha256");
  const inputs = ["app", "components", "lib", "proxy.ts", "prisma/sqlite/schema.prisma", "prisma/postgres/schema.prisma", "next.config.ts", "postcss.config.mjs", "package.json", "tsconfig.json"];
  const walk = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      if (path.basename(p) === "generated") return;
      for (const entry of readdirSync(p).sort()) walk(path.join(p, entry));
    } else {
      hash.update(path.relative(root, p));
      hash.update(readFileSync(p));
    }
  };
  for (const input of inputs) walk(path.join(root, input));
  return hash.digest("hex");
}

/** Builds the app (and the command line bundle) unless the build is of the current sources. */
export function buildIfStale(env = process.env) {
  prepareLocked("build", () => {
    buildAppIfStale(env);
    run("command line bundle", process.execPath, [path.join(root, "scripts", "lib", "cli-bundle.mjs")], env);
  });
}

function buildAppIfStale(env) {
  const stampFile = path.join(root, ".next", "relaydesk-build-hash");
  const current = sourceHash();
  const fresh =
    existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === current;
  if (fresh) {
    console.log("relaydesk: build is current");
    return;
  }
  run("build", bin("next"), ["build"], { ...env, NEXT_TELEMETRY_DISABLED: "1" });
  writeFileSync(stampFile, current);
}

/** The console server's command: Next's handler behind node:http (scripts/serve.mjs), which passes on the peer address. */
export function serverCommand(port, hostname) {
  return [process.execPath, [path.join(root, "scripts", "serve.mjs"), "-p", String(port), ...(hostname ? ["-H", hostname] : [])]];
}

/** The console server in the foreground: signals are passed on and its exit code becomes ours. */
export function serve(port, env = process.env, hostname) {
  const [command, args] = serverCommand(port, hostname);
  const server = spawn(command, args, { stdio: "inherit", env: { ...env, PORT: String(port) }, cwd: root });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
}
