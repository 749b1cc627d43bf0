#!/usr/bin/env node
// `npm run db:migration NAME`: after editing prisma/sqlite/schema.prisma, writes the migration of
// the change for both flavours: prisma/sqlite/migrations/<ts>_NAME and prisma/postgres/migrations/
// <ts>_NAME (derives the PostgreSQL schema first). The PostgreSQL diff needs a server for Prisma's
// shadow database: DATABASE_URL when it is postgresql://, else a throwaway private cluster.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bin, prismaCliEnv, root } from "./lib/prepare.mjs";
import { startPrivateCluster } from "./lib/pg-cluster.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error("usage: npm run db:migration NAME   (NAME: lower-case letters, digits and _)");
  process.exit(2);
}
process.chdir(root);
const derive = spawnSync(process.execPath, ["scripts/derive-postgres-schema.mjs"], { stdio: "inherit" });
if (derive.status !== 0) process.exit(derive.status ?? 1);

const ts = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const folder = `${ts}_${name}`;

function diff(flavour, databaseUrl) {
  const out = path.join("prisma", flavour, "migrations", folder, "migration.sql");
  const args = ["migrate", "diff", "--from-migrations", `prisma/${flavour}/migrations`, "--to-schema-datamodel", `prisma/${flavour}/schema.prisma`, "--script", "-o", out];
  const r = spawnSync(bin("prisma"), args, { stdio: ["ignore", "inherit", "inherit"], env: prismaCliEnv({ ...process.env, DATABASE_URL: databaseUrl, PRISMA_FLAVOUR: flavour }) });
  if (r.status !== 0) throw new Error(`prisma migrate diff (${flavour}) failed (exit ${r.status})`);
  const sql = readFileSync(out, "utf8");
  if (/This is an empty migration/.test(sql)) {
    rmSync(path.dirname(out), { recursive: true, force: true });
    console.log(`${flavour}: no change against the migrations; nothing written`);
    return false;
  }
  console.log(`${flavour}: wrote ${out}`);
  return true;
}

const scratch = mkdtempSync(path.join(tmpdir(), "relaydesk-migration-"));
let cluster = null;
try {
  diff("sqlite", `file:${path.join(scratch, "scratch.db")}`);
  let pgUrl = process.env.DATABASE_URL;
  if (!/^postgres(ql)?:\/\//.test(pgUrl ?? "")) {
    cluster = await startPrivateCluster({ prefix: "relaydesk-migration-pg-" });
    pgUrl = cluster.url;
  }
  diff("postgres", pgUrl);
} catch (error) {
  console.error(`db:migration: ${error instanceof Error ? error.message : error}`);
  for (const flavour of ["sqlite", "postgres"]) {
    const dir = path.join("prisma", flavour, "migrations", folder);
    if (existsSync(dir)) console.error(`(left ${dir} for you to inspect or delete)`);
  }
  process.exitCode = 1;
} finally {
  cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
