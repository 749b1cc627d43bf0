/**
 * Server side: live checks running in the background of this process, each tied to its saved
 * diagnosis id. What a check has seen so far is kept (bounded) so a page that opens or reloads
 * mid-run replays it and then follows the rest; cancel() stops the probes. The registry lives
 * on globalThis: route handlers and server actions may be bundled as separate module copies.
 * Do not import from client code.
 */
import type { CheckEvent, FinishedStatus, LiveMessage } from "./live";

/** Messages kept per run for replay; beyond it transcript lines are dropped (steps are kept). */
const MAX_KEPT = 5_000;
/** How long a finished run stays followable (late subscribers get "finished" and reload). */
const LINGER_MS = 60_000;

type Listener = (message: LiveMessage) => void;

interface Run {
  id: string;
  startedAt: number;
  kept: LiveMessage[];
  /** Latest unfinished line, replayed last (not kept: a trickle would fill the buffer). */
  partial: LiveMessage | null;
  listeners: Set<Listener>;
  controller: AbortController;
  finished: FinishedStatus | null;
  /** Also receives every message (on PostgreSQL: the database, so other instances can follow). */
  sink: ((message: LiveMessage) => void) | undefined;
}

const KEY = Symbol.for("relaydesk.liveRuns");
const registry: Map<string, Run> = ((globalThis as Record<symbol, unknown>)[KEY] as Map<string, Run> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new Map<string, Run>());

function publish(run: Run, message: LiveMessage): void {
  if (message.type === "check" && message.event.type === "probe-event" && message.event.event.type === "partial") {
    run.partial = message;
  } else {
    if (message.type === "check" && message.event.type === "probe-event" && message.event.event.type === "transcript") run.partial = null;
    const droppable = message.type === "check" && message.event.type === "probe-event" && message.event.event.type === "transcript";
    if (run.kept.length < MAX_KEPT || !droppable) run.kept.push(message);
  }
  try {
    run.sink?.(message);
  } catch (error) {
    console.error(`relaydesk: live check ${run.id}: storing an event failed`, error);
  }
  for (const listener of [...run.listeners]) {
    try {
      listener(message);
    } catch {
      run.listeners.delete(listener);
    }
  }
}

export interface BackgroundWork {
  signal: AbortSignal;
  onEvent: (event: CheckEvent) => void;
}

/**
 * Runs `work` in the background under the id; `work` resolves to the final status, and so does
 * the promise returned (for a durable job to complete). Never rejects: a failure is logged and
 * reported as "failed".
 */
export function launchRun(
  id: string,
  work: (hooks: BackgroundWork) => Promise<FinishedStatus>,
  options: { sink?: (message: LiveMessage) => void; startedAt?: number } = {},
): Promise<FinishedStatus> {
  const run: Run = {
    id,
    startedAt: options.startedAt ?? Date.now(),
    kept: [],
    partial: null,
    listeners: new Set(),
    controller: new AbortController(),
    finished: null,
    sink: options.sink,
  };
  registry.set(id, run);
  const onEvent = (event: CheckEvent) => publish(run, { type: "check", event, t: Date.now() - run.startedAt });
  return (async () => {
    let status: FinishedStatus;
    try {
      status = await work({ signal: run.controller.signal, onEvent });
    } catch (error) {
      console.error(`relaydesk: background check ${id} failed`, error);
      status = "failed";
    }
    run.finished = status;
    run.partial = null;
    publish(run, { type: "finished", status });
    run.listeners.clear();
    setTimeout(() => {
      if (registry.get(id) === run) registry.delete(id);
    }, LINGER_MS).unref?.();
    return status;
  })();
}

/** Ids of the checks running in this process now. */
export function runningIds(): string[] {
  return [...registry.values()].filter((r) => r.finished === null).map((r) => r.id);
}

export function isRunning(id: string): boolean {
  const run = registry.get(id);
  return run !== undefined && run.finished === null;
}

/** Stops the probes of a running check; false when it is not running here. */
export function cancelRun(id: string): boolean {
  const run = registry.get(id);
  if (!run || run.finished !== null) return false;
  run.controller.abort(new Error("cancelled by the user"));
  return true;
}

/**
 * Follows a run: `listener` first gets "sync" and everything seen so far, then each new
 * message until "finished". Returns null when the run is unknown here; else an unsubscribe.
 */
export function followRun(id: string, listener: Listener): (() => void) | null {
  const run = registry.get(id);
  if (!run) return null;
  listener({ type: "sync", id, elapsedMs: Date.now() - run.startedAt });
  for (const message of run.kept) listener(message);
  if (run.partial) listener(run.partial);
  if (run.finished !== null) {
    listener({ type: "finished", status: run.finished });
    return () => undefined;
  }
  run.listeners.add(listener);
  return () => run.listeners.delete(listener);
}
