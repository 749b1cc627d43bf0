import type { NextRequest } from "next/server";
import { authorizeRequest } from "@/lib/auth/require";
import { listAgents } from "@/lib/agents/store";
import { jsonOk } from "@/lib/http/responses";

/**
 * GET /api/agents → { "agents": [{ "name", "online", "lastSeenAt", "version", "address" }] }: the
 * probe agents a check can name in "from" (revoked ones are left out). Needs helpdesk.
 */
export async function GET(request: NextRequest) {
  const staff = await authorizeRequest(request, "helpdesk");
  if (staff instanceof Response) return staff;
  const agents = (await listAgents()).filter((a) => !a.revokedAt);
  return jsonOk({ agents: agents.map(({ name, online, lastSeenAt, version, address }) => ({ name, online, lastSeenAt, version, address })) });
}
