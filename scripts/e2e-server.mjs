#!/usr/bin/env node
// Playwright's web server: a fresh SQLite database (or the PostgreSQL database the PG pass gives in
// RELAYDESK_E2E_DATABASE_URL, created empty for it), migrated and seeded (knowledge base and the
// e2e staff accounts), then `next start`; the admin comes from RELAYDESK_ADMIN_EMAIL/PASSWORD.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { bin, migrateAndSeed, root, run, serve } from "./lib/prepare.mjs";

function freshSqliteUrl() {
  const file = path.join(root, "data", "e2e.db");
  mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  return `file:${file}`;
}
const databaseUrl = process.env.RELAYDESK_E2E_DATABASE_URL || freshSqliteUrl();
const env = { ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" };
migrateAndSeed(env);
run("e2e staff accounts", bin("tsx"), ["e2e/fixtures/seed-staff.ts"], env);
serve(process.env.E2E_PORT ?? "3200", env, "127.0.0.1");
