/**
 * Server side: what ties agent connections to the console instances. A revocation ends the
 * agent's connection at once on this instance and, on PostgreSQL, on every other one (NOTIFY
 * relaydesk_agent_revoked, which every instance LISTENs to from its start). At the start of an
 * SQLite console no agent can be connected yet, so connection rows left by an earlier process
 * are cleared. Do not import from client code.
 */
import { getDb, currentFlavour } from "@/lib/db/client";
import { listen } from "@/lib/db/pg-listen";
import { logEvent } from "@/lib/ops/log";
import { closeAgent } from "./hub";

export const REVOKED_CHANNEL = "relaydesk_agent_revoked";

const KEY = Symbol.for("relaydesk.agentCluster");
const state = ((globalThis as unknown as Record<symbol, { listening: Promise<void> | null } | undefined>)[KEY] ??= { listening: null });

/** Server start: SQLite forgets stale connections; PostgreSQL listens for revocations. */
export async function startAgentCluster(): Promise<void> {
  if (currentFlavour() === "sqlite") {
    await getDb().probeAgent.updateMany({ where: { instanceId: { not: null } }, data: { instanceId: null } });
    return;
  }
  state.listening ??= listen(REVOKED_CHANNEL, (agentId) => {
    if (closeAgent(agentId, "the agent was revoked")) logEvent("info", "agent.disconnected", { agentId, reason: "revoked" });
  }).then(() => undefined);
  await state.listening;
}

/** Ends a revoked agent's connection here, and on PostgreSQL on every instance. */
export async function closeRevokedAgent(agentId: string): Promise<void> {
  closeAgent(agentId, "the agent was revoked");
  if (currentFlavour() === "postgres") await getDb().$executeRaw`SELECT pg_notify(${REVOKED_CHANNEL}, ${agentId})`;
}
