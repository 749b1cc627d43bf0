/**
 * Server side: GET /api/agent/connect as an NDJSON stream (see lib/agents/protocol.ts). The
 * stream's buffer is bounded: an agent that stops reading (MAX_BUFFERED_BYTES waiting) is
 * disconnected rather than buffered without end. Do not import from client code.
 */
import { currentFlavour } from "@/lib/db/client";
import { logEvent } from "@/lib/ops/log";
import { instanceId } from "@/lib/scale/instance";
import { agentConnectedHere, agentConnectionLost } from "./agent-queue";
import { addConnection, removeConnection, type AgentConnection } from "./hub";
import { HEARTBEAT_MS, PING_MS, type ServerMessage } from "./protocol";
import { markAgentConnected, markAgentDisconnected, markAgentSeen, type AgentIdentity } from "./store";

/** Bytes the console keeps waiting for a slow agent before it drops the connection. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

export async function openAgentStream(agent: AgentIdentity, info: { version: string | null; address: string | null }): Promise<Response> {
  const encoder = new TextEncoder();
  const instance = instanceId();
  await markAgentConnected(agent.id, { instanceId: instance, version: info.version, address: info.address });
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let open = true;
  let ping: NodeJS.Timeout | undefined;
  let seen: NodeJS.Timeout | undefined;
  const cleanup = (reason: string) => {
    if (!open) return;
    open = false;
    clearInterval(ping);
    clearInterval(seen);
    if (removeConnection(connection, reason)) {
      void markAgentDisconnected(agent.id, instance).catch((e: unknown) => console.error("relaydesk: agent disconnect", e));
      // parts waiting on other instances for jobs written on this connection are told
      if (currentFlavour() === "postgres") void agentConnectionLost(agent.id, reason).catch((e: unknown) => console.error("relaydesk: agent jobs", e));
    }
    logEvent("info", "agent.disconnected", { agent: agent.name, reason });
  };
  const connection: AgentConnection = {
    agentId: agent.id,
    name: agent.name,
    send(message: ServerMessage): boolean {
      if (!open) return false;
      if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) {
        connection.close("the agent does not read its stream", true);
        return false;
      }
      try {
        controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
        return true;
      } catch {
        cleanup("stream closed");
        return false;
      }
    },
    close(reason: string, reconnect: boolean) {
      if (!open) return;
      try {
        controller.enqueue(encoder.encode(`${JSON.stringify({ type: "bye", reason, reconnect } satisfies ServerMessage)}\n`));
        controller.close();
      } catch {
        // already closed
      }
      cleanup(reason);
    },
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        addConnection(connection);
        connection.send({ type: "hello", agentId: agent.id, name: agent.name, pingMs: PING_MS, heartbeatMs: HEARTBEAT_MS });
        ping = setInterval(() => connection.send({ type: "ping" }), PING_MS);
        // while this instance holds the connection the agent counts as seen, even between heartbeats
        seen = setInterval(() => {
          void markAgentSeen(agent.id).then((live) => {
            if (!live) connection.close("the agent was revoked", false);
          }, () => undefined);
        }, HEARTBEAT_MS);
        ping.unref?.();
        seen.unref?.();
        // on PostgreSQL this instance now fetches from the agent's own queue
        if (currentFlavour() === "postgres") {
          void agentConnectedHere(agent.id).catch((e: unknown) => logEvent("error", "agent_jobs.start_failed", { agent: agent.name, message: String(e) }));
        }
        logEvent("info", "agent.connected", { agent: agent.name, version: info.version, address: info.address });
      },
      cancel() {
        cleanup("the agent closed its connection");
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" },
  });
}
