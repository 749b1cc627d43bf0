/**
 * `relaydesk agent`: the probe agent's process. It connects outbound to the console
 * (lib/agents/protocol.ts), registers, heartbeats, runs the jobs it receives with the same probe
 * engine as the console (lib/diagnosis/run-check.ts) under ITS OWN target policy, streams the
 * events back and reconnects with backoff. States: connecting → connected → (backoff →
 * connecting)… → stopping → stopped; a refused token (revoked) stops it for good.
 *
 * Memory is bounded: at most `concurrency` jobs run and `maxQueued` wait (more are refused as
 * "busy"); each job's outgoing events wait in a queue of MAX_QUEUED_EVENTS (transcript lines
 * are dropped first, and counted); a line from the console longer than MAX_STREAM_LINE ends the
 * connection.
 */
import net from "node:net";
import { runCheck } from "../diagnosis/run-check";
import { CHECK_STEPS, type CheckStep } from "../diagnosis/steps";
import type { TargetPolicy } from "../probes/policy";
import {
  AGENT_HEADERS,
  HEARTBEAT_MS,
  MAX_EVENTS_PER_BATCH,
  MAX_QUEUED_EVENTS,
  NdjsonSplitter,
  SILENT_STREAM_MS,
  parseServerMessage,
  reconnectDelayMs,
  type AgentEvent,
  type AgentJob,
  type AgentJobEnd,
  type AgentJobPost,
  type ServerMessage,
} from "./protocol";

export type AgentState = "connecting" | "connected" | "backoff" | "stopping" | "stopped";

export interface AgentOptions {
  server: URL;
  token: string;
  name: string;
  version: string;
  policy: TargetPolicy;
  /** Jobs run at once; more wait (up to maxQueued), beyond that they are refused as busy. */
  concurrency: number;
  maxQueued: number;
  /** The address to report; by default the local address of a connection to the console. */
  address?: string | undefined;
  log: (line: string) => void;
}

const STEP_SET: ReadonlySet<string> = new Set(CHECK_STEPS);
/** Tries to deliver a job's end before giving up (the console's part then ends on its deadline). */
const END_ATTEMPTS = 5;

/** The address this machine uses to reach the console (the local end of a TCP connection to it). */
export function localAddressTowards(server: URL, timeoutMs = 2_000): Promise<string | null> {
  const port = Number(server.port) || (server.protocol === "https:" ? 443 : 80);
  const host = server.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (value: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.once("connect", () => done(socket.localAddress ?? null));
    socket.once("error", () => done(null));
  });
}

/** Bounded outgoing events of one job, posted in batches as they come. */
class JobOutbox {
  private queue: AgentEvent[] = [];
  private dropped = 0;
  private flushing: Promise<void> | null = null;
  /** Set when the console no longer wants this job (404). */
  unwanted = false;

  constructor(
    private readonly post: (body: AgentJobPost) => Promise<number>,
    private readonly onUnwanted: () => void,
  ) {}

  push(event: AgentEvent): void {
    if (this.queue.length >= MAX_QUEUED_EVENTS) {
      // transcript lines and partial lines go first; steps, findings, starts and ends are kept
      const index = this.queue.findIndex((e) => isDroppable(e.event));
      if (index === -1 && isDroppable(event.event)) {
        this.dropped++;
        return;
      }
      this.queue.splice(index === -1 ? 0 : index, 1);
      this.dropped++;
    }
    this.queue.push(event);
    void this.flush();
  }

  /** Posts what is queued; resolves when the queue is empty (or the console refused the job). */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        while (this.queue.length > 0 && !this.unwanted) {
          const events = this.queue.splice(0, MAX_EVENTS_PER_BATCH);
          const dropped = this.dropped;
          this.dropped = 0;
          const status = await this.post({ events, ...(dropped ? { dropped } : {}) }).catch(() => 0);
          if (status === 404) {
            this.unwanted = true;
            this.onUnwanted();
          }
        }
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  async end(end: AgentJobEnd): Promise<boolean> {
    await this.flush();
    if (this.unwanted) return false;
    for (let attempt = 0; attempt < END_ATTEMPTS; attempt++) {
      const status = await this.post({ events: [], ...(this.dropped ? { dropped: this.dropped } : {}), end }).catch(() => 0);
      if (status === 200) return true;
      if (status >= 400 && status < 500) return false;
      await sleep(reconnectDelayMs(attempt));
    }
    return false;
  }
}

function isDroppable(event: unknown): boolean {
  const e = event as { type?: string; event?: { type?: string } } | null;
  return e?.type === "probe-event" && (e.event?.type === "transcript" || e.event?.type === "partial");
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

interface RunningJob {
  job: AgentJob;
  controller: AbortController;
  outbox: JobOutbox;
  done: Promise<void>;
}

export class ProbeAgentProcess {
  state: AgentState = "connecting";
  /** Why the agent stopped for good (token refused), or null. */
  fatal: string | null = null;
  private readonly running = new Map<string, RunningJob>();
  private readonly waiting: AgentJob[] = [];
  private readonly stop = new AbortController();
  private stream: AbortController | null = null;
  private failures = 0;
  private stopReason: string | null = null;

  constructor(private readonly options: AgentOptions) {}

  get runningJobs(): number {
    return this.running.size;
  }

  /** Runs until stop() or a refused token; resolves with the exit status (0, or 4: token refused). */
  async run(): Promise<number> {
    const heartbeat = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    try {
      while (!this.stop.signal.aborted) {
        this.state = "connecting";
        const outcome = await this.connectOnce();
        if (outcome === "fatal" || this.stop.signal.aborted) break;
        this.state = "backoff";
        const delay = reconnectDelayMs(this.failures++);
        this.options.log(`connection ended (${outcome}); reconnecting in ${(delay / 1000).toFixed(1)} s`);
        await sleep(delay, this.stop.signal);
      }
    } finally {
      clearInterval(heartbeat);
    }
    await this.finishJobs();
    this.state = "stopped";
    return this.fatal ? 4 : 0;
  }

  /**
   * Clean shutdown (SIGINT/SIGTERM): running checks are abandoned (their partial results are sent
   * with the reason), waiting ones refused, the connection closed.
   */
  shutdown(reason: string): void {
    if (this.state === "stopping" || this.state === "stopped") return;
    this.stopReason = reason;
    this.state = "stopping";
    this.stop.abort();
    this.stream?.abort();
  }

  private url(path: string): string {
    return new URL(path, this.options.server).toString();
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.options.token}`, ...extra };
  }

  private async connectOnce(): Promise<string> {
    const address = this.options.address ?? (await localAddressTowards(this.options.server));
    const stream = new AbortController();
    this.stream = stream;
    let watchdog: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => stream.abort(new Error("the console's stream went silent")), SILENT_STREAM_MS);
    };
    try {
      const response = await fetch(this.url("/api/agent/connect"), {
        headers: this.headers({
          [AGENT_HEADERS.name]: this.options.name,
          [AGENT_HEADERS.version]: this.options.version,
          ...(address ? { [AGENT_HEADERS.address]: address } : {}),
          accept: "application/x-ndjson",
        }),
        signal: stream.signal,
      });
      if (response.status === 401 || response.status === 409) {
        const text = await response.text().catch(() => "");
        this.fatal = `the console refused this agent (${response.status}): ${messageOf(text)}`;
        this.options.log(this.fatal);
        return "fatal";
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        return `HTTP ${response.status}`;
      }
      arm();
      const splitter = new NdjsonSplitter();
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return "the console closed the stream";
        arm();
        for (const line of splitter.push(decoder.decode(value, { stream: true }))) {
          const message = parseServerMessage(line);
          if (message && this.onMessage(message, address) === "fatal") return "fatal";
        }
      }
    } catch (error) {
      if (this.stop.signal.aborted) return "stopping";
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return cause ?? (error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(watchdog);
      stream.abort();
      if (this.stream === stream) this.stream = null;
    }
  }

  private onMessage(message: ServerMessage, address: string | null): "fatal" | void {
    switch (message.type) {
      case "hello":
        this.state = "connected";
        this.failures = 0;
        this.options.log(`registered with ${this.options.server.origin} as ${message.name}${address ? ` (address ${address})` : ""}`);
        return;
      case "job":
        this.accept(message.job);
        return;
      case "cancel":
        this.running.get(message.jobId)?.controller.abort(new Error(message.reason));
        return;
      case "bye":
        this.options.log(`the console closed the connection: ${message.reason}`);
        if (/revoked/i.test(message.reason)) {
          this.fatal = message.reason;
          return "fatal";
        }
        return;
      default:
        return;
    }
  }

  private accept(job: AgentJob): void {
    if (this.running.has(job.id) || this.waiting.some((j) => j.id === job.id)) return;
    if (this.running.size < this.options.concurrency) this.start(job);
    else if (this.waiting.length < this.options.maxQueued) this.waiting.push(job);
    else void this.refuse(job, `the agent is busy (${this.running.size} checks running, ${this.waiting.length} waiting)`);
  }

  private postFor(jobId: string): (body: AgentJobPost) => Promise<number> {
    return async (body) => {
      const response = await fetch(this.url(`/api/agent/jobs/${encodeURIComponent(jobId)}`), {
        method: "POST",
        headers: this.headers({ "content-type": "application/json" }),
        body: JSON.stringify(body),
      });
      await response.body?.cancel().catch(() => undefined);
      return response.status;
    };
  }

  private async refuse(job: AgentJob, why: string): Promise<void> {
    const outbox = new JobOutbox(this.postFor(job.id), () => undefined);
    await outbox.end({ results: [], ended: "error", refused: why, abandoned: null });
  }

  private start(job: AgentJob): void {
    const controller = new AbortController();
    const outbox = new JobOutbox(this.postFor(job.id), () => controller.abort(new Error("the console no longer waits for this check")));
    const entry: RunningJob = { job, controller, outbox, done: Promise.resolve() };
    this.running.set(job.id, entry);
    entry.done = this.execute(entry).finally(() => {
      this.running.delete(job.id);
      const next = this.waiting.shift();
      if (next && !this.stop.signal.aborted) this.start(next);
    });
  }

  private async execute({ job, controller, outbox }: RunningJob): Promise<void> {
    const unknown = job.plan.steps.filter((s) => !STEP_SET.has(s));
    if (unknown.length > 0 || job.plan.steps.length === 0) {
      await outbox.end({ results: [], ended: "error", refused: `this agent does not know the step(s) ${unknown.join(", ") || "(none)"}; update it`, abandoned: null });
      return;
    }
    const started = Date.now();
    this.options.log(`job ${job.id.slice(0, 8)}: ${job.plan.host}${job.plan.port ? `:${job.plan.port}` : ""} (${job.plan.steps.join(", ")})`);
    let end: AgentJobEnd;
    try {
      const run = await runCheck(
        { host: job.plan.host, port: job.plan.port, mx: job.plan.mx, steps: job.plan.steps as CheckStep[], recipient: job.plan.recipient, deadlineMs: job.plan.deadlineMs },
        { signal: controller.signal, onEvent: (event) => outbox.push({ t: Date.now() - started, event }), runtime: { policy: this.options.policy } },
      );
      const denied = run.results.flatMap((r) => r.errors).find((e) => e.code === "EDENIED");
      const stopping = this.stopReason !== null && controller.signal.aborted;
      end = {
        results: run.results,
        ended: run.ended,
        refused: denied ? `its local target policy does not allow this target (${denied.message})` : null,
        abandoned: stopping ? `the agent was stopped (${this.stopReason}) while the check ran; partial results were kept` : null,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      end = { results: [], ended: "error", refused: /EINVALID|invalid|not a valid/i.test(message) ? `the target is not valid here: ${message}` : null, abandoned: `the check failed on the agent: ${message}` };
    }
    const delivered = await outbox.end(end);
    this.options.log(`job ${job.id.slice(0, 8)}: ${end.refused ? `refused: ${end.refused}` : end.abandoned ? `abandoned: ${end.abandoned}` : end.ended}${delivered ? "" : " (the console did not take the result)"}`);
  }

  private async heartbeat(): Promise<void> {
    if (this.state !== "connected") return;
    try {
      const response = await fetch(this.url("/api/agent/heartbeat"), { method: "POST", headers: this.headers() });
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 401) {
        this.fatal = "the console refused this agent's token (revoked)";
        this.options.log(this.fatal);
        this.stop.abort();
        this.stream?.abort();
      }
    } catch {
      // the stream's watchdog notices a console that is gone
    }
  }

  /** Stops every job: running ones are abandoned with their partial results, waiting ones refused. */
  private async finishJobs(): Promise<void> {
    const waiting = this.waiting.splice(0);
    const running = [...this.running.values()];
    if (running.length > 0 || waiting.length > 0) {
      this.options.log(`stopping: abandoning ${running.length} running check(s), refusing ${waiting.length} waiting`);
    }
    for (const r of running) r.controller.abort(new Error(`agent stopping (${this.stopReason ?? "shutdown"})`));
    const why = `the agent is shutting down (${this.stopReason ?? this.fatal ?? "stopped"})`;
    await Promise.race([Promise.all([...running.map((r) => r.done), ...waiting.map((j) => this.refuse(j, why))]), sleep(5_000)]);
  }
}

function messageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    return parsed.error?.message ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
