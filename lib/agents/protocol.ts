/**
 * The probe-agent protocol (issue 14), shared by the console and `relaydesk agent`. Client-safe
 * and free of Node and database imports: the compiled command line bundles it.
 *
 * Transport: outbound HTTP(S) only, from the agent to the console.
 *  - GET  /api/agent/connect   (Authorization: Bearer AGENT_TOKEN; X-Relaydesk-Agent-* headers say
 *    name, version and address): registers, then stays open as an NDJSON stream of ServerMessage
 *    lines (hello, job, cancel, ping, bye). A streamed response rather than polling: a job reaches
 *    an idle agent the moment it is queued (no poll interval in the "run → first event" time), it
 *    crosses proxies and firewalls that pass HTTPS, and Next route handlers can serve it (they
 *    cannot upgrade to WebSockets). Pings every PING_MS let both sides notice a dead connection.
 *  - POST /api/agent/heartbeat                 renews "last seen" (and tells a revoked agent so).
 *  - POST /api/agent/jobs/JOB_ID               a batch of the job's events, and at the end its result.
 */

/** Agent tokens: "rda_" + 32 random bytes (base64url); only the SHA-256 is stored. */
export const AGENT_TOKEN_PREFIX = "rda_";
/** Agent names: what the check form, the API's `from` and the results show. */
export const AGENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const AGENT_NAME_RULE = "1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit";
/** The console's own vantage point in `from` and in vantagePoints. */
export const CONSOLE_VANTAGE = "console";

/** How often the console writes a ping line on an idle stream. */
export const PING_MS = 10_000;
/** How often the agent renews its "last seen". */
export const HEARTBEAT_MS = 10_000;
/** An agent not seen for this long is offline, whatever its connection row says. */
export const OFFLINE_AFTER_MS = 3 * HEARTBEAT_MS;
/** An agent stream that stays silent this long is taken for dead and reconnected. */
export const SILENT_STREAM_MS = 3 * PING_MS;

/** Events per POST to /api/agent/jobs/ID, and the most one job keeps waiting on the agent. */
export const MAX_EVENTS_PER_BATCH = 200;
export const MAX_QUEUED_EVENTS = 2_000;
/** Largest body the console takes on /api/agent/jobs/ID (a result carries whole transcripts). */
export const MAX_JOB_POST_BYTES = 4 * 1024 * 1024;
/** Longest NDJSON line the agent takes from the console. */
export const MAX_STREAM_LINE = 256 * 1024;

/** What a job asks: the check's target and steps (lib/diagnosis/run-check.ts CheckPlan). */
export interface AgentJobPlan {
  host: string;
  port?: number | undefined;
  mx?: boolean | undefined;
  steps: string[];
  recipient?: string | undefined;
  deadlineMs: number;
}

export interface AgentJob {
  id: string;
  diagnosisId: string | null;
  plan: AgentJobPlan;
}

/** Console → agent, one per NDJSON line of the connect stream. */
export type ServerMessage =
  | { type: "hello"; agentId: string; name: string; pingMs: number; heartbeatMs: number }
  | { type: "job"; job: AgentJob }
  | { type: "cancel"; jobId: string; reason: string }
  | { type: "ping" }
  /** The console ends the connection (revoked, replaced by a newer connection, shutting down). */
  | { type: "bye"; reason: string; reconnect: boolean };

/** One streamed event of a job: a CheckEvent (lib/diagnosis/live.ts) and ms since the job started. */
export interface AgentEvent {
  t: number;
  event: unknown;
}

/** How a job ended on the agent. */
export interface AgentJobEnd {
  /** StoredProbeResult[] (lib/diagnosis/record.ts), validated by the console. */
  results: unknown[];
  ended: "completed" | "deadline" | "cancelled" | "error";
  /** Why the agent did not (fully) test: its local policy refused, it was stopped, it was busy. */
  refused: string | null;
  abandoned: string | null;
}

/** Agent → console: POST /api/agent/jobs/ID. */
export interface AgentJobPost {
  events: AgentEvent[];
  /** Events dropped on the agent because its bounded queue was full. */
  dropped?: number;
  end?: AgentJobEnd;
}

/** Registration headers of GET /api/agent/connect. */
export const AGENT_HEADERS = { name: "x-relaydesk-agent-name", version: "x-relaydesk-agent-version", address: "x-relaydesk-agent-address" } as const;

/** Delay before reconnect attempt `n` (from 0): 0.5 s doubling to 30 s, with ±20 % jitter. */
export function reconnectDelayMs(n: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.min(n, 10));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Splits an NDJSON byte stream into parsed lines with a bound on a line's length (a console that
 * sends an endless line cannot make the agent buffer it). Push chunks, take whole messages.
 */
export class NdjsonSplitter {
  private buffer = "";
  constructor(private readonly maxLine: number = MAX_STREAM_LINE) {}

  /** Returns the complete lines' JSON values; throws when a line grows past maxLine. */
  push(chunk: string): unknown[] {
    this.buffer += chunk;
    const out: unknown[] = [];
    let newline = this.buffer.indexOf("\n");
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line) {
        try {
          out.push(JSON.parse(line));
        } catch {
          // not JSON: skipped (a proxy's keep-alive noise)
        }
      }
      newline = this.buffer.indexOf("\n");
    }
    if (this.buffer.length > this.maxLine) {
      this.buffer = "";
      throw new Error(`a stream line longer than ${this.maxLine} characters`);
    }
    return out;
  }
}

/** Parses one line of the console's stream; null when it is not a message this agent knows. */
export function parseServerMessage(value: unknown): ServerMessage | null {
  if (!value || typeof value !== "object") return null;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case "ping":
      return { type: "ping" };
    case "hello":
      return typeof m.agentId === "string" && typeof m.name === "string"
        ? { type: "hello", agentId: m.agentId, name: m.name, pingMs: Number(m.pingMs) || PING_MS, heartbeatMs: Number(m.heartbeatMs) || HEARTBEAT_MS }
        : null;
    case "cancel":
      return typeof m.jobId === "string" ? { type: "cancel", jobId: m.jobId, reason: typeof m.reason === "string" ? m.reason : "cancelled" } : null;
    case "bye":
      return { type: "bye", reason: typeof m.reason === "string" ? m.reason : "closed", reconnect: m.reconnect === true };
    case "job": {
      const job = m.job as Record<string, unknown> | undefined;
      const plan = job?.plan as Record<string, unknown> | undefined;
      if (!job || typeof job.id !== "string" || !plan || typeof plan.host !== "string" || !Array.isArray(plan.steps)) return null;
      const deadlineMs = Number(plan.deadlineMs);
      if (!Number.isFinite(deadlineMs) || deadlineMs < 1) return null;
      return {
        type: "job",
        job: {
          id: job.id,
          diagnosisId: typeof job.diagnosisId === "string" ? job.diagnosisId : null,
          plan: {
            host: plan.host,
            ...(typeof plan.port === "number" ? { port: plan.port } : {}),
            ...(plan.mx === true ? { mx: true } : {}),
            steps: plan.steps.filter((s): s is string => typeof s === "string"),
            ...(typeof plan.recipient === "string" ? { recipient: plan.recipient } : {}),
            deadlineMs,
          },
        },
      };
    }
    default:
      return null;
  }
}
