/**
 * Server side: one agent's part of a check. Sends the job to the agent: on SQLite on its
 * connection in this process, on PostgreSQL to the agent's own pg-boss queue, fetched by whichever
 * instance holds its connection (lib/agents/agent-queue.ts). Relays its events tagged with the vantage point as they arrive, and resolves with
 * the agent's results when it reports its end, or with nothing and a plain reason when it is
 * offline, loses its connection, or misses the part's deadline (the check's deadline plus
 * RESULT_GRACE_MS for the result to travel). Every job an agent ran is audited ("agent.job").
 * Do not import from client code.
 */
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record";
import type { CheckEvent } from "@/lib/diagnosis/live";
import { probeResultSchema, type RunEnd, type StoredProbeResult } from "@/lib/diagnosis/record";
import { logEvent } from "@/lib/ops/log";
import { currentFlavour } from "@/lib/db/client";
import { cancelAgentJob, sendAgentJob } from "./agent-queue";
import { addPart, removePart, sendCancel, sendJob } from "./hub";
import { isAgentOnline } from "./store";
import type { AgentEvent, AgentJobEnd, AgentJobPlan } from "./protocol";

/** Time past the check's deadline for the agent's result to arrive. */
export const RESULT_GRACE_MS = 5_000;
/** Time an agent whose connection dropped mid-job has to reconnect or report before its part ends. */
export const LOST_GRACE_MS = 3_000;
/** Time a cancelled agent has to send its partial result. */
const CANCEL_GRACE_MS = 3_000;

export interface AgentPartResult {
  results: StoredProbeResult[];
  ended: RunEnd;
  /** Why this vantage point could not (fully) test; null when it ran. */
  reason: string | null;
}

const PROBE_KINDS = new Set(["smtp", "pop3", "tcp", "dns"]);

/** Accepts a CheckEvent from an agent only in the shapes the live view knows. */
export function agentCheckEvent(value: unknown): CheckEvent | null {
  if (!value || typeof value !== "object") return null;
  const e = value as Record<string, unknown>;
  if (typeof e.kind !== "string" || !PROBE_KINDS.has(e.kind)) return null;
  if (e.type === "probe-start" && typeof e.label === "string") return e as unknown as CheckEvent;
  if (e.type === "probe-end" && typeof e.completed === "boolean" && typeof e.durationMs === "number") return e as unknown as CheckEvent;
  if (e.type === "probe-event" && e.event && typeof e.event === "object" && typeof (e.event as { type?: unknown }).type === "string") return e as unknown as CheckEvent;
  return null;
}

/** The agent's results, each checked against the stored shape; the rest are dropped and counted. */
export function acceptedResults(values: readonly unknown[]): { results: StoredProbeResult[]; rejected: number } {
  const results: StoredProbeResult[] = [];
  let rejected = 0;
  for (const v of values) {
    const parsed = probeResultSchema.safeParse(v);
    if (parsed.success) results.push(parsed.data);
    else rejected++;
  }
  return { results, rejected };
}

export async function runAgentPart(
  agent: { id: string; name: string },
  plan: AgentJobPlan,
  options: { diagnosisId?: string | null; signal?: AbortSignal; onEvent?: (event: CheckEvent) => void },
): Promise<AgentPartResult> {
  const jobId = randomUUID();
  const started = Date.now();
  const emit = (event: CheckEvent) => {
    try {
      options.onEvent?.({ ...event, vantage: agent.name });
    } catch {
      // a broken listener must not break the part
    }
  };
  const distributed = currentFlavour() === "postgres";
  const cancel = (reason: string) => {
    if (!distributed) sendCancel(agent.id, jobId, reason);
    else void cancelAgentJob(agent.id, jobId, reason).catch((e: unknown) => logEvent("error", "agent.cancel_failed", { jobId, message: String(e) }));
  };
  let sending: Promise<(() => Promise<void>) | null> = Promise.resolve(null);
  const outcome = await new Promise<AgentPartResult>((resolve) => {
    let settled = false;
    let lostTimer: NodeJS.Timeout | undefined;
    let cancelTimer: NodeJS.Timeout | undefined;
    const finish = (result: AgentPartResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(lostTimer);
      clearTimeout(cancelTimer);
      options.signal?.removeEventListener("abort", onAbort);
      removePart(jobId);
      resolve(result);
    };
    const deadline = setTimeout(() => {
      cancel("the check's deadline was reached");
      finish({ results: [], ended: "deadline", reason: `The agent ${agent.name} did not report its result within the check's deadline (${Math.round(plan.deadlineMs / 1000)} s).` });
    }, plan.deadlineMs + RESULT_GRACE_MS);
    const onAbort = () => {
      cancel("the check was cancelled");
      cancelTimer ??= setTimeout(() => finish({ results: [], ended: "cancelled", reason: "The check was cancelled." }), CANCEL_GRACE_MS);
    };
    addPart(jobId, {
      agentId: agent.id,
      onEvents(events: readonly AgentEvent[]) {
        clearTimeout(lostTimer);
        lostTimer = undefined;
        for (const e of events) {
          const event = agentCheckEvent(e.event);
          if (event) emit(event);
        }
      },
      onEnd(end: AgentJobEnd) {
        const { results, rejected } = acceptedResults(end.results);
        if (rejected > 0) logEvent("warn", "agent.results_rejected", { agent: agent.name, jobId, rejected });
        const reason = end.refused
          ? `The agent ${agent.name} refused: ${end.refused}`
          : end.abandoned
            ? `The agent ${agent.name} stopped before the check ended: ${end.abandoned}`
            : null;
        finish({ results, ended: options.signal?.aborted ? "cancelled" : end.ended, reason });
      },
      onConnectionLost(why: string) {
        lostTimer ??= setTimeout(
          () => finish({ results: [], ended: "error", reason: `The agent ${agent.name} lost its connection to the console during the check (${why}).` }),
          LOST_GRACE_MS,
        );
      },
    });
    if (options.signal?.aborted) return finish({ results: [], ended: "cancelled", reason: "The check was cancelled." });
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const job = { id: jobId, diagnosisId: options.diagnosisId ?? null, plan };
    const offline = { results: [], ended: "error", reason: `The agent ${agent.name} is offline: it has no open connection to the console.` } as const;
    if (!distributed) {
      if (!sendJob(agent.id, job)) finish({ ...offline, results: [] });
      return;
    }
    // online is the database's fact: the connection may be held by any instance
    sending = (async () => {
      if (!(await isAgentOnline(agent.id))) {
        finish({ ...offline, results: [] });
        return null;
      }
      return sendAgentJob(agent.id, job, Math.ceil((plan.deadlineMs + RESULT_GRACE_MS) / 1000) + 5);
    })().catch((error: unknown) => {
      logEvent("error", "agent.job_send_failed", { agent: agent.name, jobId, message: error instanceof Error ? error.message : String(error) });
      finish({ results: [], ended: "error", reason: `The job could not be queued for the agent ${agent.name}.` });
      return null;
    });
  });
  const endJob = await sending;
  await endJob?.().catch(() => undefined);
  await recordAudit({
    action: "agent.job",
    target: agent.name,
    detail: {
      agentId: agent.id,
      jobId,
      diagnosisId: options.diagnosisId ?? null,
      host: plan.host,
      port: plan.port ?? null,
      steps: plan.steps,
      ended: outcome.ended,
      reason: outcome.reason,
      probes: outcome.results.length,
      durationMs: Date.now() - started,
    },
  });
  return outcome;
}
