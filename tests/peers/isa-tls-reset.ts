/**
 * ISA Server 2006 / Forefront TMG 2010 SMTP filter emulator (document 000).
 *
 * The filter reads the client's commands. Once the client has issued TLS,
 * STARTTLS or X-AnonymousTLS and the server accepted it with 220, the rest of
 * the conversation is encrypted, so the filter can no longer see the QUIT and
 * just relays bytes. "By design, the connection to the SMTP client is reset
 * when the SMTP server closes its connection" with a FIN: the client gets a
 * RST (ISA logs 0x80074e24 FWX_E_CONNECTION_KILLED) and some clients report a
 * failed delivery although the message went through. Without TLS the filter
 * saw QUIT/221 and closes gracefully with FIN. (The hotfix's
 * GracefulPassthroughServerShutdown=true would make it always FIN; not
 * emulated, that is simply a plain relay.)
 *
 * State machine per connection:
 *   inspecting --(TLS verb answered 220)--> opaque
 *   server FIN while inspecting -> FIN to the client ("client-fin")
 *   server FIN while opaque     -> RST to the client ("client-reset")
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
import { SmtpReplyReader } from "./smtp-reply";
import type { RunningPeer } from "./types";

export interface IsaTlsResetOptions {
  host?: string;
  /** Listen on this port (default: an ephemeral one); split-horizon tests reuse the server's port on another address. */
  port?: number;
}

/** The verbs document 000 lists as switching the session to TLS. */
export const ISA_TLS_VERBS: ReadonlySet<string> = new Set(["TLS", "STARTTLS", "X-ANONYMOUSTLS"]);
export const FWX_E_CONNECTION_KILLED = "0x80074e24 FWX_E_CONNECTION_KILLED";

/** Commands the filter remembers while waiting for their replies (pipelining bound). */
const MAX_OUTSTANDING = 1_000;

type Phase = "inspecting" | "opaque";

class IsaConnection {
  private phase: Phase = "inspecting";
  private readonly commands = new LineReader(4_096);
  private readonly replies = new SmtpReplyReader();
  /** Verbs whose replies are still due, oldest first; the greeting comes first. */
  private readonly outstanding: string[] = ["(greeting)"];

  constructor(
    private readonly client: net.Socket,
    private readonly upstream: net.Socket,
    private readonly note: (kind: string, detail?: string) => void,
  ) {}

  start(): void {
    const { client, upstream, note } = this;
    client.on("data", (chunk: Buffer) => {
      if (this.phase === "inspecting") this.inspectClient(chunk);
      upstream.write(chunk);
    });
    client.on("end", () => {
      note("client-fin-received");
      upstream.end();
    });
    client.on("error", (err) => note("client-error", err.message));
    client.on("close", () => {
      note("close");
      upstream.destroy();
    });

    upstream.on("data", (chunk: Buffer) => {
      // decide before relaying: the client answers a 220 with its ClientHello
      if (this.phase === "inspecting") this.inspectServer(chunk);
      client.write(chunk);
    });
    upstream.on("end", () => this.onServerFin());
    // However the server side ends (FIN, RST, error), an opaque session is killed towards the
    // client: the filter never saw the QUIT. The server's own TLS close can race with the client's
    // close_notify and end in a RST from the server instead of a clean FIN; that must not turn
    // into a graceful FIN towards the client.
    upstream.on("error", (err) => {
      note("upstream-error", err.message);
      this.serverGone();
    });
    upstream.on("close", () => this.serverGone());
  }

  private inspectClient(chunk: Buffer): void {
    for (const event of this.commands.push(chunk)) {
      if (event.kind === "overflow") continue; // not a command the filter acts on
      const verb = verbOf(event.line);
      this.note("command", printable(event.line));
      if (this.outstanding.length < MAX_OUTSTANDING) this.outstanding.push(verb);
    }
  }

  private inspectServer(chunk: Buffer): void {
    for (const event of this.replies.push(chunk)) {
      if (event.kind === "overflow" || !event.final) continue;
      const verb = this.outstanding.shift() ?? "(unsolicited)";
      if (ISA_TLS_VERBS.has(verb) && event.code === 220) {
        this.phase = "opaque";
        this.note("tls-started", `${verb} accepted; traffic is now opaque to the filter`);
        return;
      }
    }
  }

  private serverGone(): void {
    const { client } = this;
    if (client.destroyed || client.writableEnded) return;
    if (this.phase === "opaque") this.onServerFin();
    else client.destroy();
  }

  private onServerFin(): void {
    if (this.client.destroyed) return;
    if (this.phase === "opaque") {
      // the filter never saw QUIT (encrypted), so it kills the client side
      this.note("client-reset", FWX_E_CONNECTION_KILLED);
      this.client.resetAndDestroy();
      this.upstream.destroy();
      return;
    }
    this.note("client-fin", "server closed after a session the filter could inspect; graceful FIN");
    this.client.end();
  }
}

export async function startIsaTlsResetProxy(
  upstream: { host: string; port: number },
  opts: IsaTlsResetOptions = {},
): Promise<RunningPeer> {
  assertLoopback(upstream.host, "upstream host");
  const host = opts.host ?? DEFAULT_HOST;
  const log = new EventLog();
  const resources = new Resources();
  const nextLabel = labeller();

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    resources.track(client);
    client.setNoDelay(true);
    const note = log.scoped(nextLabel());
    note("connect", `from ${client.remoteAddress}:${client.remotePort}`);
    const up = resources.track(connectLoopback(upstream));
    new IsaConnection(client, up, note).start();
  });

  const port = await listenOnLoopback(server, host, opts.port ?? 0);
  const close = once(async () => {
    resources.destroyAll();
    await closeServer(server);
  });
  return { host, port, events: log.events, close };
}
