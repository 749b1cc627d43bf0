// A throwaway private PostgreSQL cluster (scripts/pg-up.sh) for tests, benchmarks and the
// migration scripts: started in a fresh /tmp directory on a free loopback port, stopped by stop().
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");

/** The newest installed PostgreSQL server's bin folder (Debian layout), or null when none is installed. */
export function postgresBinDir() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(base, versions.at(-1), "bin") : null;
}

export function postgresInstalled() {
  return postgresBinDir() !== null;
}

/** A free TCP port on 127.0.0.1 within [from, to] (RELAYDESK_PG_PORTS="55431-55439" narrows it). */
export async function freePort(from = 55400, to = 55999) {
  const range = process.env.RELAYDESK_PG_PORTS?.match(/^(\d+)-(\d+)$/);
  const [lo, hi] = range ? [Number(range[1]), Number(range[2])] : [from, to];
  const start = lo + Math.floor(Math.random() * (hi - lo + 1));
  for (let i = 0; i <= hi - lo; i++) {
    const port = lo + ((start - lo + i) % (hi - lo + 1));
    const ok = await new Promise((resolve) => {
      const s = createServer();
      s.once("error", () => resolve(false));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error(`no free port in ${lo}-${hi} for a private PostgreSQL cluster`);
}

/**
 * Starts a private cluster; resolves to { url, dir, port, stop, createDatabase }. createDatabase(name)
 * makes another empty database owned by the app role and returns its URL.
 */
export async function startPrivateCluster({ prefix = "relaydesk-pg-" } = {}) {
  if (!postgresInstalled()) throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)");
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const port = await freePort();
  const out = execFileSync(path.join(root, "scripts", "pg-up.sh"), [dir, String(port)], { encoding: "utf8" });
  const url = out.match(/DATABASE_URL=(\S+)/)?.[1];
  if (!url) throw new Error(`pg-up.sh printed no DATABASE_URL: ${out}`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(path.join(root, "scripts", "pg-down.sh"), [dir], { stdio: "ignore" });
  };
  const psql = (sql) => {
    const asPg = process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", path.join(postgresBinDir(), "psql")]] : [path.join(postgresBinDir(), "psql"), []];
    execFileSync(asPg[0], [...asPg[1], "-h", dir, "-p", String(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], { stdio: "pipe" });
  };
  const createDatabase = (name) => {
    if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error(`bad database name ${name}`);
    psql(`CREATE DATABASE ${name} OWNER app`);
    return url.replace(/\/appdb$/, `/${name}`);
  };
  return { url, dir, port, stop, createDatabase, psql };
}
