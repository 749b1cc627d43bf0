"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { recordAudit, requestOrigin } from "@/lib/audit/record";
import { requireRole } from "@/lib/auth/require";
import { closeRevokedAgent } from "@/lib/agents/cluster";
import { AgentError, createAgent, revokeAgent } from "@/lib/agents/store";
import { agentNameFormSchema } from "@/lib/agents/validation";

export interface NewAgentState {
  token: string | null;
  name: string | null;
  error: string | null;
}

/** Creates a probe agent (admins); its token is returned once, here. */
export async function createAgentAction(_previous: NewAgentState, form: FormData): Promise<NewAgentState> {
  const staff = await requireRole("admin");
  const parsed = agentNameFormSchema.safeParse({ name: form.get("name") ?? "" });
  if (!parsed.success) return { token: null, name: null, error: parsed.error.issues[0]?.message ?? "Give the agent a name." };
  try {
    const created = await createAgent({ name: parsed.data.name, createdById: staff.userId });
    await recordAudit({ action: "agent.create", actor: staff, target: created.name, detail: { agentId: created.id }, ...requestOrigin(await headers()) });
    revalidatePath("/admin/agents");
    return { token: created.token, name: created.name, error: null };
  } catch (error) {
    if (error instanceof AgentError) return { token: null, name: null, error: error.message };
    throw error;
  }
}

/** Revokes a probe agent (admins): its token stops working and its connection ends at once, on every instance. */
export async function revokeAgentAction(form: FormData): Promise<void> {
  const staff = await requireRole("admin");
  const id = String(form.get("agentId") ?? "").slice(0, 64);
  const revoked = id ? await revokeAgent(id) : null;
  if (revoked && !revoked.wasRevoked) {
    await closeRevokedAgent(id);
    await recordAudit({ action: "agent.revoke", actor: staff, target: revoked.name, detail: { agentId: id }, ...requestOrigin(await headers()) });
  }
  revalidatePath("/admin/agents");
  redirect("/admin/agents");
}
