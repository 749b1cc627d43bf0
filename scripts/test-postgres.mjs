#!/usr/bin/env node
// `npm run test:postgres`: the integration tests (every tests/ file that opens a database) and the
// end-to-end suite again, on PostgreSQL: a private cluster (scripts/pg-up.sh) in /tmp, the
// migrations applied to a template database each test file copies, and the e2e server on a
// database of its own. Type-check, lint and the pure unit tests are flavour-independent and run
// once, in `npm test`. The [SCALE] e2e tests start their own cluster in `npm test` and are not
// repeated here, nor are the [HARDENING] ones (request bodies, headers and Host names: nothing
// they check touches the database) or the [FLOW] ones (browser navigation, layout at two widths
// and no-JavaScript pages; the check streaming through the database they also cross is covered
// on PostgreSQL by [SCALE], [DIAGNOSIS] and [AGENTS]). Needs PostgreSQL (Debian's postgresql package).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { prismaCliEnv, bin, root } from "./lib/prepare.mjs";
import { postgresInstalled, startPrivateCluster } from "./lib/pg-cluster.mjs";

if (!postgresInstalled()) {
  console.error("test:postgres: PostgreSQL is not installed (apt-get install postgresql)");
  process.exit(1);
}

function testFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const p = path.join(dir, entry);
      if (statSync(p).isDirectory()) return testFiles(p);
      return entry.endsWith(".test.ts") ? [p] : [];
    });
}
// the integration tests: those that open a database through tests/helpers/temp-db.ts
const integration = testFiles(path.join(root, "tests"))
  .filter((f) => readFileSync(f, "utf8").includes("createTempDatabase("))
  .map((f) => path.relative(root, f));

const started = Date.now();
const cluster = await startPrivateCluster({ prefix: "relaydesk-test-pg-" });
let status = 0;
try {
  console.log(`== PostgreSQL pass: private cluster on 127.0.0.1:${cluster.port} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  const template = cluster.createDatabase("relaydesk_template");
  const migrate = spawnSync(bin("prisma"), ["migrate", "deploy"], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: prismaCliEnv({ ...process.env, DATABASE_URL: template }) });
  if (migrate.status !== 0) throw new Error("migrate deploy of the template database failed");
  const env = { ...process.env, RELAYDESK_TEST_PG_TEMPLATE_URL: template };

  console.log(`== PostgreSQL pass: ${integration.length} integration test files`);
  const unit = spawnSync(process.execPath, [path.join(root, "scripts", "run-unit-tests.mjs"), ...integration], { cwd: root, stdio: "inherit", env });
  if (unit.status !== 0) status = unit.status ?? 1;

  console.log("== PostgreSQL pass: end-to-end suite");
  const e2eDb = cluster.createDatabase("relaydesk_e2e");
  const e2e = spawnSync(process.execPath, [path.join(root, "scripts", "run-e2e.mjs"), "--grep-invert", "\\[(SCALE|HARDENING|FLOW)\\]"], {
    cwd: root,
    stdio: "inherit",
    env: { ...env, RELAYDESK_E2E_DATABASE_URL: e2eDb },
  });
  if (e2e.status !== 0 && status === 0) status = e2e.status ?? 1;
} catch (error) {
  console.error(`test:postgres: ${error instanceof Error ? error.message : error}`);
  status = 1;
} finally {
  cluster.stop();
}
console.log(`== PostgreSQL pass ${status === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.exit(status);
