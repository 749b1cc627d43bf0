/**
 * POP3 probe (RFC 1939, CAPA RFC 2449, STLS RFC 2595): banner, CAPA, STLS,
 * QUIT on port 110 or implicit TLS on 995; then optionally repeated connects,
 * each classified by connect + greeting (no +OK within the per-attempt deadline
 * is a timeout), as in the ISA 2000 Firewall-client POP3 article.
 */
import { monotonicMs } from "./clock";
import { ProbeConnection } from "./connection";
import { Dialogue, reportAbnormal, reportConnect, type LineOutcome } from "./dialogue";
import {
  pop3OptionsSchema,
  resolveLimits,
  resolveTimeouts,
  validateOptions,
  type Limits,
  type Pop3ProbeConfig,
  type Pop3ProbeOptions,
  type Timeouts,
} from "./options";
import type { StepHandle } from "./recorder";
import { runRepeated, type Attempt, type RepeatSummary } from "./repeat";
import { parsePop3Status, type Pop3Status } from "./reply-parser";
import { ProbeRun, overAddresses, parseTarget } from "./run";
import { describeTls } from "./tls-info";
import type { ProbeResult, TestedAddress, TlsSummary } from "./types";

export interface Pop3SessionDetails {
  address: string;
  tlsMode: "none" | "implicit";
  banner?: { line: string; ok: boolean; delayMs: number };
  capabilities?: string[];
  capabilitiesTls?: string[];
  tls?: TlsSummary;
  close?: "fin" | "reset" | "open" | "error";
}

export interface Pop3Details {
  sessions: Pop3SessionDetails[];
  repeats: Array<{ address: string; attempts: Attempt[]; summary: RepeatSummary }>;
}

/** Runs a POP3 probe. Throws ProbeInputError for invalid options. */
export async function probePop3(options: Pop3ProbeOptions): Promise<ProbeResult<Pop3Details>> {
  const { config: cfg, runtime } = validateOptions(pop3OptionsSchema, options, "POP3 probe");
  const t = resolveTimeouts(cfg.timeouts);
  const l = resolveLimits(cfg.limits);
  const defaultPort = cfg.tls === "implicit" ? 995 : 110;
  parseTarget(cfg, defaultPort); // throws before anything is sent
  const run = new ProbeRun("pop3", runtime, t.probeMs);
  const details: Pop3Details = { sessions: [], repeats: [] };
  const { target, completed } = await overAddresses(run, cfg, defaultPort, t.dnsMs, async (a, target) => {
    const implicit = cfg.tls === "implicit" || (cfg.tls === "auto" && target.port === 995);
    if (cfg.steps.session !== false) {
      const d: Pop3SessionDetails = { address: a.address, tlsMode: implicit ? "implicit" : "none" };
      details.sessions.push(d);
      await new Pop3Session(run, cfg, t, l, a, target.port, implicit, d).execute();
    }
    if (cfg.count > 0 && !run.signal.aborted) {
      details.repeats.push({ address: a.address, ...(await repeatedConnects(run, cfg, t, l, a, target.port, implicit)) });
    }
  });
  return run.rec.result(target, details, completed);
}

class Pop3Session {
  private conn!: ProbeConnection;
  private dlg!: Dialogue;

  constructor(
    private readonly run: ProbeRun,
    private readonly cfg: Pop3ProbeConfig,
    private readonly t: Timeouts,
    private readonly l: Limits,
    private readonly a: TestedAddress,
    private readonly port: number,
    private readonly implicit: boolean,
    private readonly d: Pop3SessionDetails,
  ) {}

  private get rec() {
    return this.run.rec;
  }

  async execute(): Promise<void> {
    const rec = this.rec;
    const step = rec.startStep("connect");
    const c = await ProbeConnection.connect({ address: this.a.address, family: this.a.family, port: this.port, timeoutMs: this.t.connectMs, signal: this.run.signal, limits: this.l });
    if (!reportConnect(this.run, step, c, this.a.address, this.port)) return;
    this.conn = c.conn;
    this.dlg = new Dialogue(c.conn, this.run, this.l);
    try {
      if (this.implicit && !(await this.tls("tls"))) return;
      if (!(await this.banner())) return;
      let caps: string[] | null = null;
      if (this.cfg.steps.capa !== false || this.cfg.stls) {
        caps = await this.capa("capa");
        if (caps === null) return;
        this.d.capabilities = caps;
      }
      if (this.cfg.stls && !this.implicit) {
        const s = await this.stls(caps ?? []);
        if (s === "stop") return;
      }
      if (this.cfg.steps.quit !== false) await this.quit();
    } finally {
      this.conn.destroy();
    }
  }

  private async tls(stepName: string, stlsEvidence: string[] = []): Promise<boolean> {
    const rec = this.rec;
    const step = rec.startStep(stepName);
    const r = await this.conn.startTls({
      servername: this.cfg.tlsServername ?? this.a.host,
      ...(this.cfg.tlsCa ? { ca: this.cfg.tlsCa } : {}),
      timeoutMs: this.t.tlsMs,
      signal: this.run.signal,
    });
    if (r.discardedBytes > 0) {
      const line = rec.info(`discarded ${r.discardedBytes} bytes the server sent before the TLS handshake (RFC 2595 section 4 / RFC 3207 section 6)`);
      rec.finding("server.protocol_violation", [line], { problem: "data after STLS +OK", bytes: r.discardedBytes });
    }
    if (!r.ok) {
      if (r.reason === "aborted") {
        this.run.checkAborted(stepName);
        step.end("failed", "aborted");
        return false;
      }
      const line = rec.info(`TLS handshake failed: ${r.message}`);
      if (this.implicit) rec.finding("tls.handshake_failed", [line], { reason: r.reason, code: r.code ?? null });
      else rec.finding("pop3.stls.failed", [...stlsEvidence, line], { stage: "handshake", reason: r.reason, code: r.code ?? null });
      step.end(r.reason === "timeout" ? "timeout" : "failed", r.message);
      return false;
    }
    this.d.tls = r.summary;
    const line = rec.info(describeTls(r.summary));
    if (r.summary.problems.length > 0) {
      rec.finding("pop3.tls.certificate_problem", [line], { servername: r.summary.servername, problems: r.summary.problems, reasons: r.summary.problems.map((p) => p.words) });
    }
    step.end("ok", `${r.summary.protocol ?? "TLS"} in ${r.ms} ms`);
    return true;
  }

  private async status(step: StepHandle, what: string, timeoutMs: number, phase: "greeting" | "command", sent?: string): Promise<{ status: Pop3Status; text: string } | null> {
    const out = await this.dlg.readLine(monotonicMs() + timeoutMs);
    if (out.type !== "line") {
      reportAbnormal(this.run, out, { step, phase, timeoutMs, what, ...(sent !== undefined ? { sent } : {}) });
      return null;
    }
    return { status: parsePop3Status(out.bytes), text: out.text };
  }

  private async banner(): Promise<boolean> {
    const rec = this.rec;
    const step = rec.startStep("banner");
    const r = await this.status(step, "the greeting", this.t.greetingMs, "greeting");
    if (!r) return false;
    const delayMs = Math.round((monotonicMs() - this.conn.connectedAt) * 10) / 10;
    this.d.banner = { line: r.text, ok: r.status.status === "+OK", delayMs };
    if (delayMs >= this.cfg.greetingDelayThresholdMs) {
      const line = rec.info(`greeting arrived ${Math.round(delayMs)} ms after the connection was established`);
      rec.finding("server.greeting_delayed", [r.text, line], { delayMs, thresholdMs: this.cfg.greetingDelayThresholdMs });
    }
    if (r.status.status !== "+OK") {
      rec.finding("pop3.banner.error", [r.text], { status: r.status.status });
      if (r.status.status === null) rec.finding("server.protocol_violation", [r.text], { problem: "greeting is not a POP3 status line" });
      step.end("failed", r.status.status ?? "not a POP3 greeting");
      return false;
    }
    step.end("ok", `+OK after ${Math.round(delayMs)} ms`);
    return true;
  }

  /** CAPA: "+OK" then capability lines up to a lone "." (bounded by maxReplyLines). */
  private async capa(stepName: string): Promise<string[] | null> {
    const rec = this.rec;
    const step = rec.startStep(stepName);
    const { sent } = this.dlg.send("CAPA");
    const head = await this.status(step, "the reply to CAPA", this.t.commandMs, "command", sent);
    if (!head) return null;
    if (head.status.status !== "+OK") {
      step.end("failed", "CAPA not supported");
      return [];
    }
    const caps: string[] = [];
    const deadline = monotonicMs() + this.t.commandMs;
    for (;;) {
      const out: LineOutcome = await this.dlg.readLine(deadline);
      if (out.type !== "line") {
        reportAbnormal(this.run, out, { step, phase: "command", sent, timeoutMs: this.t.commandMs, what: "the CAPA list" });
        return null;
      }
      const raw = out.bytes.toString("latin1");
      if (raw === ".") break;
      if (caps.length >= this.l.maxReplyLines) {
        const line = rec.info(`CAPA list exceeded ${this.l.maxReplyLines} lines; reading stopped`);
        rec.finding("server.protocol_violation", [out.text, line], { problem: "CAPA list too long" });
        step.end("failed", "list too long");
        return null;
      }
      caps.push((raw.startsWith("..") ? raw.slice(1) : raw).trim().toUpperCase().slice(0, 200));
    }
    step.end("ok", `${caps.length} capabilities`);
    return caps;
  }

  private async stls(caps: string[]): Promise<"continue" | "stop"> {
    const rec = this.rec;
    if (!caps.some((c) => c === "STLS" || c.startsWith("STLS "))) {
      const line = rec.info("STLS is not advertised in CAPA");
      rec.finding("pop3.stls.unavailable", [line], { capabilities: caps });
      rec.skip("stls", "not advertised");
      return "continue";
    }
    const step = rec.startStep("stls");
    const { sent } = this.dlg.send("STLS");
    const r = await this.status(step, "the reply to STLS", this.t.commandMs, "command", sent);
    if (!r) return "stop";
    if (r.status.status !== "+OK") {
      rec.finding("pop3.stls.failed", [sent, r.text], { stage: "command" });
      step.end("failed", "STLS refused");
      return "continue";
    }
    step.end("ok", "+OK");
    if (!(await this.tls("tls", [sent, r.text]))) return "stop";
    const caps2 = await this.capa("capa_tls");
    if (caps2 === null) return "stop";
    this.d.capabilitiesTls = caps2;
    return "continue";
  }

  private async quit(): Promise<void> {
    const rec = this.rec;
    const step = rec.startStep("quit");
    const { sent } = this.dlg.send("QUIT");
    const r = await this.status(step, "the reply to QUIT", this.t.commandMs, "command", sent);
    if (!r) return;
    const w = await this.conn.waitClose(this.t.closeMs, this.run.signal);
    if (w === "aborted") {
      this.run.checkAborted("quit");
      step.end("failed", "aborted");
      return;
    }
    this.d.close = w === "timeout" ? "open" : w.how;
    const words = w === "timeout" ? `the server did not close within ${this.t.closeMs} ms; closed from this side` : w.how === "fin" ? "the server closed the connection with FIN" : w.how === "reset" ? "the connection was reset (RST)" : "the connection ended with an error";
    rec.info(words);
    step.end(r.status.status === "+OK" ? "ok" : "failed", `${r.status.status ?? "no status"}; ${this.d.close}`);
  }
}

async function repeatedConnects(
  run: ProbeRun,
  cfg: Pop3ProbeConfig,
  t: Timeouts,
  l: Limits,
  a: TestedAddress,
  port: number,
  implicit: boolean,
): Promise<{ attempts: Attempt[]; summary: RepeatSummary }> {
  run.rec.info(`--- ${cfg.count} repeated connects (connect + greeting within ${t.attemptMs} ms each) ---`);
  return runRepeated(
    run,
    { count: cfg.count, intervalMs: cfg.intervalMs, stepPrefix: "repeat", intermittentId: "pop3.connect.intermittent_failures", stableId: "pop3.connect.stable", label: "POP3 connect + greeting" },
    async () => {
      const t0 = monotonicMs();
      const ms = (): number => Math.round((monotonicMs() - t0) * 10) / 10;
      const deadline = t0 + t.attemptMs;
      const c = await ProbeConnection.connect({ address: a.address, family: a.family, port, timeoutMs: t.attemptMs, signal: run.signal, limits: l });
      if (!c.ok) {
        const outcome = c.reason === "aborted" ? "error" : c.reason;
        return { outcome, ms: c.ms, ...(c.code ? { code: c.code } : {}), words: `${outcome === "timeout" ? "connect timed out" : `connect failed (${outcome})`} after ${c.ms} ms` };
      }
      const conn = c.conn;
      try {
        if (implicit) {
          const tls = await conn.startTls({
            servername: cfg.tlsServername ?? a.host,
            ...(cfg.tlsCa ? { ca: cfg.tlsCa } : {}),
            timeoutMs: Math.max(1, deadline - monotonicMs()),
            signal: run.signal,
          });
          if (!tls.ok) {
            const outcome = tls.reason === "timeout" ? "timeout" : conn.closed?.how === "reset" ? "reset" : "error";
            return { outcome, ms: ms(), words: `TLS handshake ${tls.reason} after ${ms()} ms` };
          }
        }
        const line = await conn.readLine(deadline, run.signal);
        if (line.type === "line") {
          const st = parsePop3Status(line.bytes);
          if (st.status === "+OK") {
            conn.write("QUIT\r\n");
            conn.end();
            return { outcome: "ok", ms: ms(), words: `+OK greeting after ${ms()} ms` };
          }
          return { outcome: "rejected", ms: ms(), words: `greeting ${JSON.stringify(run.rec.display(line.bytes))} after ${ms()} ms` };
        }
        if (line.type === "timeout") return { outcome: "timeout", ms: ms(), words: `connected in ${c.ms} ms but no greeting within ${t.attemptMs} ms (timed out)` };
        if (line.type === "closed") {
          const outcome = line.closed.how === "reset" ? "reset" : "closed";
          return { outcome, ms: ms(), words: `connected in ${c.ms} ms, then ${outcome === "reset" ? "reset" : "closed"} before any greeting` };
        }
        if (line.type === "overflow") return { outcome: "rejected", ms: ms(), words: `unreadable greeting (${line.reason})` };
        return { outcome: "error", ms: ms(), words: "aborted" };
      } finally {
        // give the QUIT and FIN a moment to leave; destroy() after end() does not reset an idle socket
        setImmediate(() => conn.destroy());
      }
    },
  );
}
