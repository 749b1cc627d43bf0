/**
 * `relaydesk` command line: probe smtp | pop3 | tcp | mx, and the finding
 * catalogue. Returns the exit status instead of exiting, so tests can call it.
 */
import { findingCatalogue } from "../probes/findings";
import { runProbe, type AnyProbeResult, type ProbeRequest } from "../probes/index";
import { PolicyConfigError, policyFromEnv } from "../probes/policy";
import { USAGE, UsageError, parseCli } from "./args";
import { formatCatalogue, formatResult } from "./format";
import { lookupKb, type KbLookup } from "./kb";
import { tokenCommand } from "./token";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
export const EXIT_DENIED = 3;

const defaultIo: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  env: process.env,
};

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  if (argv[0] === "token") return tokenCommand(argv.slice(1), io);
  if (argv[0] === "agent") {
    // the agent's modules load only for this command
    const { agentCommand } = await import("./agent");
    return agentCommand(argv.slice(1), io);
  }
  if (argv[0] === "kb") {
    // the database client and the knowledge-base modules load only for this command
    const { runKbCommand } = await import("./kb-admin");
    return runKbCommand(argv.slice(1), io);
  }
  let cmd;
  try {
    cmd = parseCli(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`relaydesk: ${err.message}\n\n${USAGE}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
  if (cmd.command === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (cmd.command === "findings") {
    io.stdout(cmd.json ? `${JSON.stringify(findingCatalogue(), null, 2)}\n` : formatCatalogue());
    return EXIT_OK;
  }

  let policy;
  try {
    policy = policyFromEnv(io.env);
  } catch (err) {
    if (err instanceof PolicyConfigError) {
      io.stderr(`relaydesk: bad probe policy configuration: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }

  // Ctrl-C cancels the probe cleanly (partial result printed)
  const ctl = new AbortController();
  const onSigint = (): void => ctl.abort();
  process.once("SIGINT", onSigint);
  let result: AnyProbeResult;
  try {
    result = await runProbe({ kind: cmd.kind, ...cmd.options, policy, signal: ctl.signal } as ProbeRequest);
  } catch (err) {
    if ((err as { code?: string }).code === "EINVALID") {
      io.stderr(`relaydesk: ${(err as Error).message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`relaydesk: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return EXIT_INTERNAL;
  } finally {
    process.off("SIGINT", onSigint);
  }

  const denied = result.errors.find((e) => e.code === "EDENIED");
  const kb: KbLookup | null = cmd.kb && !denied ? await lookupKb(result) : null;

  if (cmd.json) {
    io.stdout(`${JSON.stringify({ ...result, knowledgeBase: kb ?? { available: false, reason: cmd.kb ? "not looked up" : "disabled (--no-kb)" } }, null, 2)}\n`);
  } else {
    io.stdout(formatResult(result, kb));
  }
  if (denied) {
    io.stderr(`relaydesk: target denied by policy: ${denied.message}\n`);
    return EXIT_DENIED;
  }
  if (result.errors.some((e) => e.code === "EINTERNAL")) return EXIT_INTERNAL;
  return EXIT_OK;
}
