#!/usr/bin/env node
// Playwright's web server: a fresh SQLite database, migrated and seeded, then `next start`.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { bin, migrateAndSeed, root } from "./lib/prepare.mjs";

const file = path.join(root, "data", "e2e.db");
mkdirSync(path.dirname(file), { recursive: true });
for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
const env = { ...process.env, DATABASE_URL: `file:${file}`, NEXT_TELEMETRY_DISABLED: "1" };
migrateAndSeed(env);
const port = process.env.E2E_PORT ?? "3200";
const server = spawn(bin("next"), ["start", "-p", port, "-H", "127.0.0.1"], { stdio: "inherit", env, cwd: root });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
