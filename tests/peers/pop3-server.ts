/**
 * A small but correct POP3 server: RFC 1939 (USER/PASS, STAT, LIST, UIDL, RETR,
 * DELE, NOOP, RSET, QUIT with AUTHORIZATION / TRANSACTION / UPDATE states),
 * RFC 2449 CAPA, RFC 2595 STLS, or implicit TLS (POP3S). Any credentials are
 * accepted; every session sees the same two-message maildrop. It is the
 * POP3 host of document 003 (the polled server behind ISA 2000).
 */
import net from "node:net";
import tls from "node:tls";
import { keyCertFor } from "./certs";
import { LineReader, verbOf } from "./line-reader";
import { DEFAULT_HOST, EventLog, Resources, closeServer, labeller, listenOnLoopback, once, printable } from "./runtime";
import type { CertificateChoice, KeyCert, RunningPeer } from "./types";

export interface Pop3ServerOptions {
  host?: string;
  /** Offer STLS (RFC 2595); default true unless implicitTls. */
  stls?: boolean;
  /** TLS from the first byte (POP3S). */
  implicitTls?: boolean;
  certificate?: CertificateChoice;
}

/** RFC 2449 section 4: a command line is at most 255 octets including CRLF; be a little lenient. */
const MAX_COMMAND_LINE = 512;
const GREETING = "+OK RelayDesk test POP3 server ready";

export const POP3_MAILDROP: readonly { uid: string; body: string }[] = [
  {
    uid: "relaydesk-msg-1",
    body: "From: alice@example.test\r\nTo: bob@example.test\r\nSubject: first\r\n\r\nHello Bob.\r\n",
  },
  {
    uid: "relaydesk-msg-2",
    body: "From: carol@example.test\r\nTo: bob@example.test\r\nSubject: second\r\n\r\n.leading dot line\r\nBye.\r\n",
  },
];

type State = "authorization" | "transaction" | "update";

class Pop3Session {
  private state: State = "authorization";
  private user: string | undefined;
  private readonly deleted = new Set<number>();
  private readonly reader = new LineReader(MAX_COMMAND_LINE);
  private socket: net.Socket;
  private secure: boolean;
  private readonly onData = (chunk: Buffer): void => this.read(chunk);

  constructor(
    socket: net.Socket,
    private readonly options: { stls: boolean; keyCert: KeyCert },
    private readonly resources: Resources,
    private readonly note: (kind: string, detail?: string) => void,
  ) {
    this.socket = socket;
    this.secure = socket instanceof tls.TLSSocket;
  }

  start(): void {
    this.socket.on("data", this.onData);
    this.socket.on("close", () => this.note("close"));
    this.send(GREETING);
  }

  private send(line: string): void {
    if (this.socket.writable) this.socket.write(`${line}\r\n`);
  }

  private sendMultiline(first: string, lines: readonly string[]): void {
    // RFC 1939 section 3: byte-stuff lines starting with "." and end with "."
    const body = lines.map((line) => (line.startsWith(".") ? `.${line}` : line));
    if (this.socket.writable) this.socket.write([first, ...body, "."].map((line) => `${line}\r\n`).join(""));
  }

  private read(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) {
      if (event.kind === "overflow") {
        this.note("line-too-long", `over ${event.limit} bytes`);
        this.send("-ERR line too long");
        continue;
      }
      const upgraded = this.command(event.line.toString("latin1"));
      if (upgraded) return; // the rest of this read was plaintext after STLS: discarded
      if (this.socket.destroyed || !this.socket.writable) return;
    }
  }

  /** Handles one command; returns true when the socket was handed to TLS. */
  private command(line: string): boolean {
    const verb = verbOf(line);
    const arg = line.trim().replace(/^\S+\s*/, "");
    this.note("command", verb === "PASS" ? "PASS ********" : printable(line));
    switch (verb) {
      case "CAPA":
        this.sendMultiline("+OK Capability list follows", this.capabilities());
        return false;
      case "NOOP":
        this.send(this.state === "transaction" ? "+OK" : "-ERR not in TRANSACTION state");
        return false;
      case "QUIT":
        this.quit();
        return false;
      case "STLS":
        return this.stls();
      case "USER":
      case "PASS":
        this.authorization(verb, arg);
        return false;
      case "STAT":
      case "LIST":
      case "UIDL":
      case "RETR":
      case "DELE":
      case "RSET":
        this.transaction(verb, arg);
        return false;
      default:
        this.send("-ERR unknown command");
        return false;
    }
  }

  private capabilities(): string[] {
    const caps = ["USER", "UIDL", "RESP-CODES"];
    if (this.options.stls && !this.secure && this.state === "authorization") caps.push("STLS");
    caps.push("IMPLEMENTATION RelayDesk-test-peer");
    return caps;
  }

  private stls(): boolean {
    if (!this.options.stls) {
      this.send("-ERR STLS not supported");
      return false;
    }
    if (this.secure) {
      this.send("-ERR already using TLS");
      return false;
    }
    if (this.state !== "authorization") {
      this.send("-ERR STLS only in AUTHORIZATION state");
      return false;
    }
    this.send("+OK Begin TLS negotiation");
    const plain = this.socket;
    plain.off("data", this.onData);
    this.reader.reset(); // RFC 2595 section 4: forget anything sent before the handshake
    this.user = undefined;
    const secure = new tls.TLSSocket(plain, { isServer: true, key: this.options.keyCert.key, cert: this.options.keyCert.cert });
    this.resources.track(secure);
    secure.on("secure", () => this.note("tls", `STLS completed (${secure.getProtocol() ?? "?"})`));
    secure.on("error", (err) => {
      this.note("tls-error", err.message);
      secure.destroy();
    });
    secure.on("data", this.onData);
    this.socket = secure;
    this.secure = true;
    return true;
  }

  private authorization(verb: "USER" | "PASS", arg: string): void {
    if (this.state !== "authorization") {
      this.send("-ERR already authenticated");
      return;
    }
    if (verb === "USER") {
      if (arg === "") {
        this.send("-ERR USER needs a mailbox name");
        return;
      }
      this.user = arg;
      this.send(`+OK ${arg} is welcome here`);
      return;
    }
    if (this.user === undefined) {
      this.send("-ERR send USER first");
      return;
    }
    this.state = "transaction";
    this.note("login", this.user);
    const { count, octets } = this.stat();
    this.send(`+OK ${this.user}'s maildrop has ${count} messages (${octets} octets)`);
  }

  private stat(): { count: number; octets: number } {
    let count = 0;
    let octets = 0;
    POP3_MAILDROP.forEach((message, index) => {
      if (this.deleted.has(index)) return;
      count += 1;
      octets += Buffer.byteLength(message.body);
    });
    return { count, octets };
  }

  /** Resolves a 1-based message number argument to an index of a message that is not deleted. */
  private message(arg: string): number | undefined {
    if (!/^\d+$/.test(arg)) return undefined;
    const index = Number(arg) - 1;
    if (index < 0 || index >= POP3_MAILDROP.length || this.deleted.has(index)) return undefined;
    return index;
  }

  private transaction(verb: "STAT" | "LIST" | "UIDL" | "RETR" | "DELE" | "RSET", arg: string): void {
    if (this.state !== "transaction") {
      this.send("-ERR not in TRANSACTION state");
      return;
    }
    if (verb === "STAT") {
      const { count, octets } = this.stat();
      this.send(`+OK ${count} ${octets}`);
      return;
    }
    if (verb === "RSET") {
      this.deleted.clear();
      this.send("+OK maildrop reset");
      return;
    }
    const listing = (index: number): string => {
      const message = POP3_MAILDROP[index]!;
      return `${index + 1} ${verb === "UIDL" ? message.uid : Buffer.byteLength(message.body)}`;
    };
    if ((verb === "LIST" || verb === "UIDL") && arg === "") {
      const lines = POP3_MAILDROP.map((_, index) => index)
        .filter((index) => !this.deleted.has(index))
        .map(listing);
      const { count, octets } = this.stat();
      this.sendMultiline(`+OK ${count} messages (${octets} octets)`, lines);
      return;
    }
    const index = this.message(arg);
    if (index === undefined) {
      this.send("-ERR no such message");
      return;
    }
    if (verb === "LIST" || verb === "UIDL") {
      this.send(`+OK ${listing(index)}`);
    } else if (verb === "RETR") {
      const body = POP3_MAILDROP[index]!.body;
      this.sendMultiline(`+OK ${Buffer.byteLength(body)} octets`, body.replace(/\r\n$/, "").split("\r\n"));
    } else {
      this.deleted.add(index);
      this.send(`+OK message ${index + 1} deleted`);
    }
  }

  private quit(): void {
    if (this.state === "transaction") {
      this.state = "update"; // deletions would be committed here; the maildrop is fixed
      this.send(`+OK RelayDesk test POP3 server signing off (${this.deleted.size} deleted)`);
    } else {
      this.send("+OK RelayDesk test POP3 server signing off");
    }
    this.socket.end();
  }
}

export async function startPop3Server(opts: Pop3ServerOptions = {}): Promise<RunningPeer> {
  const host = opts.host ?? DEFAULT_HOST;
  const implicitTls = opts.implicitTls ?? false;
  const stls = opts.stls ?? !implicitTls;
  const keyCert = keyCertFor(opts.certificate ?? "valid");
  const log = new EventLog();
  const resources = new Resources();
  const nextLabel = labeller();

  const begin = (socket: net.Socket): void => {
    const note = log.scoped(nextLabel());
    note("connect", `from ${socket.remoteAddress}:${socket.remotePort}${implicitTls ? " (implicit TLS)" : ""}`);
    new Pop3Session(socket, { stls, keyCert }, resources, note).start();
  };

  let server: net.Server;
  if (implicitTls) {
    const tlsServer = tls.createServer({ key: keyCert.key, cert: keyCert.cert }, (socket) => begin(socket));
    tlsServer.on("connection", (raw: net.Socket) => {
      raw.setNoDelay(true);
      resources.track(raw);
    });
    tlsServer.on("secureConnection", (socket) => resources.track(socket));
    tlsServer.on("tlsClientError", (err) => log.record("tls-error", err.message));
    server = tlsServer;
  } else {
    server = net.createServer({ noDelay: true }, (socket) => {
      resources.track(socket);
      begin(socket);
    });
  }

  const port = await listenOnLoopback(server, host);
  const close = once(async () => {
    resources.destroyAll();
    await closeServer(server);
  });
  return { host, port, events: log.events, close };
}
