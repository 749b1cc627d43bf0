/**
 * The database side of `relaydesk agent token create` (a bundle of its own in the compiled CLI,
 * loaded only by that command).
 */
import { recordAudit } from "../audit/record";
import { createAgent } from "../agents/store";
import { getDb } from "../db/client";

/** Creates the agent; returns its token (shown once). */
export async function createAgentForCli(name: string): Promise<string> {
  const db = getDb();
  try {
    const created = await createAgent({ name });
    await recordAudit({ action: "agent.create", target: created.name, detail: { agentId: created.id, via: "cli" } });
    return created.token;
  } finally {
    await db.$disconnect();
  }
}
