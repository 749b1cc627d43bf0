/**
 * Runs once when the server starts. A live check runs inside the server process; checks left
 * "running" by a process that has ended will never finish, so they are marked as interrupted
 * by a restart (their pages say so instead of waiting forever).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { markInterruptedChecksOnStart } = await import("./lib/diagnosis/startup");
  await markInterruptedChecksOnStart();
}
