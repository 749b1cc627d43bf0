import type { NextRequest } from "next/server";
import { relayJobPost } from "@/lib/agents/agent-queue";
import { deliverJobPost } from "@/lib/agents/hub";
import { currentFlavour } from "@/lib/db/client";
import { agentJobPostSchema } from "@/lib/agents/validation";
import { MAX_JOB_POST_BYTES } from "@/lib/agents/protocol";
import { authorizeAgent } from "@/lib/agents/request";
import { readJsonBody } from "@/lib/http/body";
import { jsonError, jsonOk } from "@/lib/http/responses";
import { firstIssue } from "@/lib/diagnosis/validation";

/**
 * POST /api/agent/jobs/ID (agent token) { "events": [{ "t", "event" }], "dropped"?, "end"? }: a
 * batch of the job's events, and with "end" its results. 404 unknown_job: the job is not waiting
 * here any more (ended, past its deadline, or not this agent's): the agent stops it. On PostgreSQL
 * a post for a check running on another instance is relayed to it (lib/agents/agent-queue.ts).
 */
export async function POST(request: NextRequest, context: RouteContext<"/api/agent/jobs/[id]">) {
  const agent = await authorizeAgent(request);
  if (agent instanceof Response) return agent;
  const { id } = await context.params;
  if (!/^[0-9a-f-]{36}$/.test(id)) return jsonError(400, "invalid_job_id", "not a job id", request);
  const body = await readJsonBody(request, MAX_JOB_POST_BYTES, '{"events":[]}');
  if (!body.ok) return body.response;
  const parsed = agentJobPostSchema.safeParse(body.json);
  if (!parsed.success) return jsonError(400, "invalid_request", firstIssue(parsed.error), request);
  const post = { events: parsed.data.events, dropped: parsed.data.dropped ?? 0, end: parsed.data.end };
  let delivered = deliverJobPost(agent.id, id, post);
  // on PostgreSQL the check may run on another instance: the post goes there through the database
  if (delivered === "unknown" && currentFlavour() === "postgres") delivered = await relayJobPost(agent.id, id, post);
  if (delivered === "unknown") return jsonError(404, "unknown_job", "No such job waits for this agent (it ended or passed its deadline).", request);
  return jsonOk({ ok: true });
}
