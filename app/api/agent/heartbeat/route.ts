import type { NextRequest } from "next/server";
import { authorizeAgent } from "@/lib/agents/request";
import { markAgentSeen } from "@/lib/agents/store";
import { jsonError, jsonOk } from "@/lib/http/responses";

/** POST /api/agent/heartbeat (agent token): renews the agent's "last seen". */
export async function POST(request: NextRequest) {
  const agent = await authorizeAgent(request);
  if (agent instanceof Response) return agent;
  if (!(await markAgentSeen(agent.id))) return jsonError(401, "invalid_agent_token", "The agent token is unknown or was revoked.", request);
  return jsonOk({ ok: true });
}
