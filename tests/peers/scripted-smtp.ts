/**
 * A raw `net` SMTP responder for byte-exact scenarios that a real server
 * library will not produce, e.g.
 *   - an IIS SMTP banner: "220 host Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready at ..."
 *     (document 004: the IIS SMTP service holding port 25 on an Exchange 2007 Hub),
 *   - an Exchange 2007 Edge answering "451 5.7.3 Cannot achieve Exchange Server authentication",
 *   - an Edge answering "550 5.7.1 External client does not have permissions to submit to this server",
 *   - 421 answers (the reply is sent, then the connection is closed, RFC 5321 section 3.8).
 *
 * Replies are sent exactly as scripted (several lines may be given separated
 * by LF or CRLF); only line ends are normalised to CRLF. The state machine is
 * the minimum RFC 5321 order: a MAIL reply of 2xx opens a transaction, a 2xx
 * RCPT reply adds a recipient, DATA needs both, a 354 to DATA starts the data
 * phase, which ends at CRLF.CRLF regardless of how reads are split.
 */
import net from "node:net";
import { LineReader, verbOf } from "./line-reader";
import { DEFAULT_HOST, EventLog, Resources, closeServer, labeller, listenOnLoopback, once, printable } from "./runtime";
import { replyToWire, scriptToWire } from "./smtp-reply";
import type { RunningPeer } from "./types";

export type ScriptedVerb = "HELO" | "EHLO" | "MAIL" | "RCPT" | "DATA" | "RSET" | "NOOP" | "QUIT" | "STARTTLS" | "UNKNOWN";

export interface ScriptedSmtpOptions {
  host?: string;
  /** Full first line(s), e.g. "220 mail.example.com Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready at ...". */
  banner: string;
  /** EHLO extension lines (without the "250-" prefix), e.g. ["PIPELINING", "SIZE 10240000"]. */
  ehlo?: string[];
  /** Scripted replies; a missing entry gets an IIS/Exchange-like default. */
  replies?: Partial<Record<ScriptedVerb, string>>;
}

/** The reply after the end-of-data terminator (not scriptable). */
export const SCRIPTED_DATA_ACCEPTED = "250 2.6.0 Queued mail for delivery";
const END_OF_DATA = Buffer.from("\r\n.\r\n");
const MAX_COMMAND_LINE = 4_096;

type Phase = "command" | "data" | "closing";

class ScriptedSession {
  private phase: Phase = "command";
  private mail = false;
  private recipients = 0;
  private dataTail = Buffer.alloc(0);
  private dataBytes = 0;
  private readonly reader = new LineReader(MAX_COMMAND_LINE);

  constructor(
    private readonly socket: net.Socket,
    private readonly options: ScriptedSmtpOptions,
    private readonly hostname: string,
    private readonly note: (kind: string, detail?: string) => void,
  ) {}

  start(): void {
    this.socket.on("data", (chunk: Buffer) => this.read(chunk));
    this.socket.on("close", () => this.note("close"));
    this.reply(this.options.banner, "banner");
  }

  private reply(text: string, context: string): void {
    if (!this.socket.writable) return;
    const wire = scriptToWire(text);
    this.socket.write(wire);
    this.note("reply", `${context}: ${printable(wire)}`);
    if (/^421/.test(text)) {
      this.phase = "closing";
      this.socket.end();
    }
  }

  private read(chunk: Buffer): void {
    switch (this.phase) {
      case "data":
        this.readData(chunk);
        return;
      case "command":
        this.readCommands(chunk);
        return;
      case "closing":
        return; // after QUIT or a 421 nothing is answered any more
    }
  }

  private readCommands(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) {
      if (event.kind === "overflow") {
        this.note("line-too-long", `over ${event.limit} bytes`);
        this.reply("500 5.5.2 Line too long", "overflow");
        continue;
      }
      this.command(event.line);
      if (this.phase === "data") {
        this.reader.reset();
        const rest = chunk.subarray(event.end);
        if (rest.length > 0) this.readData(rest);
        return;
      }
      if (this.phase === "closing") return;
    }
  }

  private readData(chunk: Buffer): void {
    const view = Buffer.concat([this.dataTail, chunk]);
    const at = view.indexOf(END_OF_DATA);
    if (at === -1) {
      this.dataBytes += chunk.length;
      this.dataTail = Buffer.from(view.subarray(Math.max(0, view.length - (END_OF_DATA.length - 1))));
      return;
    }
    const cut = at - this.dataTail.length + END_OF_DATA.length;
    this.dataBytes += cut;
    this.note("data-end", `${this.dataBytes} bytes`);
    this.phase = "command";
    this.mail = false;
    this.recipients = 0;
    this.reply(SCRIPTED_DATA_ACCEPTED, "end of data");
    const rest = chunk.subarray(cut);
    if (rest.length > 0) this.read(rest);
  }

  private command(line: Buffer): void {
    const verb = verbOf(line);
    this.note("command", printable(line));
    const replies = this.options.replies ?? {};
    switch (verb) {
      case "HELO":
        this.reply(replies.HELO ?? `250 ${this.hostname} Hello`, verb);
        return;
      case "EHLO":
        this.reply(replies.EHLO ?? this.ehloReply(), verb);
        return;
      case "MAIL": {
        const text = replies.MAIL ?? (this.mail ? "503 5.5.2 Sender already specified" : "250 2.1.0 Sender OK");
        if (/^2/.test(text)) this.mail = true;
        this.reply(text, verb);
        return;
      }
      case "RCPT": {
        const text = replies.RCPT ?? (this.mail ? "250 2.1.5 Recipient OK" : "503 5.5.2 Need mail command");
        if (/^2/.test(text)) this.recipients += 1;
        this.reply(text, verb);
        return;
      }
      case "DATA": {
        let text = replies.DATA;
        if (text === undefined) {
          if (!this.mail) text = "503 5.5.2 Need mail command";
          else if (this.recipients === 0) text = "503 5.5.2 Need rcpt command";
          else text = "354 Start mail input; end with <CRLF>.<CRLF>";
        }
        this.reply(text, verb);
        if (/^354/.test(text)) {
          this.phase = "data";
          this.dataTail = Buffer.from("\r\n"); // the DATA line's CRLF starts a possible empty-message terminator
          this.dataBytes = 0;
        }
        return;
      }
      case "RSET":
        this.mail = false;
        this.recipients = 0;
        this.reply(replies.RSET ?? "250 2.0.0 Resetting", verb);
        return;
      case "NOOP":
        this.reply(replies.NOOP ?? "250 2.0.0 OK", verb);
        return;
      case "QUIT":
        this.reply(replies.QUIT ?? `221 2.0.0 ${this.hostname} Service closing transmission channel`, verb);
        this.phase = "closing";
        this.socket.end();
        return;
      case "STARTTLS":
        // no TLS in this responder: scripted answers only
        this.reply(replies.STARTTLS ?? "454 4.7.0 TLS not available due to temporary reason", verb);
        return;
      default:
        this.reply(replies.UNKNOWN ?? "500 5.3.3 Unrecognized command", "UNKNOWN");
    }
  }

  private ehloReply(): string {
    const lines = [`${this.hostname} Hello`, ...(this.options.ehlo ?? [])];
    return replyToWire(lines.map((line, index) => `250${index === lines.length - 1 ? " " : "-"}${line}`));
  }
}

export async function startScriptedSmtpServer(opts: ScriptedSmtpOptions): Promise<RunningPeer> {
  const host = opts.host ?? DEFAULT_HOST;
  // "220 mail.example.com Microsoft ESMTP ..." -> mail.example.com
  const hostname = /^\d{3}[ -](\S+)/.exec(opts.banner)?.[1] ?? "relaydesk-scripted.local";
  const log = new EventLog();
  const resources = new Resources();
  const nextLabel = labeller();

  const server = net.createServer({ noDelay: true }, (socket) => {
    resources.track(socket);
    const note = log.scoped(nextLabel());
    note("connect", `from ${socket.remoteAddress}:${socket.remotePort}`);
    new ScriptedSession(socket, opts, hostname, note).start();
  });

  const port = await listenOnLoopback(server, host);
  const close = once(async () => {
    resources.destroyAll();
    await closeServer(server);
  });
  return { host, port, events: log.events, close };
}
