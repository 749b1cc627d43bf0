import { startPrivateCluster, type PrivateCluster } from "../../scripts/lib/pg-cluster.mjs";

/**
 * A private PostgreSQL cluster for one test file. Files that call this run only where Debian's
 * postgresql package is installed: scripts/run-unit-tests.mjs decides (scripts/lib/postgres-suites.mjs).
 */
export async function startTestCluster(): Promise<PrivateCluster> {
  return startPrivateCluster({ prefix: "relaydesk-test-pg-" });
}

export type { PrivateCluster };
