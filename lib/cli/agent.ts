/**
 * `relaydesk agent --server URL --token T --name NAME [--allow CIDR,..] [--deny CIDR,..]
 * [--ports LIST|any] [--concurrency N] [--address IP]`: runs a probe agent (lib/agents/
 * agent-process.ts) until SIGINT/SIGTERM. `relaydesk agent token create --name NAME`: creates an
 * agent in the console's database (DATABASE_URL, as for `npm start`) and prints only its token.
 *
 * Its local target policy: the same defaults and environment variables as the console's
 * (RELAYDESK_PROBE_ALLOW_CIDRS / _DENY_CIDRS / _PORTS), with --allow / --deny / --ports replacing
 * them. The console cannot widen it: a job outside it is refused and reported as could_not_test.
 */
import { parseArgs } from "node:util";
import { version } from "../../package.json";
import { AGENT_NAME_PATTERN, AGENT_NAME_RULE, AGENT_TOKEN_PREFIX } from "../agents/protocol";
import { PolicyConfigError, policyFromEnv } from "../probes/policy";

export const AGENT_USAGE = `Usage:
  relaydesk agent --server URL --token TOKEN --name NAME [options]
  relaydesk agent token create --name NAME     (on the console's machine: prints only the new agent's token)

Runs a probe agent: it connects outbound (HTTP/HTTPS) to the RelayDesk console at URL and runs the
checks the console sends it, from this machine, under this machine's own target policy.
  --server URL           the console's address (http:// or https://)
  --token TOKEN          the agent's token (or RELAYDESK_AGENT_TOKEN), from the console's Agents page
  --name NAME            the agent's name as created on the console
  --allow CIDR,...       ranges checks may reach although denied by default (RELAYDESK_PROBE_ALLOW_CIDRS)
  --deny CIDR,...        ranges always refused (RELAYDESK_PROBE_DENY_CIDRS)
  --ports LIST|any       ports checks may use, e.g. 25,587 (RELAYDESK_PROBE_PORTS; default: mail ports)
  --concurrency N        checks run at once (default 8; up to 64 more wait)
  --address IP           the address to report (default: the one this machine uses to reach the console)
DNS: RELAYDESK_DNS_SERVERS (IP[:PORT],...) replaces the system's resolvers for the checks.
Stop with Ctrl-C or SIGTERM: a running check is abandoned and its partial result sent.`;

export interface AgentIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

export async function agentCommand(argv: string[], io: AgentIo): Promise<number> {
  if (argv[0] === "token") return agentTokenCommand(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        server: { type: "string" },
        token: { type: "string" },
        name: { type: "string" },
        allow: { type: "string" },
        deny: { type: "string" },
        ports: { type: "string" },
        concurrency: { type: "string" },
        address: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    });
  } catch (err) {
    io.stderr(`relaydesk agent: ${(err as Error).message}\n\n${AGENT_USAGE}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    io.stdout(`${AGENT_USAGE}\n`);
    return 0;
  }
  const problems: string[] = [];
  let server: URL | null = null;
  try {
    server = new URL(v.server ?? "");
    if (server.protocol !== "http:" && server.protocol !== "https:") problems.push("--server must be an http:// or https:// URL");
  } catch {
    problems.push("--server URL is required (the console's address, e.g. https://relaydesk.example.com)");
  }
  const token = v.token ?? io.env.RELAYDESK_AGENT_TOKEN ?? "";
  if (!token.startsWith(AGENT_TOKEN_PREFIX)) problems.push(`--token is required: an agent token (starts with ${AGENT_TOKEN_PREFIX})`);
  const name = v.name?.trim() ?? "";
  if (!AGENT_NAME_PATTERN.test(name)) problems.push(`--name NAME is required: ${AGENT_NAME_RULE}`);
  const concurrency = v.concurrency === undefined ? 8 : Number(v.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) problems.push("--concurrency is a whole number from 1 to 64");
  let policy;
  try {
    policy = policyFromEnv({
      ...io.env,
      ...(v.allow !== undefined ? { RELAYDESK_PROBE_ALLOW_CIDRS: v.allow } : {}),
      ...(v.deny !== undefined ? { RELAYDESK_PROBE_DENY_CIDRS: v.deny } : {}),
      ...(v.ports !== undefined ? { RELAYDESK_PROBE_PORTS: v.ports } : {}),
    });
  } catch (err) {
    if (!(err instanceof PolicyConfigError)) throw err;
    problems.push(`local target policy: ${err.message}`);
  }
  if (problems.length > 0 || !server || !policy) {
    io.stderr(`${problems.map((p) => `relaydesk agent: ${p}`).join("\n")}\n\n${AGENT_USAGE}\n`);
    return 2;
  }
  const described = policy.describe();
  const log = (line: string) => io.stderr(`${new Date().toISOString()} relaydesk agent ${name}: ${line}\n`);
  log(
    `local policy: ports ${described.ports === "any" ? "any" : described.ports.join(",")}; allowed besides public addresses: ${described.allowCidrs.join(",") || "none"}; denied: ${[...described.denyCidrs].join(",") || "defaults only"}`,
  );
  const { ProbeAgentProcess } = await import("../agents/agent-process");
  const agent = new ProbeAgentProcess({ server, token, name, version, policy, concurrency, maxQueued: 64, address: v.address, log });
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: shutting down`);
    agent.shutdown(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const code = await agent.run();
    log(code === 0 ? "stopped" : `stopped: ${agent.fatal}`);
    return code;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

async function agentTokenCommand(argv: string[], io: AgentIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { name: { type: "string" }, help: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr(`relaydesk: ${(err as Error).message}\n\n${AGENT_USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${AGENT_USAGE}\n`);
    return 0;
  }
  if (parsed.positionals[0] !== "create" || parsed.positionals.length !== 1) {
    io.stderr(`relaydesk: expected "agent token create --name NAME"\n\n${AGENT_USAGE}\n`);
    return 2;
  }
  const name = parsed.values.name?.trim() ?? "";
  if (!AGENT_NAME_PATTERN.test(name)) {
    io.stderr(`relaydesk: --name NAME is required: ${AGENT_NAME_RULE}\n`);
    return 2;
  }
  try {
    const { createAgentForCli } = await import("./agent-token-store");
    io.stdout(`${await createAgentForCli(name)}\n`);
    return 0;
  } catch (err) {
    const e = err as Error;
    io.stderr(`relaydesk: ${e.name === "AgentError" ? e.message : (e.stack ?? String(e))}\n`);
    return 1;
  }
}
