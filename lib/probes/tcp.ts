/**
 * TCP probe: connect time, or a repeated-connect run classifying each attempt
 * as ok / refused / timed out / reset (a reset right after the connect counts
 * as reset). Nothing is sent; each successful connection is closed with FIN.
 */
import { ProbeConnection } from "./connection";
import { resolveLimits, resolveTimeouts, tcpOptionsSchema, validateOptions, type TcpProbeOptions } from "./options";
import { runRepeated, type Attempt, type AttemptOutcome, type RepeatSummary } from "./repeat";
import { ProbeRun, overAddresses, parseTarget } from "./run";
import type { ProbeResult } from "./types";

export interface TcpDetails {
  runs: Array<{ address: string; attempts: Attempt[]; summary: RepeatSummary }>;
}

const WORDS: Record<string, string> = {
  refused: "connection refused",
  timeout: "timed out",
  reset: "connection reset",
  unreachable: "no route to host",
  error: "failed",
};

/** Runs a TCP probe. Throws ProbeInputError for invalid options (the port is required). */
export async function probeTcp(options: TcpProbeOptions): Promise<ProbeResult<TcpDetails>> {
  const { config: cfg, runtime } = validateOptions(tcpOptionsSchema, options, "TCP probe");
  const t = resolveTimeouts(cfg.timeouts);
  const l = resolveLimits(cfg.limits);
  parseTarget(cfg, undefined); // throws before anything is sent
  const run = new ProbeRun("tcp", runtime, t.probeMs);
  const details: TcpDetails = { runs: [] };
  const open = new Set<ProbeConnection>();
  const connectMs = cfg.count > 1 ? t.attemptMs : t.connectMs;
  const { target, completed } = await overAddresses(
    run,
    cfg,
    undefined,
    t.dnsMs,
    async (a, target) => {
      const res = await runRepeated(
        run,
        { count: cfg.count, intervalMs: cfg.intervalMs, stepPrefix: "connect", intermittentId: "tcp.connect.intermittent_failures", stableId: "tcp.connect.stable", label: "TCP connect" },
        async () => {
          const c = await ProbeConnection.connect({ address: a.address, family: a.family, port: target.port, timeoutMs: connectMs, signal: run.signal, limits: l });
          if (!c.ok) {
            const outcome: AttemptOutcome = c.reason === "aborted" ? "error" : c.reason;
            return { outcome, ms: c.ms, ...(c.code ? { code: c.code } : {}), words: `${WORDS[outcome] ?? outcome} after ${c.ms} ms${c.code ? ` (${c.code})` : ""}` };
          }
          open.add(c.conn);
          // a reset right behind the handshake (RST after accept) is a failed attempt
          const w = cfg.resetSettleMs > 0 ? await c.conn.waitClose(cfg.resetSettleMs, run.signal) : "timeout";
          if (typeof w === "object" && w.how === "reset") {
            c.conn.destroy();
            open.delete(c.conn);
            return { outcome: "reset", ms: c.ms, code: w.code ?? "ECONNRESET", words: `connected in ${c.ms} ms, then reset by the peer` };
          }
          c.conn.end(); // close normally (FIN), like netsh diag connect
          return { outcome: "ok", ms: c.ms, words: `connected in ${c.ms} ms` };
        },
      );
      details.runs.push({ address: a.address, ...res });
    },
    () => {
      for (const c of open) c.destroy();
    },
  );
  return run.rec.result(target, details, completed);
}
