/**
 * A real probe agent for tests, benchmarks and the end-to-end specs: `relaydesk agent ...` of the
 * compiled command line as a child process, with its log (stderr) kept for assertions.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface RunningAgent {
  name: string;
  child: ChildProcess;
  /** Everything the agent wrote on stderr (its log). */
  log: () => string;
  /** Resolves when the log has a line matching `pattern` (rejects after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const BIN = path.join(process.cwd(), "bin", "relaydesk.cjs");

/** Starts `relaydesk agent` as a child process; resolves once it has registered. */
export async function startAgent(options: {
  server: string;
  token: string;
  name: string;
  dnsServer?: string;
  allow?: string;
  ports?: string;
  extraArgs?: string[];
  waitRegistered?: boolean;
}): Promise<RunningAgent> {
  const args = [BIN, "agent", "--server", options.server, "--token", options.token, "--name", options.name];
  if (options.allow !== undefined) args.push("--allow", options.allow);
  if (options.ports !== undefined) args.push("--ports", options.ports);
  args.push(...(options.extraArgs ?? []));
  const env: Record<string, string | undefined> = { ...process.env, RELAYDESK_PROBE_ALLOW_CIDRS: undefined, RELAYDESK_PROBE_PORTS: undefined, RELAYDESK_DNS_SERVERS: options.dnsServer };
  const child = spawn(process.execPath, args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  const waiters = new Set<() => void>();
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => {
    log += d;
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(log)) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`agent ${options.name}: no ${pattern} within ${timeoutMs} ms; its log:\n${log}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const agent: RunningAgent = {
    name: options.name,
    child,
    log: () => log,
    waitFor,
    exited,
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.waitRegistered !== false) await waitFor(/registered with/);
  return agent;
}
