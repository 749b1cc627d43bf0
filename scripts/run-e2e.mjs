#!/usr/bin/env node
// `npm run test:e2e`: build when stale, then Playwright (its webServer prepares a fresh database).
import { spawnSync } from "node:child_process";
import { POSTGRES_E2E_TAG, postgresTestsRun } from "./lib/postgres-suites.mjs";
import { bin, buildIfStale, root } from "./lib/prepare.mjs";

buildIfStale();
// the [SCALE] tests need PostgreSQL; the PostgreSQL pass (test:postgres) leaves them out itself
const args = process.argv.slice(2);
const scale = args.includes("--grep-invert") || postgresTestsRun("the [SCALE] two-instance e2e tests") ? [] : ["--grep-invert", POSTGRES_E2E_TAG];
const result = spawnSync(bin("playwright"), ["test", ...scale, ...args], { stdio: "inherit", cwd: root, env: process.env });
process.exit(result.status ?? 1);
