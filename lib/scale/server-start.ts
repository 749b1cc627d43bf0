/**
 * Server side: what the console does when its server process starts (instrumentation.ts).
 * SQLite: one process owns the database, so checks left running by an earlier process are marked
 * interrupted. PostgreSQL: other instances may be running checks right now, so nothing is marked
 * here; this instance joins the live-check job queue (which also sweeps the checks of dead
 * instances), takes probe slots across instances and follows KB revisions by LISTEN.
 */
import { startAgentCluster } from "@/lib/agents/cluster";
import { currentFlavour } from "@/lib/db/client";
import { markInterruptedChecksOnStart } from "@/lib/diagnosis/startup";
import { runQueuedCheck } from "@/lib/diagnosis/service";
import { followKbRevisions } from "@/lib/kb/revision-cache";
import { logEvent } from "@/lib/ops/log";
import { installRequestLog } from "@/lib/ops/request-log";
import { limitsFromEnv, setDefaultLimiter } from "@/lib/probes/semaphore";
import { startLiveCheckJobs } from "./live-check-jobs";
import { SharedProbeLimiter } from "./probe-leases";

export async function startServer(): Promise<void> {
  installRequestLog();
  const flavour = currentFlavour();
  if (flavour === "sqlite") {
    await markInterruptedChecksOnStart();
    await startAgentCluster();
    logEvent("info", "server.start", { database: flavour });
    return;
  }
  setDefaultLimiter(new SharedProbeLimiter(limitsFromEnv()));
  try {
    await followKbRevisions();
    await startLiveCheckJobs(runQueuedCheck);
    await startAgentCluster();
    logEvent("info", "server.start", { database: flavour, jobs: "pg-boss" });
  } catch (error) {
    // a database not migrated yet must not keep the server from starting; /api/health says why
    logEvent("error", "server.start_incomplete", { database: flavour, message: error instanceof Error ? error.message : String(error) });
  }
}
