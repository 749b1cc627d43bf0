/**
 * Helper of bench/probe-concurrency.bench.ts: runs the test mail server
 * (smtp-server with STARTTLS) in its own process, so the bench process only
 * measures the probe side. Prints the port as JSON, stops on stdin end.
 */
import { startMailServer } from "../tests/peers/index";

const server = await startMailServer({});
process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void server.close().then(() => process.exit(0));
});
