#!/usr/bin/env node
// Builds the compiled command line if stale, then runs every tests/**/*.test.ts with node's test runner (through tsx), one process per file.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { buildCliBundleIfStale } from "./lib/cli-bundle.mjs";
import { needsPostgres, postgresTestsRun } from "./lib/postgres-suites.mjs";
import { root } from "./lib/prepare.mjs";

function find(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const p = path.join(dir, entry);
      if (statSync(p).isDirectory()) return find(p);
      return entry.endsWith(".test.ts") ? [path.relative(root, p)] : [];
    });
}

// the CLI tests run the compiled command line; build it once here, not in every test process
await buildCliBundleIfStale();

let files = process.argv.length > 2 ? process.argv.slice(2) : find(path.join(root, "tests"));
const pgFiles = files.filter((f) => needsPostgres(readFileSync(path.join(root, f), "utf8")));
if (pgFiles.length > 0 && !postgresTestsRun(`the PostgreSQL tests in ${pgFiles.join(", ")}`)) files = files.filter((f) => !pgFiles.includes(f));
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], {
  stdio: "inherit",
  cwd: root,
  // RELAYDESK_LOG=off: no JSON log lines between the test results (a test may turn them on)
  env: { RELAYDESK_LOG: "off", ...process.env, NODE_ENV: "test" },
});
process.exit(result.status ?? 1);
