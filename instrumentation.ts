/**
 * Runs once when the server starts (lib/scale/server-start.ts): request logs; on SQLite, checks
 * left "running" by a process that has ended are marked interrupted by a restart; on PostgreSQL,
 * the instance joins the live-check job queue and the shared probe limits.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/scale/server-start");
  await startServer();
}
