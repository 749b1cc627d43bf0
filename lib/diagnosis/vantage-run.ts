/**
 * Server side: one check from several vantage points at once (issue 14). The console's part runs
 * the probes here (lib/diagnosis/run-check.ts); each agent's part runs on the agent
 * (lib/agents/remote-part.ts). Every part keeps its own results; a part that could not run (agent
 * offline, past its deadline, refused by its local policy) ends with a plain reason and the other
 * parts still report. Do not import from client code.
 */
import { findAgentsByName } from "@/lib/agents/store";
import { CONSOLE_VANTAGE } from "@/lib/agents/protocol";
import { runAgentPart } from "@/lib/agents/remote-part";
import type { CheckEvent } from "./live";
import type { RunEnd, StoredProbeResult } from "./record";
import { runCheck, type CheckPlan, type RunCheckOptions } from "./run-check";

/** A name in `from` that cannot be used: unknown or revoked (400), offline (409). */
export class VantageRefusedError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 409,
    readonly code: "unknown_agent" | "agent_offline",
    readonly agent: string,
  ) {
    super(message);
    this.name = "VantageRefusedError";
  }
}

/** Where a part runs: the console, or an agent (null when it no longer exists: re-checks). */
export type Vantage =
  | { name: string; kind: "console" }
  | { name: string; kind: "agent"; agent: { id: string; name: string; address: string | null } | null; missing: string | null };

export interface VantagePart {
  name: string;
  kind: "console" | "agent";
  address: string | null;
  results: StoredProbeResult[];
  ended: RunEnd;
  reason: string | null;
}

/** `from` without duplicates, "console" first when present; the default is the console alone. */
export function normalizeFrom(from: readonly string[] | undefined): string[] {
  const names = [...new Set((from ?? [CONSOLE_VANTAGE]).map((n) => n.trim()))].filter(Boolean);
  return names.length === 0 ? [CONSOLE_VANTAGE] : names;
}

/**
 * Looks up the agents named in `from`. A new check refuses an unknown, revoked or offline agent
 * (VantageRefusedError, naming it); a re-check (`strict: false`) keeps every name and lets a part
 * that cannot run end as could_not_test with the reason.
 */
export async function resolveVantages(from: readonly string[], options: { strict: boolean }): Promise<Vantage[]> {
  const names = normalizeFrom(from);
  const agents = await findAgentsByName(names.filter((n) => n !== CONSOLE_VANTAGE));
  return names.map((name): Vantage => {
    if (name === CONSOLE_VANTAGE) return { name, kind: "console" };
    const agent = agents.get(name);
    if (!agent || agent.revokedAt) {
      if (options.strict) throw new VantageRefusedError(`There is no probe agent named ${name}${agent ? " any more (it was revoked)" : ""}.`, 400, "unknown_agent", name);
      return { name, kind: "agent", agent: null, missing: `There is no probe agent named ${name} any more.` };
    }
    if (!agent.online && options.strict) {
      throw new VantageRefusedError(`The probe agent ${name} is offline${agent.lastSeenAt ? ` (last seen ${agent.lastSeenAt})` : " (never connected)"}.`, 409, "agent_offline", name);
    }
    return { name, kind: "agent", agent: { id: agent.id, name: agent.name, address: agent.address }, missing: null };
  });
}

export interface VantageRunOptions extends Pick<RunCheckOptions, "signal" | "probes" | "runtime"> {
  onEvent?: (event: CheckEvent) => void;
  diagnosisId?: string | null;
  /** The console's host name (the console part's address). */
  consoleHost: string;
}

/** Runs every part at once; resolves when all have ended (each within its own deadline). */
export async function runVantageParts(plan: CheckPlan, vantages: readonly Vantage[], options: VantageRunOptions): Promise<VantagePart[]> {
  const emit = (event: CheckEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // a broken listener must not break the check
    }
  };
  const tagged = vantages.length > 1 || vantages.some((v) => v.kind === "agent");
  return Promise.all(
    vantages.map(async (v): Promise<VantagePart> => {
      if (tagged) emit({ type: "vantage-start", vantage: v.name, vantageKind: v.kind });
      let part: VantagePart;
      if (v.kind === "console") {
        const run = await runCheck(plan, {
          ...(options.signal ? { signal: options.signal } : {}),
          onEvent: (event) => emit(tagged ? { ...event, vantage: v.name } : event),
          ...(options.probes ? { probes: options.probes } : {}),
          ...(options.runtime ? { runtime: options.runtime } : {}),
        });
        part = { name: v.name, kind: "console", address: options.consoleHost, results: run.results, ended: run.ended, reason: null };
      } else if (!v.agent) {
        part = { name: v.name, kind: "agent", address: null, results: [], ended: "error", reason: v.missing };
      } else {
        const run = await runAgentPart(v.agent, { host: plan.host, port: plan.port, mx: plan.mx, steps: plan.steps, recipient: plan.recipient, deadlineMs: plan.deadlineMs }, {
          diagnosisId: options.diagnosisId ?? null,
          ...(options.signal ? { signal: options.signal } : {}),
          onEvent: emit,
        });
        part = { name: v.name, kind: "agent", address: v.agent.address, results: run.results, ended: run.ended, reason: run.reason };
      }
      if (tagged) emit({ type: "vantage-end", vantage: v.name, ended: part.ended, reason: part.reason });
      return part;
    }),
  );
}

/** The run's end over all parts: cancelled if any was, else the first part's own end (the console's when it ran). */
export function combinedEnd(parts: readonly VantagePart[], main: VantagePart): RunEnd {
  if (parts.some((p) => p.ended === "cancelled")) return "cancelled";
  return main.ended;
}
