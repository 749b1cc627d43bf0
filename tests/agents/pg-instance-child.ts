/**
 * A second console instance for tests/agents/cross-instance.test.ts: the real agent endpoints
 * (tests/agents/console-harness.ts) in their own process, on the PostgreSQL database of
 * DATABASE_URL. Prints "listening URL" on stdout; ends on SIGTERM.
 */
import { startAgentConsole } from "./console-harness";

const server = await startAgentConsole();
process.stdout.write(`listening ${server.url}\n`);
process.once("SIGTERM", () => {
  void server.close().finally(() => process.exit(0));
});
