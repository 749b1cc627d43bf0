/**
 * Runs once when the server starts. A live check runs inside the server process; checks left
 * "running" by a process that has ended will never finish, so they are marked as interrupted
 * by a restart (their pages say so instead of waiting forever). Then first run: with no admin
 * yet, create the one from RELAYDESK_ADMIN_EMAIL/RELAYDESK_ADMIN_PASSWORD or print a one-time
 * setup link (lib/auth/setup.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { markInterruptedChecksOnStart } = await import("./lib/diagnosis/startup");
  await markInterruptedChecksOnStart();
  const { announceFirstRun } = await import("./lib/auth/first-run");
  await announceFirstRun();
}
