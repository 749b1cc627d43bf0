/**
 * Server side: the probe agents connected to this console process and the agent parts of checks
 * waiting for their events. Both live on globalThis (route handlers and server actions may be
 * bundled as separate module copies). One connection per agent: a newer one replaces the older.
 * Do not import from client code.
 */
import type { AgentEvent, AgentJob, AgentJobEnd, ServerMessage } from "./protocol";

/** An agent's open NDJSON stream on this instance. */
export interface AgentConnection {
  agentId: string;
  name: string;
  /** Writes one message; false when the stream is closed or its buffer is full (then it is closed). */
  send(message: ServerMessage): boolean;
  /** Ends the stream (after a "bye" line). */
  close(reason: string, reconnect: boolean): void;
}

/** Where a job's events and end go: the check waiting for the agent's part. */
export interface PartSink {
  agentId: string;
  onEvents(events: readonly AgentEvent[], dropped: number): void;
  onEnd(end: AgentJobEnd): void;
  /** The agent's connection ended while the job ran. */
  onConnectionLost(reason: string): void;
}

interface HubState {
  connections: Map<string, AgentConnection>;
  parts: Map<string, PartSink>;
}

const KEY = Symbol.for("relaydesk.agentHub");
const hub: HubState = ((globalThis as Record<symbol, unknown>)[KEY] as HubState | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = { connections: new Map(), parts: new Map() } satisfies HubState);

/** Adds the agent's connection, replacing (and closing) an older one of the same agent. */
export function addConnection(connection: AgentConnection): void {
  const older = hub.connections.get(connection.agentId);
  hub.connections.set(connection.agentId, connection);
  if (older && older !== connection) older.close("replaced by a newer connection of the same agent", false);
}

/** Removes the connection if it is still the agent's current one; its running jobs are told. */
export function removeConnection(connection: AgentConnection, reason: string): boolean {
  if (hub.connections.get(connection.agentId) !== connection) return false;
  hub.connections.delete(connection.agentId);
  for (const part of [...hub.parts.values()]) if (part.agentId === connection.agentId) part.onConnectionLost(reason);
  return true;
}

export function connectionOf(agentId: string): AgentConnection | undefined {
  return hub.connections.get(agentId);
}

/** Agents connected to this instance now. */
export function connectedAgentIds(): string[] {
  return [...hub.connections.keys()];
}

/** Ends the agent's connection on this instance at once (revoked). */
export function closeAgent(agentId: string, reason: string): boolean {
  const connection = hub.connections.get(agentId);
  if (!connection) return false;
  connection.close(reason, false);
  removeConnection(connection, reason);
  return true;
}

/** Sends a job to the agent's connection on this instance; false when it has none here. */
export function sendJob(agentId: string, job: AgentJob): boolean {
  const connection = hub.connections.get(agentId);
  return connection ? connection.send({ type: "job", job }) : false;
}

export function sendCancel(agentId: string, jobId: string, reason: string): boolean {
  const connection = hub.connections.get(agentId);
  return connection ? connection.send({ type: "cancel", jobId, reason }) : false;
}

export function addPart(jobId: string, sink: PartSink): void {
  hub.parts.set(jobId, sink);
}

export function removePart(jobId: string): void {
  hub.parts.delete(jobId);
}

/** Tells the waiting part that the agent's connection (on another instance) ended; false when none waits here. */
export function deliverConnectionLost(jobId: string, reason: string): boolean {
  const part = hub.parts.get(jobId);
  if (!part) return false;
  part.onConnectionLost(reason);
  return true;
}

/**
 * Hands an agent's POST to the waiting part. "unknown": no such job waits here (ended, or never
 * sent to this agent); a job is only ever accepted from the agent it was sent to.
 */
export function deliverJobPost(agentId: string, jobId: string, post: { events: readonly AgentEvent[]; dropped: number; end?: AgentJobEnd | undefined }): "ok" | "unknown" {
  const part = hub.parts.get(jobId);
  if (!part || part.agentId !== agentId) return "unknown";
  if (post.events.length > 0 || post.dropped > 0) part.onEvents(post.events, post.dropped);
  if (post.end) part.onEnd(post.end);
  return "ok";
}
