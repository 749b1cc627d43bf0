import { postgresInstalled, startPrivateCluster, type PrivateCluster } from "../../scripts/lib/pg-cluster.mjs";

/**
 * Tests that need PostgreSQL start their own private cluster (scripts/pg-up.sh) when Debian's
 * postgresql package is installed. Without it they are skipped with this reason, and the file
 * prints it once; with RELAYDESK_TEST_REQUIRE_POSTGRES=1 (CI) a missing PostgreSQL fails instead.
 */
export const POSTGRES_SKIP: string | false = (() => {
  if (postgresInstalled()) return false;
  const reason = "PostgreSQL is not installed (apt-get install postgresql); this test needs a private cluster";
  if (process.env.RELAYDESK_TEST_REQUIRE_POSTGRES === "1") throw new Error(`RELAYDESK_TEST_REQUIRE_POSTGRES=1 but ${reason}`);
  console.warn(`SKIPPED: ${reason}`);
  return reason;
})();

export async function startTestCluster(): Promise<PrivateCluster> {
  return startPrivateCluster({ prefix: "relaydesk-test-pg-" });
}

export type { PrivateCluster };
