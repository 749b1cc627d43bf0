/**
 * Cisco PIX Mailguard (`fixup protocol smtp 25`) emulator: a TCP proxy in front
 * of a real SMTP server that behaves the way KB 295725 (documents 001, 002) and
 * the Exchange 2007 topic (document 004) describe.
 *
 * - Banner: PIX 5.1 and later turn every banner character into "*" except "2"
 *   and "0" (CR/LF are left alone); the document's third exception, "0 ", is how
 *   the reply code "220 " itself survives, so the line still parses as a 220.
 *   PIX 4.4 masks every character of the banner text. Earlier PIX versions
 *   greet with "220 SMTP/cmap_____________________________________read" instead
 *   of the server's banner.
 * - Commands: only the seven RFC 821 section 4.5.1 verbs (HELO MAIL RCPT DATA
 *   RSET NOOP QUIT) reach the server. EHLO gets "500 Unrecognized command"
 *   from the firewall (document 001 shows exactly that). Every other verb
 *   (goodmorning, AUTH, X-LINK2STATE, STARTTLS, KILL, WIZ, BDAT ...) is not
 *   forwarded; early PIX answers "OK" regardless so an attacker cannot tell it
 *   was blocked, later ones "500 Command unrecognized" (documents 002, 004).
 *   The server's ESMTP extensions are therefore never visible.
 * - CSCds90792 (documents 001, 002): "If for any reason the CRLF.CRLF
 *   terminating string is broken into separate packets during transmission,
 *   Mailguard rejects it and does not pass it to the mail server." The
 *   emulator recognises end of data only when all five bytes arrive in one
 *   TCP read. If the terminator straddles two reads it is swallowed and the
 *   connection stalls: the server never sees end of data, no 250 comes back,
 *   the client times out and (in real life) re-sends the message later, which
 *   is where the duplicate messages come from.
 *
 * Read boundaries: one socket 'data' event is treated as one segment. On
 * loopback with Nagle off on both sides (setNoDelay here, and the client must
 * do the same), separate client writes arrive as separate reads as long as the
 * client pauses a few milliseconds between them; writes issued back to back may
 * be coalesced by the kernel into one read, exactly as a real network may
 * coalesce them into one segment. Invariant kept by the data phase below: the
 * server sees an end-of-data sequence if and only if the emulator recognised
 * one in a single read.
 */
import net from "node:net";
import { LineReader, verbOf } from "./line-reader";
import {
  DEFAULT_HOST,
  EventLog,
  Resources,
  assertLoopback,
  closeServer,
  connectLoopback,
  labeller,
  listenOnLoopback,
  once,
  printable,
} from "./runtime";
import { SmtpReplyReader, type SmtpReplyLine } from "./smtp-reply";
import type { RunningPeer } from "./types";

export type MailguardBannerStyle = "masked-5.1" | "masked-4.4" | "cmap";

export interface MailguardOptions {
  host?: string;
  /** Listen on this port (default: an ephemeral one); split-horizon tests reuse the server's port on another address. */
  port?: number;
  bannerStyle?: MailguardBannerStyle;
  /** Answer blocked verbs with "OK" (early PIX, default) instead of "500 Command unrecognized". */
  okToUnknown?: boolean;
}

/** RFC 821 section 4.5.1 minimum implementation: the only verbs Mailguard passes. */
export const MAILGUARD_COMMANDS: ReadonlySet<string> = new Set(["HELO", "MAIL", "RCPT", "DATA", "RSET", "NOOP", "QUIT"]);
export const CMAP_BANNER = "220 SMTP/cmap_____________________________________read";
export const EHLO_REFUSAL = "500 Unrecognized command";
export const BLOCKED_OK = "OK";
export const BLOCKED_500 = "500 Command unrecognized";

const END_OF_DATA = Buffer.from("\r\n.\r\n");
const CRLF = Buffer.from("\r\n");
/** RFC 821 allows 512 bytes per command line; be lenient but bounded. */
const MAX_COMMAND_LINE = 2_048;
/** Client bytes held while the server has not yet answered DATA. */
const MAX_HELD_BYTES = 256 * 1024;
/** Replies owed to the client (a client pipelining into a silent server must not grow memory). */
const MAX_PENDING = 10_000;

/** Masks one banner line the way PIX 5.1+ ("masked-5.1") or PIX 4.4 ("masked-4.4") does. */
export function maskBannerLine(line: string, style: "masked-5.1" | "masked-4.4"): string {
  const match = /^(\d{3}[ -]?)([\s\S]*)$/.exec(line);
  const prefix = match?.[1] ?? "";
  const text = match?.[2] ?? line;
  const masked = style === "masked-5.1" ? text.replace(/[^20]/g, "*") : text.replace(/[\s\S]/g, "*");
  return prefix + masked;
}

type Phase =
  /** reading command lines */
  | "command"
  /** DATA was forwarded; client bytes are held until the server answers it */
  | "awaiting-data-reply"
  /** message content is relayed; end of data is recognised within one read only */
  | "data"
  /** the terminator was split (CSCds90792): nothing more reaches the server */
  | "data-stalled";

/** Who owes the client the next reply, in order. */
type ServerPending = { from: "server"; expect: "banner" | "command" | "end-of-data"; verb: string };
type Pending = ServerPending | { from: "firewall"; text: string };

class MailguardConnection {
  private phase: Phase = "command";
  private readonly pending: Pending[] = [{ from: "server", expect: "banner", verb: "" }];
  private readonly commands = new LineReader(MAX_COMMAND_LINE);
  private readonly replies = new SmtpReplyReader();
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** The last (at most 4) bytes the server received during the data phase. */
  private tail: Buffer = Buffer.alloc(0);
  /** A server reply has started (its first line was relayed) but not ended. */
  private replyInProgress = false;
  /** What the reply in progress answers; undefined for an unsolicited reply. */
  private answering: ServerPending | undefined;

  constructor(
    private readonly client: net.Socket,
    private readonly upstream: net.Socket,
    private readonly style: MailguardBannerStyle,
    private readonly okToUnknown: boolean,
    private readonly note: (kind: string, detail?: string) => void,
  ) {}

  start(): void {
    const { client, upstream, note } = this;
    client.on("data", (chunk: Buffer) => this.onClientRead(chunk));
    client.on("end", () => {
      note("client-fin");
      upstream.end();
    });
    client.on("error", (err) => note("client-error", err.message));
    client.on("close", () => {
      note("close");
      upstream.destroy();
    });

    upstream.on("connect", () => note("upstream-connected", `${upstream.remoteAddress}:${upstream.remotePort}`));
    upstream.on("data", (chunk: Buffer) => this.onServerRead(chunk));
    upstream.on("end", () => {
      note("server-fin");
      this.flushFirewallReplies();
      client.end();
    });
    upstream.on("error", (err) => {
      note("upstream-error", err.message);
      client.destroy();
    });
    upstream.on("close", () => {
      if (!client.writableEnded) client.destroy();
    });
  }

  // ---- client -> server -------------------------------------------------

  private onClientRead(chunk: Buffer): void {
    switch (this.phase) {
      case "command":
        this.readCommands(chunk);
        return;
      case "awaiting-data-reply":
        this.hold(chunk);
        return;
      case "data":
        this.readData(chunk);
        return;
      case "data-stalled":
        this.note("data-dropped", `${chunk.length} bytes not passed to the server`);
        return;
    }
  }

  private readCommands(chunk: Buffer): void {
    for (const event of this.commands.push(chunk)) {
      if (event.kind === "overflow") {
        this.note("line-too-long", `command line over ${event.limit} bytes`);
        this.block("(overlong line)", this.blockedAnswer());
        continue;
      }
      this.command(event.line);
      if (this.phase !== "command") {
        // DATA went to the server: what follows in this read depends on its answer
        this.commands.reset();
        const rest = chunk.subarray(event.end);
        if (rest.length > 0) this.hold(rest);
        return;
      }
    }
  }

  private command(line: Buffer): void {
    const verb = verbOf(line);
    this.note("command", verb === "AUTH" ? printable(line).replace(/^(\s*\S+\s+\S+).*/, "$1 ********") : printable(line));
    if (MAILGUARD_COMMANDS.has(verb)) {
      this.upstream.write(Buffer.concat([line, CRLF]));
      this.owe({ from: "server", expect: "command", verb });
      this.note("forwarded", verb);
      if (verb === "DATA") this.phase = "awaiting-data-reply";
      return;
    }
    this.block(verb === "" ? "(empty)" : verb, verb === "EHLO" ? EHLO_REFUSAL : this.blockedAnswer());
  }

  private blockedAnswer(): string {
    return this.okToUnknown ? BLOCKED_OK : BLOCKED_500;
  }

  private block(what: string, answer: string): void {
    this.note("blocked", `${what} -> ${answer}`);
    this.owe({ from: "firewall", text: answer });
    this.flushFirewallReplies();
  }

  private owe(entry: Pending): void {
    this.pending.push(entry);
    if (this.pending.length > MAX_PENDING) {
      this.note("pending-overflow", `${this.pending.length} replies owed; dropping the connection`);
      this.client.destroy();
    }
  }

  private toClient(line: string): void {
    if (this.client.writable) this.client.write(`${line}\r\n`);
  }

  private hold(chunk: Buffer): void {
    this.held.push(Buffer.from(chunk));
    this.heldBytes += chunk.length;
    if (this.heldBytes > MAX_HELD_BYTES) {
      this.note("held-overflow", `${this.heldBytes} bytes sent before the server answered DATA`);
      this.client.destroy();
    }
  }

  /** Replays held reads one by one, so their boundaries are preserved. */
  private releaseHeld(): void {
    const chunks = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const chunk of chunks) this.onClientRead(chunk);
  }

  private enterData(): void {
    this.phase = "data";
    // The CRLF that ended the DATA line counts as the first CRLF of an
    // immediate terminator, for the server as well as for the emulator.
    this.tail = Buffer.from(CRLF);
    this.note("data-start");
  }

  private readData(chunk: Buffer): void {
    const view = Buffer.concat([this.tail, chunk]);
    const at = view.indexOf(END_OF_DATA);
    if (at === -1) {
      this.upstream.write(chunk);
      this.tail = Buffer.from(view.subarray(Math.max(0, view.length - (END_OF_DATA.length - 1))));
      return;
    }
    if (at >= this.tail.length) {
      // all five bytes inside this read: recognised, passed on, back to commands
      const cut = at - this.tail.length + END_OF_DATA.length;
      this.upstream.write(chunk.subarray(0, cut));
      this.phase = "command";
      this.owe({ from: "server", expect: "end-of-data", verb: "." });
      this.note("data-end", "CRLF.CRLF arrived in one read; passed to the server");
      const rest = chunk.subarray(cut);
      if (rest.length > 0) this.readCommands(rest);
      return;
    }
    // CSCds90792: the terminator began in an earlier read and ends in this one
    const before = printable(this.tail);
    const after = printable(chunk.subarray(0, at + END_OF_DATA.length - this.tail.length));
    this.phase = "data-stalled";
    this.note(
      "terminator-split-lost",
      `CRLF.CRLF split across reads ("${before}" | "${after}"): swallowed, not passed to the mail server (CSCds90792)`,
    );
  }

  // ---- server -> client -------------------------------------------------

  private onServerRead(chunk: Buffer): void {
    for (const event of this.replies.push(chunk)) {
      if (event.kind === "overflow") {
        this.note("server-line-too-long", `reply line over ${event.limit} bytes; dropping the connection`);
        this.client.destroy();
        return;
      }
      this.serverLine(event);
    }
  }

  /**
   * Relays one server reply line at once (a banner that never ends still
   * streams through, masked). Firewall answers queued ahead of this reply go
   * out before its first line; the DATA decision is taken at its last line.
   */
  private serverLine(line: SmtpReplyLine): void {
    if (!this.replyInProgress) {
      this.flushFirewallReplies();
      const head = this.pending[0];
      this.answering = head?.from === "server" ? head : undefined;
      if (this.answering) this.pending.shift();
      this.replyInProgress = true;
      if (this.answering?.expect === "banner" && this.style === "cmap") this.toClient(CMAP_BANNER);
    }
    const answering = this.answering;
    if (answering?.expect !== "banner") {
      this.toClient(line.text);
    } else if (this.style !== "cmap") {
      this.toClient(maskBannerLine(line.text, this.style));
    }
    if (!line.final) return;

    this.replyInProgress = false;
    this.answering = undefined;
    if (answering?.expect === "banner") {
      this.note("banner", `${this.style} in place of: ${printable(line.text)}`);
    } else {
      this.note("reply", `${line.code} to ${answering ? answering.verb : "(unsolicited)"}`);
    }
    if (answering?.verb === "DATA" && this.phase === "awaiting-data-reply") {
      if (line.code === 354) this.enterData();
      else this.phase = "command";
      this.releaseHeld();
    }
    this.flushFirewallReplies();
  }

  /** Sends the firewall's own answers that are next in line. */
  private flushFirewallReplies(): void {
    let head = this.pending[0];
    while (head !== undefined && head.from === "firewall") {
      this.pending.shift();
      this.toClient(head.text);
      head = this.pending[0];
    }
  }
}

export async function startMailguardFront(
  upstream: { host: string; port: number },
  opts: MailguardOptions = {},
): Promise<RunningPeer> {
  assertLoopback(upstream.host, "upstream host");
  const host = opts.host ?? DEFAULT_HOST;
  const style = opts.bannerStyle ?? "masked-5.1";
  const okToUnknown = opts.okToUnknown ?? true;
  const log = new EventLog();
  const resources = new Resources();
  const nextLabel = labeller();

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    resources.track(client);
    client.setNoDelay(true);
    const note = log.scoped(nextLabel());
    note("connect", `from ${client.remoteAddress}:${client.remotePort}`);
    const up = resources.track(connectLoopback(upstream));
    new MailguardConnection(client, up, style, okToUnknown, note).start();
  });

  const port = await listenOnLoopback(server, host, opts.port ?? 0);
  const close = once(async () => {
    resources.destroyAll();
    await closeServer(server);
  });
  return { host, port, events: log.events, close };
}
