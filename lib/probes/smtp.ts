/**
 * SMTP probe: talks to a mail host the way an engineer with telnet would and
 * turns what happened into findings. Steps (each timed, most optional):
 *
 *   connect -> [tls (implicit, 465)] -> banner -> ehlo (fallback helo)
 *   -> unknown_command -> [tls_required] -> [starttls -> ehlo_tls]
 *   -> [envelope: MAIL/RCPT/RSET] -> quit (+ how the peer closes: FIN or RST)
 *   -> [close_without_tls: a short plain session to compare the close]
 *   -> [split_data (+ split_data_control): opt-in, sends a real message]
 *
 * Nothing beyond the chosen steps is sent, and no message is delivered
 * without the explicit `splitData: { confirm: true, ... }` opt-in.
 */
import { randomUUID } from "./random-id";
import { monotonicMs } from "./clock";
import { classifySmtpBanner, type BannerInfo } from "./banner";
import { ProbeConnection, sleep } from "./connection";
import { CONFIRM_FIN_MS } from "./constants";
import { Dialogue, reportAbnormal, reportConnect, type ReplyOutcome } from "./dialogue";
import {
  resolveLimits,
  resolveTimeouts,
  smtpOptionsSchema,
  validateOptions,
  type Limits,
  type SmtpProbeConfig,
  type SmtpProbeOptions,
  type Timeouts,
} from "./options";
import type { StepHandle } from "./recorder";
import { parseEhloReply, type EhloInfo, type SmtpReply } from "./reply-parser";
import { ProbeRun, overAddresses, parseTarget } from "./run";
import { describeTls } from "./tls-info";
import type { ProbeResult, TestedAddress, TlsSummary } from "./types";

export type CloseKind = "fin" | "reset" | "open" | "error" | "aborted";

export interface SmtpSessionDetails {
  address: string;
  host: string;
  port: number;
  tlsMode: "none" | "implicit";
  connectMs?: number;
  banner?: { lines: string[]; code: number | null; delayMs: number; info: BannerInfo };
  ehloAccepted?: boolean;
  heloUsed?: boolean;
  ehlo?: EhloInfo;
  unknownCommand?: { command: string; verdict: "rejected" | "accepted" | "blocked" | "other"; reply: string[] };
  tlsRequiredForMail?: boolean;
  tls?: TlsSummary;
  ehloTls?: EhloInfo;
  envelope?: { accepted: boolean; mail: string[]; rcpt: string[] };
  close?: { main?: CloseKind; mainUsedTls: boolean; withoutTls?: CloseKind };
  splitData?: { split: TestMessageResult; control?: TestMessageResult };
}

export interface SmtpDetails {
  sessions: SmtpSessionDetails[];
}

export type TestMessageResult = "accepted" | "no_reply" | "rejected" | "closed" | "failed" | "aborted";

type Flow = "continue" | "stop";

const ENHANCED_EXCHANGE_AUTH = /cannot achieve exchange server authentication/i;
/** Document 004: "550 5.7.1 External client does not have permissions to submit to this server". */
const SUBMIT_PERMISSION = /does not have permissions? to submit/i;
/** "relaying denied", "Relay access denied", "relay not permitted" */
const RELAY_DENIED = /\brelay(?:ing)?\b.*\b(?:denied|not permitted|not allowed|prohibited)\b/i;

/** Runs an SMTP probe. Throws ProbeInputError for invalid options; otherwise always returns a result. */
export async function probeSmtp(options: SmtpProbeOptions): Promise<ProbeResult<SmtpDetails>> {
  const { config: cfg, runtime } = validateOptions(smtpOptionsSchema, options, "SMTP probe");
  const t = resolveTimeouts(cfg.timeouts);
  const l = resolveLimits(cfg.limits);
  const defaultPort = cfg.tls === "implicit" ? 465 : 25;
  parseTarget(cfg, defaultPort); // throws before anything is sent
  const run = new ProbeRun("smtp", runtime, t.probeMs);
  const details: SmtpDetails = { sessions: [] };
  const { target, completed } = await overAddresses(run, cfg, defaultPort, t.dnsMs, async (a, target) => {
    const implicit = cfg.tls === "implicit" || (cfg.tls === "auto" && target.port === 465);
    const d: SmtpSessionDetails = { address: a.address, host: a.host, port: target.port, tlsMode: implicit ? "implicit" : "none" };
    details.sessions.push(d);
    await new SmtpProbeSession(run, cfg, t, l, a, target.port, implicit, d).execute();
  });
  return run.rec.result(target, details, completed);
}

class SmtpProbeSession {
  private conn!: ProbeConnection;
  private dlg!: Dialogue;
  private readonly tlsName: string;
  private mainCloseEvidence: string[] = [];
  private plainCloseEvidence: string[] = [];
  private readonly planned: string[] = [];
  private bannerOk = false;

  constructor(
    private readonly run: ProbeRun,
    private readonly cfg: SmtpProbeConfig,
    private readonly t: Timeouts,
    private readonly l: Limits,
    private readonly a: TestedAddress,
    private readonly port: number,
    private readonly implicit: boolean,
    private readonly d: SmtpSessionDetails,
  ) {
    this.tlsName = cfg.tlsServername ?? a.host;
  }

  private get rec() {
    return this.run.rec;
  }

  async execute(): Promise<void> {
    const cfg = this.cfg;
    this.planned.push("connect", ...(this.implicit ? ["tls"] : []), "banner");
    if (cfg.steps.ehlo !== false) this.planned.push("ehlo");
    if (cfg.steps.unknownCommand !== false) this.planned.push("unknown_command");
    if (cfg.checkTlsRequired && !this.implicit) this.planned.push("tls_required");
    if (cfg.starttls && !this.implicit) this.planned.push("starttls", "ehlo_tls");
    if (cfg.envelope) this.planned.push("envelope");
    if (cfg.steps.quit !== false) this.planned.push("quit");

    await this.mainSession();
    this.markUnreached("session ended before this step");
    if (this.run.signal.aborted) return;
    if (cfg.starttls && this.d.close?.mainUsedTls && !this.implicit && cfg.compareCloseWithoutTls && this.d.close.main !== undefined) {
      await this.plainCloseControl();
    }
    this.closeFindings();
    if (cfg.splitData && !this.run.signal.aborted) {
      if (this.bannerOk) await this.splitData();
      else this.rec.skip("split_data", "not run: the greeting failed");
    }
  }

  private markUnreached(detail: string): void {
    for (const name of this.planned) {
      const done = this.rec.steps.some((s) => s.name === name && s.address === this.a.address);
      if (!done) this.rec.skip(name, detail);
    }
  }

  /** A new TCP connection to the address under test. */
  private connect(): ReturnType<typeof ProbeConnection.connect> {
    return ProbeConnection.connect({
      address: this.a.address,
      family: this.a.family,
      port: this.port,
      timeoutMs: this.t.connectMs,
      signal: this.run.signal,
      limits: this.l,
    });
  }

  private async mainSession(): Promise<void> {
    const rec = this.rec;
    const step = rec.startStep("connect");
    const c = await this.connect();
    if (!reportConnect(this.run, step, c, this.a.address, this.port)) return;
    this.d.connectMs = c.ms;
    this.conn = c.conn;
    this.dlg = new Dialogue(c.conn, this.run, this.l);
    try {
      if (this.implicit && !(await this.implicitTls())) return;
      const b = await this.banner();
      if (b === "stop") return;
      if (b === "continue") {
        if (this.cfg.steps.ehlo !== false && (await this.ehlo()) === "stop") return;
        if (this.cfg.steps.unknownCommand !== false && (await this.unknownCommand()) === "stop") return;
        if (this.cfg.checkTlsRequired && !this.implicit && (await this.tlsRequired()) === "stop") return;
        if (this.cfg.starttls && !this.implicit && (await this.starttls()) === "stop") return;
        if (this.cfg.envelope && (await this.envelope(this.cfg.envelope.from, this.cfg.envelope.to)) === "stop") return;
      }
      if (this.cfg.steps.quit !== false) {
        const q = rec.startStep("quit");
        const res = await this.quitAndObserve(this.dlg, this.conn, this.conn.tlsActive, q);
        this.d.close = { main: res.kind, mainUsedTls: this.conn.tlsActive };
        this.mainCloseEvidence = res.evidence;
      }
    } finally {
      this.conn.destroy();
    }
  }

  // --- steps -----------------------------------------------------------------

  private async implicitTls(): Promise<boolean> {
    const rec = this.rec;
    const step = rec.startStep("tls");
    const r = await this.conn.startTls({ servername: this.tlsName, ...(this.cfg.tlsCa ? { ca: this.cfg.tlsCa } : {}), timeoutMs: this.t.tlsMs, signal: this.run.signal });
    if (!r.ok) {
      if (r.reason === "aborted") {
        this.run.checkAborted("tls");
        step.end("failed", "aborted");
        return false;
      }
      const line = rec.info(`TLS handshake failed: ${r.message}`);
      rec.finding("tls.handshake_failed", [line], { reason: r.reason, code: r.code ?? null });
      step.end(r.reason === "timeout" ? "timeout" : "failed", r.message);
      return false;
    }
    this.tlsResult(r.summary);
    step.end("ok", `${r.summary.protocol ?? "TLS"} in ${r.ms} ms`);
    return true;
  }

  private tlsResult(summary: TlsSummary): string {
    const rec = this.rec;
    this.d.tls = summary;
    const line = rec.info(describeTls(summary));
    if (summary.problems.length > 0) {
      rec.finding("smtp.tls.certificate_problem", [line], {
        servername: summary.servername,
        problems: summary.problems,
        reasons: summary.problems.map((p) => p.words),
      });
    } else {
      rec.finding("smtp.tls.certificate_valid", [line], { servername: summary.servername, subject: summary.certificate?.subject ?? null });
    }
    return line;
  }

  private async banner(): Promise<"continue" | "quit-only" | "stop"> {
    const rec = this.rec;
    const step = rec.startStep("banner");
    const outcome = await this.dlg.readReply(this.t.greetingMs);
    const delayMs = Math.round((monotonicMs() - this.conn.connectedAt) * 10) / 10;
    if (outcome.type !== "reply") {
      reportAbnormal(this.run, outcome, { step, phase: "greeting", timeoutMs: this.t.greetingMs, what: "the greeting" });
      return "stop";
    }
    const reply = outcome.reply;
    // masked PIX banners may come as several lines without proper continuation markers
    const trailing = reply.code === null || !reply.wellFormed ? this.dlg.drainUnsolicited() : [];
    const lines = [...reply.lines, ...trailing];
    const info = classifySmtpBanner(lines);
    this.d.banner = { lines, code: reply.code, delayMs, info };

    if (delayMs >= this.cfg.greetingDelayThresholdMs) {
      const line = rec.info(`greeting arrived ${Math.round(delayMs)} ms after the connection was established`);
      rec.finding("server.greeting_delayed", [lines[0]!, line], { delayMs, thresholdMs: this.cfg.greetingDelayThresholdMs });
    }
    if (reply.code === 421) {
      rec.finding("smtp.reply.service_unavailable", lines, { during: "greeting", code: 421 });
      step.end("failed", "421 service not available");
      return "stop";
    }
    if (info.kind === "pix-masked") {
      rec.finding("smtp.banner.masked", lines, { style: info.maskingStyle, product: info.product });
    } else if (info.kind === "pix-cmap") {
      rec.finding("smtp.banner.pix_cmap", lines, { product: info.product });
    } else if (reply.code === 220) {
      if (info.kind === "iis-smtp") rec.finding("smtp.banner.iis_smtp", lines, { product: info.product, version: info.version });
      rec.finding("smtp.banner.clear", lines, { kind: info.kind, product: info.product, version: info.version, host: info.announcedHost });
    }
    if (reply.code === 220 || info.masked) {
      this.bannerOk = true;
      step.end("ok", `${info.product ?? info.kind} after ${Math.round(delayMs)} ms`);
      return "continue";
    }
    if (reply.code !== null && reply.code >= 500 && reply.code < 600) {
      rec.finding("smtp.greeting.rejected", lines, { code: reply.code });
      step.end("failed", `greeting ${reply.code}`);
      return "quit-only";
    }
    rec.finding("server.protocol_violation", lines, { problem: "greeting is not an SMTP 220 reply", problems: reply.problems });
    step.end("failed", "not an SMTP greeting");
    return "stop";
  }

  /** Sends a command inside `step`; abnormal outcomes and 421 end the step and the session. */
  private async cmd(step: StepHandle, line: string, what: string, timeoutMs = this.t.commandMs): Promise<{ sent: string; reply: SmtpReply } | null> {
    const { sent, outcome, unsolicited } = await this.dlg.command(line, timeoutMs);
    this.unsolicited(unsolicited);
    if (outcome.type !== "reply") {
      reportAbnormal(this.run, outcome, { step, phase: "command", sent, timeoutMs, what });
      return null;
    }
    if (outcome.reply.code === 421) {
      this.rec.finding("smtp.reply.service_unavailable", [sent, ...outcome.reply.lines], { during: what, code: 421 });
      step.end("failed", "421 service not available");
      return null;
    }
    return { sent, reply: outcome.reply };
  }

  private unsolicited(lines: string[]): void {
    if (lines.length > 0 && !this.rec.hasFinding("server.protocol_violation")) {
      this.rec.finding("server.protocol_violation", lines, { problem: "lines sent without a command (replies out of step)" });
    }
  }

  private async ehlo(): Promise<Flow> {
    const rec = this.rec;
    const cfg = this.cfg;
    const step = rec.startStep("ehlo");
    const r = await this.cmd(step, `EHLO ${cfg.heloName}`, "EHLO");
    if (!r) return "stop";
    let evidence: string[];
    if (r.reply.code === 250) {
      const info = parseEhloReply(r.reply);
      this.d.ehlo = info;
      this.d.ehloAccepted = true;
      rec.finding("smtp.ehlo.accepted", [r.reply.lines[0]!], { extensions: info.keywords });
      step.end("ok", `${info.keywords.length} extensions`);
      evidence = r.reply.lines;
    } else {
      this.d.ehloAccepted = false;
      rec.finding("smtp.ehlo.rejected", [r.sent, ...r.reply.lines], {
        code: r.reply.code,
        reply: r.reply.texts.join(" "),
        nonSmtpReply: r.reply.code === null,
      });
      step.end("failed", r.reply.code === null ? "non-SMTP reply" : `${r.reply.code}`);
      evidence = [r.sent, ...r.reply.lines];
      const h = rec.startStep("helo");
      const hr = await this.cmd(h, `HELO ${cfg.heloName}`, "HELO");
      if (!hr) return "stop";
      this.d.heloUsed = true;
      h.end(hr.reply.code === 250 ? "ok" : "failed", `${hr.reply.code ?? "non-SMTP reply"}`);
    }
    // expected ESMTP extensions
    const expected = [...new Set(cfg.expectExtensions.map((e) => e.toUpperCase()))].filter((e) => !(this.implicit && e === "STARTTLS"));
    if (expected.length > 0) {
      const advertised = this.d.ehlo?.keywords ?? [];
      const missing = expected.filter((e) => !advertised.includes(e));
      if (missing.length > 0) rec.finding("smtp.esmtp.missing", evidence, { expected, missing, advertised });
      else rec.finding("smtp.esmtp.extensions_present", evidence, { expected, advertised });
    }
    return "continue";
  }

  private async unknownCommand(): Promise<Flow> {
    const rec = this.rec;
    const word = this.cfg.unknownCommand;
    const step = rec.startStep("unknown_command");
    const { sent, outcome, unsolicited } = await this.dlg.command(word, this.t.commandMs);
    this.unsolicited(unsolicited);
    if (outcome.type === "timeout" || outcome.type === "closed") {
      const how = outcome.type === "timeout" ? `no reply within ${this.t.commandMs} ms` : `connection ${outcome.closed.how === "reset" ? "reset" : "closed"}`;
      const line = rec.info(`invalid command ${JSON.stringify(word)}: ${how}`);
      rec.finding("smtp.unknown_command.blocked", [sent, ...(outcome.type === "timeout" ? outcome.partial : outcome.partial), line], { command: word, how: outcome.type });
      if (outcome.type === "closed" && outcome.closed.how === "reset") rec.finding("server.reset", [sent, line], { during: "invalid command" });
      this.d.unknownCommand = { command: word, verdict: "blocked", reply: [] };
      step.end(outcome.type === "timeout" ? "timeout" : "failed", how);
      return "stop"; // a late reply would put later replies out of step
    }
    if (outcome.type !== "reply") {
      reportAbnormal(this.run, outcome, { step, phase: "command", sent, timeoutMs: this.t.commandMs, what: `the invalid command ${word}` });
      return "stop";
    }
    const reply = outcome.reply;
    const code = reply.code;
    const firstText = reply.code === null ? reply.lines[0] ?? "" : reply.texts[0] ?? "";
    if (code === 421) {
      rec.finding("smtp.reply.service_unavailable", [sent, ...reply.lines], { during: "invalid command", code });
      step.end("failed", "421");
      return "stop";
    }
    if ((code !== null && code >= 200 && code < 300) || (code === null && /^\s*OK\b/i.test(firstText))) {
      rec.finding("smtp.unknown_command.accepted", [sent, ...reply.lines], { command: word, reply: reply.lines.join(" ") });
      this.d.unknownCommand = { command: word, verdict: "accepted", reply: reply.lines };
      step.end("ok", "accepted (OK)");
    } else if (code !== null && code >= 500 && code <= 599) {
      rec.finding("smtp.unknown_command.rejected", [sent, ...reply.lines], { command: word, code });
      this.d.unknownCommand = { command: word, verdict: "rejected", reply: reply.lines };
      step.end("ok", `rejected (${code})`);
    } else {
      if (!reply.wellFormed) rec.finding("server.protocol_violation", [sent, ...reply.lines], { problem: "malformed reply to an invalid command", problems: reply.problems });
      this.d.unknownCommand = { command: word, verdict: "other", reply: reply.lines };
      step.end("ok", `answered ${code ?? "without a code"}`);
    }
    return "continue";
  }

  private async tlsRequired(): Promise<Flow> {
    const rec = this.rec;
    const step = rec.startStep("tls_required");
    const from = this.cfg.envelope?.from ?? this.cfg.splitData?.from ?? "";
    const r = await this.cmd(step, `MAIL FROM:<${from}>`, "MAIL FROM before STARTTLS");
    if (!r) return "stop";
    const code = r.reply.code ?? 0;
    if (code >= 200 && code < 300) {
      this.d.tlsRequiredForMail = false;
      rec.finding("smtp.starttls.not_required_for_mail", [r.sent, ...r.reply.lines], { code });
      step.end("ok", "MAIL FROM accepted without TLS");
      const rs = await this.cmd(rec.startStep("rset"), "RSET", "RSET");
      return rs ? "continue" : "stop";
    }
    if (code === 530 || code === 538 || (code >= 500 && /\bTLS\b|STARTTLS/i.test(r.reply.texts.join(" ")))) {
      this.d.tlsRequiredForMail = true;
      rec.finding("smtp.starttls.required_for_mail", [r.sent, ...r.reply.lines], { code });
      step.end("ok", "TLS required before MAIL FROM");
      return "continue";
    }
    this.classifyEnvelopeReply(r.sent, r.reply, "MAIL FROM");
    step.end("failed", `MAIL FROM answered ${r.reply.code ?? "without a code"}`);
    return "continue";
  }

  private async starttls(): Promise<Flow> {
    const rec = this.rec;
    const step = rec.startStep("starttls");
    const advertised = this.d.ehlo?.keywords.includes("STARTTLS") ?? false;
    if (!advertised) {
      const line = rec.info(this.d.ehloAccepted === false ? "STARTTLS cannot be offered: EHLO was rejected" : "STARTTLS is not advertised in the EHLO reply");
      rec.finding("smtp.starttls.unavailable", [line], { ehloAccepted: this.d.ehloAccepted ?? null, advertised: this.d.ehlo?.keywords ?? [] });
      step.end("skipped", "not advertised");
      rec.skip("ehlo_tls", "no TLS");
      return "continue";
    }
    const r = await this.cmd(step, "STARTTLS", "STARTTLS");
    if (!r) return "stop";
    if (r.reply.code !== 220) {
      rec.finding("smtp.starttls.failed", [r.sent, ...r.reply.lines], { stage: "command", code: r.reply.code });
      step.end("failed", `STARTTLS answered ${r.reply.code ?? "without a code"}`);
      rec.skip("ehlo_tls", "no TLS");
      return "continue";
    }
    const tls = await this.conn.startTls({ servername: this.tlsName, ...(this.cfg.tlsCa ? { ca: this.cfg.tlsCa } : {}), timeoutMs: this.t.tlsMs, signal: this.run.signal });
    if (tls.discardedBytes > 0) {
      const line = rec.info(`discarded ${tls.discardedBytes} bytes the server sent after its 220 and before the TLS handshake (RFC 3207 section 6: STARTTLS response injection)`);
      rec.finding("server.protocol_violation", [line], { problem: "data after STARTTLS 220", bytes: tls.discardedBytes });
    }
    if (!tls.ok) {
      if (tls.reason === "aborted") {
        this.run.checkAborted("starttls");
        step.end("failed", "aborted");
        return "stop";
      }
      const line = rec.info(`TLS handshake after STARTTLS failed: ${tls.message}`);
      rec.finding("smtp.starttls.failed", [r.sent, r.reply.lines[0]!, line], { stage: "handshake", reason: tls.reason, code: tls.code ?? null });
      step.end(tls.reason === "timeout" ? "timeout" : "failed", tls.message);
      return "stop";
    }
    const tlsLine = this.tlsResult(tls.summary);
    step.end("ok", `${tls.summary.protocol ?? "TLS"} in ${tls.ms} ms`);

    // RFC 3207 section 4.2: the client must send EHLO again after the handshake
    const e = rec.startStep("ehlo_tls");
    const er = await this.cmd(e, `EHLO ${this.cfg.heloName}`, "EHLO inside TLS");
    if (!er) return "stop";
    if (er.reply.code === 250) {
      this.d.ehloTls = parseEhloReply(er.reply);
      rec.finding("smtp.starttls.established", [r.reply.lines[0]!, tlsLine, er.reply.lines[0]!], {
        protocol: tls.summary.protocol,
        cipher: tls.summary.cipher,
        extensionsInTls: this.d.ehloTls.keywords,
      });
      e.end("ok", `${this.d.ehloTls.keywords.length} extensions`);
    } else {
      rec.finding("smtp.starttls.failed", [er.sent, ...er.reply.lines], { stage: "ehlo after TLS", code: er.reply.code });
      e.end("failed", `${er.reply.code ?? "non-SMTP reply"}`);
    }
    return "continue";
  }

  /** Findings for an answer to MAIL FROM / RCPT TO. Returns true when it was accepted. */
  private classifyEnvelopeReply(sent: string, reply: SmtpReply, command: string): boolean {
    const rec = this.rec;
    const code = reply.code ?? 0;
    if (code >= 200 && code < 300) return true;
    const text = reply.texts.join(" ");
    const ev = [sent, ...reply.lines];
    const data = { command, code: reply.code, enhanced: reply.enhanced?.code ?? null, reply: text };
    const once = (id: Parameters<typeof rec.finding>[0]): void => {
      if (!rec.hasFinding(id)) rec.finding(id, ev, data);
    };
    if (code === 451 && (reply.enhanced?.code === "5.7.3" || reply.enhanced?.code === "4.7.3" || ENHANCED_EXCHANGE_AUTH.test(text))) once("smtp.auth.exchange_auth_unavailable");
    else if (code === 550 && reply.enhanced?.code === "5.7.1" && SUBMIT_PERMISSION.test(text)) once("smtp.client.blocked");
    else if (code >= 500 && (reply.enhanced?.code === "5.7.1" || RELAY_DENIED.test(text))) once("smtp.relay.denied");
    else if ((code === 530 || code === 538) && /TLS/i.test(text)) once("smtp.starttls.required_for_mail");
    else once("smtp.envelope.rejected");
    return false;
  }

  private async envelope(from: string, to: string): Promise<Flow> {
    const rec = this.rec;
    const step = rec.startStep("envelope");
    const m = await this.cmd(step, `MAIL FROM:<${from}>`, "MAIL FROM");
    if (!m) return "stop";
    let accepted = this.classifyEnvelopeReply(m.sent, m.reply, "MAIL FROM");
    let rcptLines: string[] = [];
    if (accepted) {
      const r = await this.cmd(step, `RCPT TO:<${to}>`, "RCPT TO");
      if (!r) return "stop";
      rcptLines = r.reply.lines;
      accepted = this.classifyEnvelopeReply(r.sent, r.reply, "RCPT TO");
      if (accepted) rec.finding("smtp.envelope.accepted", [m.reply.lines[0]!, r.reply.lines[0]!], { from, to });
    }
    this.d.envelope = { accepted, mail: m.reply.lines, rcpt: rcptLines };
    // never go on to DATA: reset the transaction
    const rs = await this.cmd(step, "RSET", "RSET");
    step.end(accepted ? "ok" : "failed", accepted ? "sender and recipient accepted; RSET" : "envelope refused; RSET");
    return rs ? "continue" : "stop";
  }

  private async quitAndObserve(dlg: Dialogue, conn: ProbeConnection, tlsUsed: boolean, step?: StepHandle): Promise<{ kind: CloseKind; evidence: string[] }> {
    const rec = this.rec;
    const { sent, outcome, unsolicited } = await dlg.command("QUIT", this.t.commandMs);
    this.unsolicited(unsolicited);
    const evidence = [sent];
    let kind: CloseKind;
    let replyCode: number | null = null;
    if (outcome.type === "reply") {
      evidence.push(...outcome.reply.lines);
      replyCode = outcome.reply.code;
    }
    if (outcome.type === "closed") {
      evidence.push(...outcome.partial);
      kind = outcome.closed.how === "reset" ? "reset" : outcome.closed.how === "fin" ? "fin" : "error";
    } else if (outcome.type === "aborted") {
      kind = "aborted";
    } else {
      if (outcome.type === "overflow") evidence.push(...outcome.evidence);
      const w = await conn.waitClose(this.t.closeMs, this.run.signal);
      if (w === "aborted") kind = "aborted";
      else if (w === "timeout") kind = "open";
      else kind = w.how === "reset" ? "reset" : w.how === "fin" ? "fin" : "error";
    }
    if (kind === "fin") {
      const confirmed = await conn.confirmFin(CONFIRM_FIN_MS, this.run.signal);
      if (confirmed === "aborted") kind = "aborted";
      else if (confirmed === "reset") kind = "reset";
    }
    if (kind === "fin" && this.cfg.resetSettleMs > 0) {
      // a reset right behind the FIN (or behind a TLS close_notify) is what the client application sees
      if (!(await sleep(this.cfg.resetSettleMs, this.run.signal))) kind = "aborted";
      else if (conn.resetAfterFin) kind = "reset";
    }
    if (kind === "aborted") {
      this.run.checkAborted("quit");
      step?.end("failed", "aborted");
      return { kind, evidence };
    }
    const after = replyCode === 221 ? " after 221" : replyCode !== null ? ` after ${replyCode}` : "";
    const words: Record<Exclude<CloseKind, "aborted">, string> = {
      fin: `the server closed the connection with FIN${after}`,
      reset: `the connection was reset (RST)${after} instead of closed with FIN`,
      open: `the server did not close the connection within ${this.t.closeMs} ms${after}; closed from this side`,
      error: `the connection ended with an error${after}`,
    };
    evidence.push(rec.info(`${tlsUsed ? "[TLS session] " : "[plain session] "}${words[kind]}`));
    step?.end("ok", `${replyCode ?? "no reply"}; ${kind === "fin" ? "FIN" : kind === "reset" ? "RST" : kind}`);
    return { kind, evidence };
  }

  // --- extra sessions ----------------------------------------------------------

  /** Connect, greeting, EHLO (or HELO when EHLO was rejected before) without findings. */
  private async miniOpen(label: string): Promise<{ conn: ProbeConnection; dlg: Dialogue } | string> {
    const rec = this.rec;
    rec.info(`--- ${label} ---`);
    const c = await this.connect();
    if (!c.ok) return rec.info(`connect failed: ${c.reason} ${c.message}`);
    const dlg = new Dialogue(c.conn, this.run, this.l);
    const fail = (why: string): string => {
      c.conn.destroy();
      return rec.info(why);
    };
    const b = await dlg.readReply(this.t.greetingMs);
    if (b.type !== "reply") return fail(`no usable greeting (${b.type})`);
    dlg.drainUnsolicited();
    const greet = async (verb: string): Promise<ReplyOutcome> => (await dlg.command(`${verb} ${this.cfg.heloName}`, this.t.commandMs)).outcome;
    let g = await greet(this.d.ehloAccepted === false ? "HELO" : "EHLO");
    if (g.type === "reply" && g.reply.code !== 250 && this.d.ehloAccepted !== false) g = await greet("HELO");
    if (g.type !== "reply") return fail(`no reply to the greeting command (${g.type})`);
    if (g.reply.code !== 250) return fail(`greeting command refused (${g.reply.code ?? "non-SMTP reply"})`);
    return { conn: c.conn, dlg };
  }

  private async plainCloseControl(): Promise<void> {
    const step = this.rec.startStep("close_without_tls");
    const m = await this.miniOpen("control session without STARTTLS: how does it end?");
    if (typeof m === "string") {
      if (this.run.checkAborted("close_without_tls")) step.end("failed", "aborted");
      else step.end("failed", m);
      return;
    }
    try {
      const q = await this.quitAndObserve(m.dlg, m.conn, false);
      if (q.kind === "aborted") {
        step.end("failed", "aborted");
        return;
      }
      this.d.close = { ...(this.d.close ?? { mainUsedTls: false }), withoutTls: q.kind };
      this.plainCloseEvidence = q.evidence;
      step.end("ok", `without TLS: ${q.kind === "fin" ? "FIN" : q.kind === "reset" ? "RST" : q.kind}`);
    } finally {
      m.conn.destroy();
    }
  }

  private closeFindings(): void {
    const rec = this.rec;
    const c = this.d.close;
    if (!c?.main) return;
    if (c.mainUsedTls) {
      if (c.main === "reset") {
        if (c.withoutTls === "reset") {
          rec.finding("smtp.close.reset", [...this.mainCloseEvidence, ...this.plainCloseEvidence], { withTls: "reset", withoutTls: "reset" });
        } else {
          rec.finding("smtp.close.reset_after_tls", [...this.mainCloseEvidence, ...this.plainCloseEvidence], {
            withTls: "reset",
            withoutTls: c.withoutTls ?? "not tested",
            implicitTls: this.implicit,
          });
        }
      } else if (c.main === "fin") {
        rec.finding("smtp.close.graceful_after_tls", this.mainCloseEvidence, { withTls: "fin", withoutTls: c.withoutTls ?? "not tested" });
        if (c.withoutTls === "reset") rec.finding("smtp.close.reset", this.plainCloseEvidence, { withTls: "fin", withoutTls: "reset" });
      }
    } else if (c.main === "reset") {
      rec.finding("smtp.close.reset", this.mainCloseEvidence, { withTls: "not tested", withoutTls: "reset" });
    } else if (c.main === "fin") {
      rec.finding("smtp.close.graceful", this.mainCloseEvidence, { withoutTls: "fin" });
    }
  }

  private async splitData(): Promise<void> {
    const rec = this.rec;
    const sd = this.cfg.splitData!;
    const step = rec.startStep("split_data");
    const split = await this.sendTestMessage("split", sd.from, sd.to, sd.segmentGapMs);
    this.d.splitData = { split: split.result };
    if (split.result === "accepted") {
      rec.finding("smtp.data.split_terminator_ok", split.evidence, { segments: 3, gapMs: sd.segmentGapMs });
      step.end("ok", "accepted with the terminator split over 3 segments");
      return;
    }
    if (split.result === "aborted") {
      this.run.checkAborted("split_data");
      step.end("failed", "aborted");
      return;
    }
    if (split.result === "failed") {
      step.end("failed", split.why);
      return;
    }
    if (split.result === "rejected") {
      rec.finding("smtp.data.not_accepted", split.evidence, { variant: "split" });
      step.end("failed", "message refused");
      return;
    }
    step.end(split.result === "no_reply" ? "timeout" : "failed", split.result === "no_reply" ? `no reply within ${this.t.dataMs} ms` : "connection closed");
    const control = rec.startStep("split_data_control");
    const single = await this.sendTestMessage("single", sd.from, sd.to, 0);
    this.d.splitData.control = single.result;
    if (single.result === "accepted") {
      rec.finding("smtp.data.split_terminator_lost", [...split.evidence, ...single.evidence], {
        split: split.result,
        control: "accepted",
        segments: 3,
        gapMs: sd.segmentGapMs,
        waitedMs: this.t.dataMs,
      });
      control.end("ok", "accepted with the terminator in one segment");
    } else if (single.result === "aborted") {
      this.run.checkAborted("split_data_control");
      control.end("failed", "aborted");
    } else {
      if (single.result !== "failed") rec.finding("smtp.data.not_accepted", [...split.evidence, ...single.evidence], { split: split.result, control: single.result });
      control.end(single.result === "no_reply" ? "timeout" : "failed", single.result === "failed" ? single.why : single.result);
    }
  }

  private buildMessage(from: string, to: string, variant: string): string {
    const id = randomUUID();
    const lines = [
      `From: <${from || `postmaster@${this.cfg.heloName}`}>`,
      `To: <${to}>`,
      `Subject: RelayDesk end-of-data test (${variant})`,
      `Date: ${new Date().toUTCString().replace(/GMT$/, "+0000")}`,
      `Message-ID: <${id}@${this.cfg.heloName}>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=us-ascii",
      `X-RelayDesk-Probe: end-of-data ${variant}`,
      "",
      "This message was sent on request by the RelayDesk mail-flow probe.",
      variant === "split"
        ? "Its end-of-data sequence CRLF.CRLF was split over separate TCP segments."
        : "Its end-of-data sequence CRLF.CRLF was sent in one TCP segment (control).",
      "It tests for SMTP-inspecting firewalls that lose a split terminator.",
    ];
    // dot-stuffing (RFC 5321 section 4.5.2) although no line starts with a dot
    return lines.map((l) => (l.startsWith(".") ? `.${l}` : l)).join("\r\n");
  }

  private async sendTestMessage(
    variant: "split" | "single",
    from: string,
    to: string,
    gapMs: number,
  ): Promise<{ result: Exclude<TestMessageResult, "failed">; evidence: string[] } | { result: "failed"; evidence: string[]; why: string }> {
    const rec = this.rec;
    const m = await this.miniOpen(
      variant === "split" ? "test message with the end-of-data CRLF.CRLF split over 3 TCP segments" : "control: the same test message with CRLF.CRLF in one TCP segment",
    );
    if (typeof m === "string") {
      if (this.run.signal.aborted) return { result: "aborted", evidence: [] };
      return { result: "failed", evidence: [m], why: m };
    }
    const { conn, dlg } = m;
    try {
      const expect = async (line: string, what: string, ok: (code: number) => boolean): Promise<{ sent: string; reply: SmtpReply } | string> => {
        const { sent, outcome } = await dlg.command(line, this.t.commandMs);
        if (outcome.type !== "reply") return rec.info(`${what}: ${outcome.type}`);
        if (what === "MAIL FROM" || what === "RCPT TO") this.classifyEnvelopeReply(sent, outcome.reply, what);
        if (!ok(outcome.reply.code ?? 0)) return rec.info(`${what} refused (${outcome.reply.code ?? "non-SMTP reply"}); test message not sent`);
        return { sent, reply: outcome.reply };
      };
      for (const [line, what, ok] of [
        [`MAIL FROM:<${from}>`, "MAIL FROM", (c: number) => c >= 200 && c < 300],
        [`RCPT TO:<${to}>`, "RCPT TO", (c: number) => c >= 200 && c < 300],
        ["DATA", "DATA", (c: number) => c === 354],
      ] as const) {
        const r = await expect(line, what, ok);
        if (typeof r === "string") {
          if (this.run.signal.aborted) return { result: "aborted", evidence: [] };
          // DATA refused outright: the message is not accepted (MAIL/RCPT refusals have their own findings)
          if (what === "DATA" && /refused/.test(r)) return { result: "rejected", evidence: [r] };
          return { result: "failed", evidence: [r], why: r };
        }
      }
      const body = this.buildMessage(from, to, variant);
      rec.info(`[message: ${body.split("\r\n").length} lines, ${Buffer.byteLength(body)} bytes]`);
      let segLine: string;
      let wrote: boolean;
      if (variant === "split") {
        const segments = [`${body}\r\n`, ".", "\r\n"];
        segLine = rec.info(`end of data sent as 3 TCP segments: message+CRLF | "." | CRLF, ${gapMs} ms apart`);
        wrote = await conn.writeSegments(segments, gapMs, this.run.signal);
      } else {
        segLine = rec.info("end of data sent in one TCP segment: message+CRLF.CRLF");
        wrote = conn.write(`${body}\r\n.\r\n`);
      }
      rec.client(".");
      if (!wrote) {
        if (this.run.signal.aborted) return { result: "aborted", evidence: [] };
        return { result: "closed", evidence: [segLine, rec.info("the connection closed while the message was being sent")] };
      }
      const outcome = await dlg.readReply(this.t.dataMs);
      if (outcome.type === "reply") {
        const code = outcome.reply.code ?? 0;
        if (code >= 200 && code < 300) {
          await this.quitQuietly(dlg);
          return { result: "accepted", evidence: [segLine, outcome.reply.lines[0]!] };
        }
        return { result: "rejected", evidence: [segLine, ...outcome.reply.lines] };
      }
      if (outcome.type === "aborted") return { result: "aborted", evidence: [] };
      if (outcome.type === "timeout") {
        return { result: "no_reply", evidence: [segLine, ...outcome.partial, rec.info(`no reply to the end of data within ${this.t.dataMs} ms`)] };
      }
      if (outcome.type === "closed") {
        return { result: "closed", evidence: [segLine, ...outcome.partial, rec.info(`connection ${outcome.closed.how === "reset" ? "reset" : "closed"} before a reply to the end of data`)] };
      }
      return { result: "rejected", evidence: [segLine, ...outcome.evidence] };
    } finally {
      conn.destroy();
    }
  }

  private async quitQuietly(dlg: Dialogue): Promise<void> {
    await dlg.command("QUIT", Math.min(this.t.commandMs, 2_000));
  }
}
