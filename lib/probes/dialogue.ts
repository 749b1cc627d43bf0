/**
 * Reply reading on top of a ProbeConnection, for SMTP (multi-line replies) and
 * POP3 (status lines and dot-terminated lists). Every line read is written to
 * the transcript as it arrives, so findings can quote it as evidence. Also the
 * common reporting of abnormal ends (silent, reset, overflow, timeouts).
 */
import { monotonicMs } from "./clock";
import type { ClosedState, ConnectOutcome, ProbeConnection } from "./connection";
import type { Limits } from "./options";
import { SmtpReplyAssembler, type SmtpReply } from "./reply-parser";
import type { StepHandle } from "./recorder";
import type { ProbeRun } from "./run";

export type ReplyOutcome =
  | { type: "reply"; reply: SmtpReply }
  | { type: "timeout"; partial: string[]; gotBytes: boolean }
  | { type: "closed"; closed: ClosedState; partial: string[] }
  | { type: "overflow"; reason: "line_too_long" | "total_bytes" | "too_many_lines"; evidence: string[]; binary: boolean }
  | { type: "aborted" };

export type LineOutcome =
  | { type: "line"; bytes: Buffer; text: string }
  | Exclude<ReplyOutcome, { type: "reply" }>;

function looksBinary(sample: Uint8Array): boolean {
  if (sample.length === 0) return false;
  let odd = 0;
  for (const b of sample) if ((b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) || b === 0x7f) odd++;
  return odd / sample.length > 0.1;
}

export class Dialogue {
  private readonly assembler: SmtpReplyAssembler;

  constructor(
    readonly conn: ProbeConnection,
    readonly run: ProbeRun,
    readonly limits: Limits,
  ) {
    this.assembler = new SmtpReplyAssembler(limits.maxReplyLines);
    // a reply trickling in byte by byte shows up live instead of only when its line ends
    conn.onPartialLine = (pending, bytesIn) => run.rec.partial(pending.subarray(0, 512), bytesIn);
  }

  /** One line (POP3), recorded in the transcript. */
  async readLine(deadline: number): Promise<LineOutcome> {
    const rec = this.run.rec;
    const bytesBefore = this.conn.bytesIn;
    const r = await this.conn.readLine(deadline, this.run.signal);
    switch (r.type) {
      case "line":
        return { type: "line", bytes: r.bytes, text: rec.server(r.bytes) };
      case "timeout": {
        const partial = r.partial.length > 0 ? [rec.addSafe("server", `${rec.display(r.partial)} [incomplete line]`)] : [];
        return { type: "timeout", partial, gotBytes: this.conn.bytesIn > bytesBefore || partial.length > 0 };
      }
      case "closed": {
        const partial = r.partial.length > 0 ? [rec.addSafe("server", `${rec.display(r.partial)} [incomplete line]`)] : [];
        return { type: "closed", closed: r.closed, partial };
      }
      case "overflow":
        return this.overflowOutcome(r.reason, r.sample, []);
      default:
        return { type: "aborted" };
    }
  }

  private overflowOutcome(reason: "line_too_long" | "total_bytes", sample: Buffer, before: string[]): Extract<ReplyOutcome, { type: "overflow" }> {
    const rec = this.run.rec;
    const binary = looksBinary(sample);
    const text =
      reason === "line_too_long"
        ? rec.addSafe("server", `${rec.display(sample.subarray(0, 120))} … [line longer than ${this.limits.maxLineLength} bytes; reading stopped]`)
        : rec.info(`the server sent more than ${this.limits.maxTotalBytes} bytes on this connection; reading stopped`);
    return { type: "overflow", reason, evidence: [...before.slice(0, 3), text], binary };
  }

  /** One complete SMTP reply (single or multi-line) within `timeoutMs` for the whole reply. */
  async readReply(timeoutMs: number): Promise<ReplyOutcome> {
    const rec = this.run.rec;
    const deadline = monotonicMs() + timeoutMs;
    const bytesBefore = this.conn.bytesIn;
    for (;;) {
      const r = await this.conn.readLine(deadline, this.run.signal);
      if (r.type === "line") {
        const text = rec.server(r.bytes);
        const out = this.assembler.push(r.bytes, text);
        if (out.type === "reply") return { type: "reply", reply: out.reply };
        if (out.type === "too_many_lines") {
          const note = rec.info(`reply exceeded ${this.limits.maxReplyLines} lines; reading stopped`);
          const ev = out.lines.length > 4 ? [...out.lines.slice(0, 2), out.lines[out.lines.length - 1]!, note] : [...out.lines, note];
          return { type: "overflow", reason: "too_many_lines", evidence: ev, binary: false };
        }
        continue;
      }
      const partial = this.assembler.partialLines();
      this.assembler.reset();
      switch (r.type) {
        case "timeout": {
          if (r.partial.length > 0) partial.push(rec.addSafe("server", `${rec.display(r.partial)} [incomplete line]`));
          return { type: "timeout", partial, gotBytes: this.conn.bytesIn > bytesBefore || partial.length > 0 };
        }
        case "closed":
          if (r.partial.length > 0) partial.push(rec.addSafe("server", `${rec.display(r.partial)} [incomplete line]`));
          return { type: "closed", closed: r.closed, partial };
        case "overflow":
          return this.overflowOutcome(r.reason, r.sample, partial);
        default:
          return { type: "aborted" };
      }
    }
  }

  /** Lines the server sent without being asked (already received): recorded and returned. */
  drainUnsolicited(): string[] {
    const out: string[] = [];
    for (let line = this.conn.takeQueuedLine(); line !== null; line = this.conn.takeQueuedLine()) {
      out.push(this.run.rec.server(line));
    }
    return out;
  }

  /** Writes a command line (CRLF added) and records it. */
  send(line: string): { sent: string; ok: boolean } {
    const sent = this.run.rec.client(line);
    return { sent, ok: this.conn.write(`${line}\r\n`) };
  }

  /** Sends a command and reads its reply. Unsolicited lines before it are recorded and returned. */
  async command(line: string, timeoutMs: number): Promise<{ sent: string; outcome: ReplyOutcome; unsolicited: string[] }> {
    const unsolicited = this.drainUnsolicited();
    const { sent, ok } = this.send(line);
    if (!ok) {
      return {
        sent,
        unsolicited,
        outcome: { type: "closed", closed: this.conn.closed ?? { how: "fin", at: monotonicMs() }, partial: [] },
      };
    }
    return { sent, outcome: await this.readReply(timeoutMs), unsolicited };
  }
}

/** Context for reporting an abnormal end. */
export interface AbnormalContext {
  step: StepHandle;
  /** "greeting": waiting for the first bytes of the session. */
  phase: "greeting" | "command" | "data";
  /** The client line that was waiting for an answer, if any (evidence). */
  sent?: string;
  timeoutMs: number;
  /** What is being waited for, in words ("the greeting", "the reply to EHLO"). */
  what: string;
}

/**
 * Turns a non-reply outcome into findings and ends the step. Returns nothing:
 * the caller ends the session.
 */
export function reportAbnormal(run: ProbeRun, outcome: Exclude<ReplyOutcome, { type: "reply" }>, ctx: AbnormalContext): void {
  const rec = run.rec;
  const ev = (lines: string[]): string[] => [...(ctx.sent ? [ctx.sent] : []), ...lines];
  switch (outcome.type) {
    case "timeout": {
      if (ctx.phase === "greeting" && !outcome.gotBytes) {
        const line = rec.info(`no greeting within ${ctx.timeoutMs} ms`);
        rec.finding("server.silent", [line], { waitedMs: ctx.timeoutMs });
        ctx.step.end("timeout", `no greeting within ${ctx.timeoutMs} ms`);
      } else {
        const line = rec.info(`no complete reply to ${ctx.what} within ${ctx.timeoutMs} ms`);
        rec.finding("server.reply_timeout", ev([...outcome.partial, line]), { waitedMs: ctx.timeoutMs, partial: outcome.partial.length > 0 });
        ctx.step.end("timeout", `no complete reply within ${ctx.timeoutMs} ms`);
      }
      return;
    }
    case "closed": {
      const c = outcome.closed;
      if (c.how === "reset") {
        const line = rec.info(`connection reset by the peer (${c.code ?? "RST"}) while waiting for ${ctx.what}`);
        rec.finding("server.reset", ev([...outcome.partial, line]), { during: ctx.what, code: c.code ?? "ECONNRESET" });
        ctx.step.end("failed", "connection reset");
      } else if (outcome.partial.length > 0) {
        const line = rec.info(`connection closed in the middle of ${ctx.what}`);
        rec.finding("server.protocol_violation", ev([...outcome.partial, line]), { problem: "closed mid-reply", during: ctx.what });
        ctx.step.end("failed", "connection closed mid-reply");
      } else {
        const line = rec.info(`connection closed by the peer (${c.how === "fin" ? "FIN" : (c.code ?? "error")}) while waiting for ${ctx.what}`);
        rec.finding("server.closed_early", ev([line]), { during: ctx.what, how: c.how });
        ctx.step.end("failed", "connection closed");
      }
      return;
    }
    case "overflow": {
      if (outcome.reason === "line_too_long") {
        rec.finding("server.line_too_long", ev(outcome.evidence), { during: ctx.what });
        if (outcome.binary) rec.finding("server.protocol_violation", ev(outcome.evidence), { problem: "binary data instead of a reply", during: ctx.what });
        ctx.step.end("failed", "line too long");
      } else {
        const problem = outcome.reason === "too_many_lines" ? "reply with too many lines" : "too much data";
        rec.finding("server.protocol_violation", ev(outcome.evidence), { problem, during: ctx.what });
        ctx.step.end("failed", problem);
      }
      return;
    }
    case "aborted":
      // the deadline (the probe's or its caller's) ended a wait for the greeting: a silent server,
      // unless the probe spent its time queued for a slot (then it reports target.busy instead)
      if (ctx.phase === "greeting" && run.abortReason === "deadline" && run.rec.queuedMs < 1) {
        const line = rec.info(`no greeting before the deadline`);
        rec.finding("server.silent", [line], { waitedMs: null, endedBy: "deadline" });
      }
      run.checkAborted(ctx.step.name);
      ctx.step.end("failed", "aborted");
      return;
  }
}

/** Records the connect step and, on failure, target.unreachable / server.reset. */
export function reportConnect(run: ProbeRun, step: StepHandle, outcome: ConnectOutcome, address: string, port: number): outcome is Extract<ConnectOutcome, { ok: true }> {
  const rec = run.rec;
  if (outcome.ok) {
    rec.info(`connected to ${address} port ${port} in ${outcome.ms} ms`);
    step.end("ok", `${outcome.ms} ms`);
    return true;
  }
  if (outcome.reason === "aborted") {
    run.checkAborted("connect");
    step.end("failed", "aborted");
    return false;
  }
  const words: Record<string, string> = {
    refused: "connection refused (RST to SYN: nothing listening, or a firewall rejecting)",
    timeout: `no answer to the connection attempt within ${outcome.ms} ms (filtered, or the host is down)`,
    reset: "connection reset while connecting",
    unreachable: `no route to the host (${outcome.code ?? "unreachable"})`,
    error: outcome.message,
  };
  const line = rec.info(`connect to ${address} port ${port} failed: ${words[outcome.reason] ?? outcome.message}`);
  if (outcome.reason === "reset") rec.finding("server.reset", [line], { during: "connect" });
  else rec.finding("target.unreachable", [line], { reason: outcome.reason, code: outcome.code ?? null });
  rec.error(outcome.reason === "timeout" ? "ETIMEDOUT" : "ECONNECT", line, "connect");
  step.end(outcome.reason === "timeout" ? "timeout" : "failed", outcome.reason);
  return false;
}
