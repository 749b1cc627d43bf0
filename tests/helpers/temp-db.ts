import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A fresh database with every committed migration applied, for one test file. Sets DATABASE_URL
 * for this test process, so call it before the first database access.
 *
 * SQLite (default): a new file, migrated with the real `prisma migrate deploy` (the path
 * `npm start` takes). PostgreSQL, when RELAYDESK_TEST_PG_TEMPLATE_URL names a migrated database
 * on a private cluster (the PG pass, scripts/test-postgres.mjs, sets it): a new database copied
 * from that template (CREATE DATABASE ... TEMPLATE, milliseconds instead of a migrate per file),
 * dropped again by cleanup().
 */
export function createTempDatabase(): { url: string; file: string; cleanup: () => void } {
  const template = process.env.RELAYDESK_TEST_PG_TEMPLATE_URL;
  if (template) return createTempPostgresDatabase(template);
  const dir = mkdtempSync(path.join(tmpdir(), "relaydesk-test-"));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  const prisma = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  const result = spawnSync(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  process.env.DATABASE_URL = url;
  return { url, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function psql(serverUrl: string, sql: string): void {
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  const result = spawnSync("psql", [admin.toString(), "-v", "ON_ERROR_STOP=1", "-qc", sql], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql failed (${sql}):\n${result.stderr}`);
}

function createTempPostgresDatabase(templateUrl: string): { url: string; file: string; cleanup: () => void } {
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `t_${randomBytes(6).toString("hex")}`;
  psql(templateUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  return {
    url: url.toString(),
    file: "",
    cleanup: () => {
      try {
        psql(templateUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {
        // the cluster is thrown away at the end of the pass anyway
      }
    },
  };
}
