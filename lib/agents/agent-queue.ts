/**
 * Server side, PostgreSQL: agent jobs across console instances (issue 14: "jobs go to each
 * agent's own queue"). The instance running a check sends the agent's part to the agent's own
 * pg-boss queue (relaydesk_agent_<agentId>, the job's id is the part's job id) and NOTIFYs
 * relaydesk_agent_job_ready; the instance holding the agent's connection fetches from that queue
 * (at once on the notification, else within POLL_MS) and writes the job on the agent's stream.
 * The agent posts its events and result to whichever instance it reaches: there the post goes to
 * the waiting part directly when the part runs on that instance, otherwise it is stored (the
 * LiveCheckEvent table, under the key "agent-job:<jobId>") and NOTIFY relaydesk_agent_reply wakes
 * the running instance, which reads it and hands it to the part as if posted locally. A post is
 * accepted from another instance only while the job is active in that agent's queue, so only the
 * agent it was sent to can answer, and only until the part ends. On SQLite everything stays in
 * process (lib/agents/hub.ts). Do not import from client code.
 */
import PgBoss from "pg-boss";
import { getDb } from "@/lib/db/client";
import { listen } from "@/lib/db/pg-listen";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { logEvent } from "@/lib/ops/log";
import { connectedAgentIds, connectionOf, deliverConnectionLost, deliverJobPost, sendCancel, sendJob } from "./hub";
import type { AgentEvent, AgentJob, AgentJobEnd } from "./protocol";

export const READY_CHANNEL = "relaydesk_agent_job_ready";
export const REPLY_CHANNEL = "relaydesk_agent_reply";
export const CANCEL_CHANNEL = "relaydesk_agent_cancel";
/** How often an instance asks its connected agents' queues for jobs whose notification was lost. */
const POLL_MS = 1_000;
/** How often a running part reads its stored replies without a notification. */
const REPLY_POLL_MS = 1_000;
/** Jobs fetched per agent at once. */
const BATCH = 16;
/** Time a dispatched job is remembered here (for "lost" replies) past its deadline. */
const DISPATCH_MEMORY_MS = 15_000;

export const agentQueueName = (agentId: string) => `relaydesk_agent_${agentId}`;
const replyKey = (jobId: string) => `agent-job:${jobId}`;

/** A stored reply: an agent's post, or the dispatching instance saying the connection ended. */
type StoredReply = { events: AgentEvent[]; dropped: number; end?: AgentJobEnd } | { lost: string };

interface JobData {
  job: AgentJob;
}

interface State {
  boss: PgBoss | null;
  starting: Promise<PgBoss> | null;
  queues: Set<string>;
  fetching: Set<string>;
  again: Set<string>;
  /** jobs this instance wrote on an agent's stream: job id → agent id */
  dispatched: Map<string, string>;
  timers: NodeJS.Timeout[];
  unlisten: Array<() => void>;
}
const KEY = Symbol.for("relaydesk.agentQueue");
const state = ((globalThis as unknown as Record<symbol, State | undefined>)[KEY] ??= {
  boss: null,
  starting: null,
  queues: new Set(),
  fetching: new Set(),
  again: new Set(),
  dispatched: new Map(),
  timers: [],
  unlisten: [],
} satisfies State as State);

/** Starts (once) this instance's part: the queue client, the ready/cancel listeners, the poll. */
export function startAgentQueue(): Promise<PgBoss> {
  state.starting ??= (async () => {
    const boss = new PgBoss({ connectionString: resolveDatabaseUrl(), schema: "pgboss", max: 2, supervise: true, maintenanceIntervalSeconds: 10, deleteAfterDays: 1 });
    boss.on("error", (error: unknown) => logEvent("error", "agent_jobs.error", { message: error instanceof Error ? error.message : String(error) }));
    await boss.start();
    state.unlisten.push(
      await listen(READY_CHANNEL, (agentId) => {
        if (connectionOf(agentId)) void fetchFor(boss, agentId);
      }),
      await listen(CANCEL_CHANNEL, (payload) => {
        try {
          const { agentId, jobId, reason } = JSON.parse(payload) as { agentId: string; jobId: string; reason: string };
          sendCancel(agentId, jobId, reason);
        } catch {
          // not ours
        }
      }),
    );
    const poll = setInterval(() => {
      for (const agentId of connectedAgentIds()) void fetchFor(boss, agentId);
    }, POLL_MS);
    poll.unref();
    state.timers.push(poll);
    state.boss = boss;
    return boss;
  })().catch((error: unknown) => {
    state.starting = null;
    throw error;
  });
  return state.starting;
}

/** Stops this instance's part (tests; shutdown). */
export async function stopAgentQueue(): Promise<void> {
  for (const t of state.timers.splice(0)) clearInterval(t);
  for (const u of state.unlisten.splice(0)) u();
  const boss = state.boss;
  state.boss = null;
  state.starting = null;
  state.queues.clear();
  await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
}

let creating: Promise<unknown> = Promise.resolve();

/**
 * Creates the agent's queue once. pg-boss creates a table per queue: two creations at once may
 * deadlock in PostgreSQL, so this process creates one at a time and retries a creation that lost.
 */
async function ensureQueue(boss: PgBoss, agentId: string): Promise<string> {
  const name = agentQueueName(agentId);
  if (state.queues.has(name)) return name;
  const create = creating.then(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await boss.createQueue(name, { name, retryLimit: 0 });
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 150));
      }
    }
  });
  creating = create.catch(() => undefined);
  await create;
  state.queues.add(name);
  return name;
}

/** Fetches the agent's waiting jobs and writes them on its stream here. */
async function fetchFor(boss: PgBoss, agentId: string): Promise<void> {
  if (state.fetching.has(agentId)) {
    state.again.add(agentId);
    return;
  }
  state.fetching.add(agentId);
  try {
    do {
      state.again.delete(agentId);
      if (!connectionOf(agentId)) break;
      const jobs = await boss.fetch<JobData>(agentQueueName(agentId), { batchSize: BATCH });
      for (const { data } of jobs) {
        const job = data?.job;
        if (!job || typeof job.id !== "string") continue;
        if (!sendJob(agentId, job)) {
          await storeReply(job.id, { lost: "the agent's connection ended before its job could be written on it" });
          continue;
        }
        state.dispatched.set(job.id, agentId);
        setTimeout(() => state.dispatched.delete(job.id), job.plan.deadlineMs + DISPATCH_MEMORY_MS).unref();
      }
      if (jobs.length === BATCH) state.again.add(agentId);
    } while (state.again.has(agentId));
  } catch (error) {
    logEvent("error", "agent_jobs.fetch_failed", { agentId, message: error instanceof Error ? error.message : String(error) });
  } finally {
    state.fetching.delete(agentId);
  }
}

/** The agent's connection here ended: the parts waiting elsewhere for its dispatched jobs are told. */
export async function agentConnectionLost(agentId: string, reason: string): Promise<void> {
  for (const [jobId, owner] of [...state.dispatched]) {
    if (owner !== agentId) continue;
    state.dispatched.delete(jobId);
    await storeReply(jobId, { lost: reason }).catch((e: unknown) => logEvent("error", "agent_jobs.reply_failed", { jobId, message: String(e) }));
  }
}

/** Appends a reply for a part running on another instance and wakes it. */
async function storeReply(jobId: string, reply: StoredReply): Promise<void> {
  const db = getDb();
  const key = replyKey(jobId);
  // several instances may answer one job: the next sequence number is taken, and taken again on a clash
  for (let attempt = 0; ; attempt++) {
    const last = await db.liveCheckEvent.findFirst({ where: { diagnosisId: key }, orderBy: { seq: "desc" }, select: { seq: true } });
    try {
      await db.liveCheckEvent.create({ data: { diagnosisId: key, seq: (last?.seq ?? 0) + 1, message: JSON.stringify(reply) } });
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
  await db.$executeRaw`SELECT pg_notify(${REPLY_CHANNEL}, ${jobId})`;
}

/**
 * An agent's post for a job whose part does not run on this instance: stored for the running
 * instance while the job is active in this agent's queue; "unknown" otherwise.
 */
export async function relayJobPost(agentId: string, jobId: string, post: { events: readonly AgentEvent[]; dropped: number; end?: AgentJobEnd | undefined }): Promise<"ok" | "unknown"> {
  const boss = await startAgentQueue();
  const job = await boss.getJobById(agentQueueName(agentId), jobId).catch(() => null);
  if (!job || job.state !== "active") return "unknown";
  await storeReply(jobId, { events: [...post.events], dropped: post.dropped, ...(post.end ? { end: post.end } : {}) });
  if (post.end) state.dispatched.delete(jobId);
  return "ok";
}

/**
 * Sends a part's job to the agent's queue and follows its replies stored by other instances
 * (handed to the part registered in the hub under the job's id). Returns the function that ends
 * the part: it stops following, settles the job in the queue and removes the stored replies.
 */
export async function sendAgentJob(agentId: string, job: AgentJob, expireInSeconds: number): Promise<() => Promise<void>> {
  const boss = await startAgentQueue();
  const queue = await ensureQueue(boss, agentId);
  const db = getDb();
  const key = replyKey(job.id);
  let last = 0;
  let reading = false;
  let again = false;
  const read = async () => {
    if (reading) return void (again = true);
    reading = true;
    try {
      do {
        again = false;
        const rows = await db.liveCheckEvent.findMany({ where: { diagnosisId: key, seq: { gt: last } }, orderBy: { seq: "asc" }, take: 100, select: { seq: true, message: true } });
        for (const row of rows) {
          last = row.seq;
          const reply = JSON.parse(row.message) as StoredReply;
          if ("lost" in reply) deliverConnectionLost(job.id, reply.lost);
          else deliverJobPost(agentId, job.id, reply);
        }
        if (rows.length === 100) again = true;
      } while (again);
    } catch (error) {
      logEvent("error", "agent_jobs.read_failed", { jobId: job.id, message: error instanceof Error ? error.message : String(error) });
    } finally {
      reading = false;
    }
  };
  const unlisten = await listen(REPLY_CHANNEL, (payload) => {
    if (payload === job.id) void read();
  });
  const poll = setInterval(() => void read(), REPLY_POLL_MS);
  poll.unref();
  await boss.send(queue, { job } satisfies JobData, { id: job.id, expireInSeconds, retryLimit: 0 });
  await db.$executeRaw`SELECT pg_notify(${READY_CHANNEL}, ${agentId})`;
  return async () => {
    clearInterval(poll);
    unlisten();
    // active: done; still waiting (the agent never fetched it): cancelled, so it is never sent later
    await boss.complete(queue, job.id).catch(() => undefined);
    await boss.cancel(queue, job.id).catch(() => undefined);
    await db.liveCheckEvent.deleteMany({ where: { diagnosisId: key } }).catch(() => undefined);
  };
}

/** Cancels a job on whichever instance holds the agent's connection. */
export async function cancelAgentJob(agentId: string, jobId: string, reason: string): Promise<void> {
  if (sendCancel(agentId, jobId, reason)) return;
  await getDb().$executeRaw`SELECT pg_notify(${CANCEL_CHANNEL}, ${JSON.stringify({ agentId, jobId, reason })})`;
}

/** An agent's connection opened here: this instance starts taking part and fetches the agent's waiting jobs. */
export async function agentConnectedHere(agentId: string): Promise<void> {
  const boss = await startAgentQueue();
  await ensureQueue(boss, agentId);
  await fetchFor(boss, agentId);
}
