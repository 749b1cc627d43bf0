#!/usr/bin/env node
// `npm run test:e2e`: build when stale, then Playwright (its webServer prepares a fresh database).
import { spawnSync } from "node:child_process";
import { bin, buildIfStale, root } from "./lib/prepare.mjs";

buildIfStale();
const result = spawnSync(bin("playwright"), ["test", ...process.argv.slice(2)], { stdio: "inherit", cwd: root, env: process.env });
process.exit(result.status ?? 1);
