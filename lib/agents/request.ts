/**
 * Server side: authentication of the agent endpoints (/api/agent/*). They take only an agent's
 * bearer token (never a session cookie or a staff API token). Do not import from client code.
 */
import { jsonError } from "@/lib/http/responses";
import { agentForToken, bearerOf, type AgentIdentity } from "./store";

export async function authorizeAgent(request: Request): Promise<AgentIdentity | Response> {
  const token = bearerOf(request.headers);
  if (!token) return jsonError(401, "agent_token_required", "The agent endpoints take an agent's token: Authorization: Bearer rda_…", request);
  const agent = await agentForToken(token);
  if (!agent) return jsonError(401, "invalid_agent_token", "The agent token is unknown or was revoked.", request);
  return agent;
}

/** A header's value as plain printable text of at most `max` characters, or null. */
export function headerText(headers: Headers, name: string, max: number): string | null {
  const value = headers.get(name)?.replace(/[^\x20-\x7e]/g, "").trim();
  return value ? value.slice(0, max) : null;
}
