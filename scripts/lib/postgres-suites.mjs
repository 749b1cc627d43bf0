// Which PostgreSQL-backed tests `npm test` runs. They start a private cluster (scripts/pg-up.sh)
// and need Debian's postgresql package. A machine without it (a newcomer's bare clone) runs the
// rest of the suite and is told which tests it left out; with RELAYDESK_TEST_REQUIRE_POSTGRES=1
// (CI) a missing PostgreSQL fails. The decision is made here, once, so no test skips itself.
import { postgresInstalled } from "./pg-cluster.mjs";

/** Node test files that start their own cluster. */
export const needsPostgres = (source) => source.includes("startTestCluster(");
/** Playwright tests tagged [SCALE] start their own cluster and two console instances. */
export const POSTGRES_E2E_TAG = "\\[SCALE\\]";

/** true when the PostgreSQL tests run; false (with a notice naming them) when they cannot. */
export function postgresTestsRun(what) {
  if (postgresInstalled()) return true;
  const reason = "PostgreSQL is not installed (apt-get install postgresql)";
  if (process.env.RELAYDESK_TEST_REQUIRE_POSTGRES === "1") {
    console.error(`RELAYDESK_TEST_REQUIRE_POSTGRES=1 but ${reason}`);
    process.exit(1);
  }
  console.warn(`NOT RUN: ${what}: ${reason}; install it to run them`);
  return false;
}
