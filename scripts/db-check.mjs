#!/usr/bin/env node
// `npm run db:check`: the two flavours are in step: the derived PostgreSQL schema is current and
// each flavour's migrations produce exactly its schema (`prisma migrate diff --exit-code`). The
// PostgreSQL check uses DATABASE_URL when it is postgresql://, else a throwaway private cluster.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bin, prismaCliEnv, root } from "./lib/prepare.mjs";
import { startPrivateCluster } from "./lib/pg-cluster.mjs";

process.chdir(root);
let failed = false;
const derive = spawnSync(process.execPath, ["scripts/derive-postgres-schema.mjs", "--check"], { stdio: "inherit" });
if (derive.status !== 0) failed = true;

function drift(flavour, databaseUrl) {
  const args = ["migrate", "diff", "--from-migrations", `prisma/${flavour}/migrations`, "--to-schema-datamodel", `prisma/${flavour}/schema.prisma`, "--exit-code"];
  const r = spawnSync(bin("prisma"), args, { encoding: "utf8", env: prismaCliEnv({ ...process.env, DATABASE_URL: databaseUrl, PRISMA_FLAVOUR: flavour }) });
  if (r.status === 0) console.log(`${flavour}: migrations match the schema`);
  else {
    failed = true;
    console.error(`${flavour}: migrations do NOT match the schema (exit ${r.status}); run \`npm run db:migration NAME\`\n${r.stdout}${r.stderr}`);
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), "relaydesk-dbcheck-"));
let cluster = null;
try {
  drift("sqlite", `file:${path.join(scratch, "scratch.db")}`);
  let pgUrl = process.env.DATABASE_URL;
  if (!/^postgres(ql)?:\/\//.test(pgUrl ?? "")) {
    cluster = await startPrivateCluster({ prefix: "relaydesk-dbcheck-pg-" });
    pgUrl = cluster.url;
  }
  drift("postgres", pgUrl);
} finally {
  cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
