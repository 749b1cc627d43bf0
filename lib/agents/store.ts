/**
 * Server side: the probe agents' table (ProbeAgent). Tokens are stored hashed, like API tokens
 * (lib/auth/tokens.ts); online means a console instance holds the agent's connection and it was
 * seen within OFFLINE_AFTER_MS. Also used by `relaydesk agent token create` (its own bundle).
 */
import { randomBytes } from "node:crypto";
import { hashSecret } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db/client";
import { AGENT_NAME_PATTERN, AGENT_NAME_RULE, AGENT_TOKEN_PREFIX, OFFLINE_AFTER_MS } from "./protocol";

export class AgentError extends Error {
  constructor(
    message: string,
    readonly code: "invalid_name" | "name_taken" | "not_found" = "invalid_name",
  ) {
    super(message);
    this.name = "AgentError";
  }
}

export interface AgentSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  version: string | null;
  address: string | null;
  online: boolean;
}

/** The identity of an agent's request (its bearer token). */
export interface AgentIdentity {
  id: string;
  name: string;
}

interface AgentRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  version: string | null;
  address: string | null;
  instanceId: string | null;
}

export function isOnline(row: Pick<AgentRow, "revokedAt" | "lastSeenAt" | "instanceId">, now = Date.now()): boolean {
  return !row.revokedAt && row.instanceId !== null && row.lastSeenAt !== null && now - row.lastSeenAt.getTime() < OFFLINE_AFTER_MS;
}

function summary(row: AgentRow, now = Date.now()): AgentSummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    version: row.version,
    address: row.address,
    online: isOnline(row, now),
  };
}

/** Checks an agent name; returns it trimmed or throws AgentError. */
export function validAgentName(name: string): string {
  const trimmed = name.trim();
  if (!AGENT_NAME_PATTERN.test(trimmed)) throw new AgentError(`An agent name is ${AGENT_NAME_RULE}.`);
  if (trimmed.toLowerCase() === "console") throw new AgentError('"console" is the console\'s own vantage point; choose another name.');
  return trimmed;
}

/** Creates an agent; returns its token, once. A revoked agent's name may be used again. */
export async function createAgent(input: { name: string; createdById?: string | null }): Promise<{ id: string; name: string; token: string }> {
  const name = validAgentName(input.name);
  const db = getDb();
  const existing = await db.probeAgent.findUnique({ where: { name } });
  if (existing && !existing.revokedAt) throw new AgentError(`An agent named ${name} exists already.`, "name_taken");
  if (existing) await db.probeAgent.delete({ where: { id: existing.id } });
  const token = AGENT_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.probeAgent.create({
    data: { name, tokenHash: hashSecret(token), prefix: token.slice(0, AGENT_TOKEN_PREFIX.length + 6), createdById: input.createdById ?? null },
  });
  return { id: row.id, name: row.name, token };
}

/** The agent a bearer token belongs to, or null (unknown or revoked). */
export async function agentForToken(token: string): Promise<AgentIdentity | null> {
  if (!token.startsWith(AGENT_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await getDb().probeAgent.findUnique({ where: { tokenHash: hashSecret(token) }, select: { id: true, name: true, revokedAt: true } });
  if (!row || row.revokedAt) return null;
  return { id: row.id, name: row.name };
}

/** The bearer token of a request, or "". */
export function bearerOf(headers: Headers): string {
  const value = headers.get("authorization") ?? "";
  return /^Bearer\s+/i.test(value) ? value.replace(/^Bearer\s+/i, "").trim() : "";
}

export async function listAgents(): Promise<AgentSummary[]> {
  const rows = await getDb().probeAgent.findMany({ orderBy: { name: "asc" }, take: 500 });
  const now = Date.now();
  return rows.map((r) => summary(r, now));
}

/** Agents that are not revoked, by name (for `from`); the map's values say online or not. */
export async function findAgentsByName(names: readonly string[]): Promise<Map<string, AgentSummary>> {
  if (names.length === 0) return new Map();
  const rows = await getDb().probeAgent.findMany({ where: { name: { in: [...names] } } });
  const now = Date.now();
  return new Map(rows.map((r) => [r.name, summary(r, now)]));
}

/** Revokes an agent; returns its name, or null when there is no such agent. */
export async function revokeAgent(id: string): Promise<{ name: string; wasRevoked: boolean } | null> {
  const db = getDb();
  const row = await db.probeAgent.findUnique({ where: { id } });
  if (!row) return null;
  if (!row.revokedAt) await db.probeAgent.update({ where: { id }, data: { revokedAt: new Date(), instanceId: null } });
  return { name: row.name, wasRevoked: row.revokedAt !== null };
}

/** The agent registered on this instance's stream: what it says about itself. */
export async function markAgentConnected(id: string, input: { instanceId: string; version: string | null; address: string | null }): Promise<void> {
  const now = new Date();
  await getDb().probeAgent.updateMany({
    where: { id, revokedAt: null },
    data: { instanceId: input.instanceId, version: input.version, address: input.address, connectedAt: now, lastSeenAt: now },
  });
}

/** Heartbeat: returns false when the agent has been revoked meanwhile. */
export async function markAgentSeen(id: string): Promise<boolean> {
  const { count } = await getDb().probeAgent.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: new Date() } });
  return count > 0;
}

/** The connection held by `instanceId` ended (another instance's newer connection is kept). */
export async function markAgentDisconnected(id: string, instanceId: string): Promise<void> {
  await getDb().probeAgent.updateMany({ where: { id, instanceId }, data: { instanceId: null } });
}

/** The agents a check can run from now (the check form's "Run from"). */
export async function listOnlineAgents(): Promise<Array<{ name: string; address: string | null }>> {
  const rows = await getDb().probeAgent.findMany({
    where: { revokedAt: null, instanceId: { not: null }, lastSeenAt: { gte: new Date(Date.now() - OFFLINE_AFTER_MS) } },
    select: { name: true, address: true },
    orderBy: { name: "asc" },
    take: 100,
  });
  return rows;
}

/** Whether the agent is online now, as the database says (any instance may hold its connection). */
export async function isAgentOnline(id: string): Promise<boolean> {
  const row = await getDb().probeAgent.findUnique({ where: { id }, select: { revokedAt: true, lastSeenAt: true, instanceId: true } });
  return row !== null && isOnline(row);
}
