import type { NextRequest } from "next/server";
import { openAgentStream } from "@/lib/agents/connection-stream";
import { AGENT_HEADERS } from "@/lib/agents/protocol";
import { authorizeAgent, headerText } from "@/lib/agents/request";
import { jsonError } from "@/lib/http/responses";

/**
 * GET /api/agent/connect (Authorization: Bearer AGENT_TOKEN; X-Relaydesk-Agent-Name, -Version,
 * -Address): a probe agent registers and keeps this NDJSON stream open; the console sends it
 * jobs, cancels and pings on it (lib/agents/protocol.ts).
 */
export async function GET(request: NextRequest) {
  const agent = await authorizeAgent(request);
  if (agent instanceof Response) return agent;
  const name = headerText(request.headers, AGENT_HEADERS.name, 100);
  if (name !== null && name !== agent.name) {
    return jsonError(409, "agent_name_mismatch", `This token belongs to the agent ${agent.name}, not ${name}.`, request);
  }
  return openAgentStream(agent, {
    version: headerText(request.headers, AGENT_HEADERS.version, 40),
    address: headerText(request.headers, AGENT_HEADERS.address, 100),
  });
}
