/**
 * Repeated connects (the `netsh diag connect iphost HOST 110` loop of the ISA
 * 2000 POP3 article): classify each attempt, then summarise failure rate and
 * latency and emit intermittent / stable / unreachable findings.
 */
import { sleep } from "./connection";
import type { FindingId } from "./findings";
import type { ProbeRun } from "./run";

export type AttemptOutcome = "ok" | "refused" | "timeout" | "reset" | "closed" | "rejected" | "unreachable" | "error";

export interface Attempt {
  n: number;
  outcome: AttemptOutcome;
  /** Connect time (TCP) or connect + greeting time (POP3), ms. */
  ms: number;
  code?: string;
  /** The transcript line describing this attempt. */
  line: string;
}

export interface LatencySummary {
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface RepeatSummary {
  attempts: number;
  ok: number;
  failed: number;
  byOutcome: Partial<Record<AttemptOutcome, number>>;
  /** failed / attempts, 0..1 (3 decimals). */
  failureRate: number;
  /** Over successful attempts; null when none succeeded. */
  latencyMs: LatencySummary | null;
  /** 1-based numbers of the failed attempts. */
  failedAttempts: number[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

const r1 = (n: number): number => Math.round(n * 10) / 10;

export function summarise(attempts: Attempt[]): RepeatSummary {
  const okTimes = attempts.filter((a) => a.outcome === "ok").map((a) => a.ms).sort((a, b) => a - b);
  const byOutcome: Partial<Record<AttemptOutcome, number>> = {};
  for (const a of attempts) byOutcome[a.outcome] = (byOutcome[a.outcome] ?? 0) + 1;
  const failed = attempts.filter((a) => a.outcome !== "ok");
  return {
    attempts: attempts.length,
    ok: okTimes.length,
    failed: failed.length,
    byOutcome,
    failureRate: attempts.length === 0 ? 0 : Math.round((failed.length / attempts.length) * 1000) / 1000,
    latencyMs:
      okTimes.length === 0
        ? null
        : {
            min: r1(okTimes[0]!),
            p50: r1(percentile(okTimes, 50)),
            p90: r1(percentile(okTimes, 90)),
            p99: r1(percentile(okTimes, 99)),
            max: r1(okTimes[okTimes.length - 1]!),
            mean: r1(okTimes.reduce((s, v) => s + v, 0) / okTimes.length),
          },
    failedAttempts: failed.map((a) => a.n),
  };
}

export interface RepeatConfig {
  count: number;
  intervalMs: number;
  stepPrefix: string;
  intermittentId: FindingId;
  stableId: FindingId;
  /** What one attempt checks, for the summary line ("TCP connect", "POP3 connect + greeting"). */
  label: string;
}

/** Runs `attempt` count times, `intervalMs` apart; records steps, lines and findings. */
export async function runRepeated(
  run: ProbeRun,
  cfg: RepeatConfig,
  attempt: (n: number) => Promise<Omit<Attempt, "line" | "n"> & { words: string }>,
): Promise<{ attempts: Attempt[]; summary: RepeatSummary }> {
  const rec = run.rec;
  const attempts: Attempt[] = [];
  for (let n = 1; n <= cfg.count; n++) {
    if (run.checkAborted(`${cfg.stepPrefix}#${n}`)) break;
    const step = rec.startStep(cfg.count > 1 ? `${cfg.stepPrefix}#${n}` : cfg.stepPrefix);
    const r = await attempt(n);
    if (run.signal.aborted && r.outcome !== "ok") {
      step.end("failed", "aborted");
      run.checkAborted(step.name);
      break;
    }
    const line = rec.info(`${cfg.count > 1 ? `attempt ${n}/${cfg.count}: ` : ""}${r.words}`);
    const a: Attempt = { n, outcome: r.outcome, ms: r.ms, line };
    if (r.code !== undefined) a.code = r.code;
    attempts.push(a);
    step.end(r.outcome === "ok" ? "ok" : r.outcome === "timeout" ? "timeout" : "failed", `${r.outcome} ${r.ms} ms`);
    if (n < cfg.count && cfg.intervalMs > 0 && !(await sleep(cfg.intervalMs, run.signal))) {
      run.checkAborted();
      break;
    }
  }
  const summary = summarise(attempts);
  if (attempts.length === 0) return { attempts, summary };
  const lat = summary.latencyMs;
  const counts = Object.entries(summary.byOutcome)
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
  const summaryLine = rec.info(
    `${cfg.label}: ${attempts.length} attempts, ${counts}; failure rate ${(summary.failureRate * 100).toFixed(1)}%` +
      (lat ? `; latency min ${lat.min} / median ${lat.p50} / p90 ${lat.p90} / max ${lat.max} ms` : ""),
  );
  const failedLines = attempts.filter((a) => a.outcome !== "ok").map((a) => a.line);
  if (summary.ok > 0 && summary.failed > 0) {
    rec.finding(cfg.intermittentId, [...failedLines.slice(0, 20), summaryLine], { ...summary });
  } else if (summary.ok === 0) {
    rec.finding("target.unreachable", [...failedLines.slice(0, 5), summaryLine], { ...summary });
  } else if (attempts.length >= 2) {
    rec.finding(cfg.stableId, [summaryLine], { ...summary });
  }
  return { attempts, summary };
}
