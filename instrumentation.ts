/**
 * Runs once when the server starts (lib/scale/server-start.ts): request logs; on SQLite, checks
 * left "running" by a process that has ended are marked interrupted by a restart; on PostgreSQL,
 * the instance joins the live-check job queue and the shared probe limits. Then first run: with
 * no admin yet, create the one from RELAYDESK_ADMIN_EMAIL/RELAYDESK_ADMIN_PASSWORD or print a
 * one-time setup link (lib/auth/first-run.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/scale/server-start");
  await startServer();
  const { announceFirstRun } = await import("./lib/auth/first-run");
  await announceFirstRun();
}
