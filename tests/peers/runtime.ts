/**
 * Plumbing shared by every peer: loopback-only listening, upstream connections
 * that can only reach loopback, socket/timer bookkeeping so close() never leaves
 * anything behind, and the event log.
 */
import net from "node:net";
import type { PeerEvent } from "./types";

export const DEFAULT_HOST = "127.0.0.1";

/** Upper bound of recorded events per peer, so endless scenarios cannot grow memory. */
const MAX_EVENTS = 10_000;
const MAX_DETAIL = 300;

export class EventLog {
  readonly events: PeerEvent[] = [];

  record(kind: string, detail = ""): void {
    if (this.events.length >= MAX_EVENTS) {
      if (this.events.length === MAX_EVENTS) {
        this.events.push({ at: Date.now(), kind: "events-truncated", detail: `more than ${MAX_EVENTS} events` });
      }
      return;
    }
    const text = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}...` : detail;
    this.events.push({ at: Date.now(), kind, detail: text });
  }

  /** A logger whose details are prefixed with the connection label, e.g. "[c3] ". */
  scoped(label: string): (kind: string, detail?: string) => void {
    return (kind, detail = "") => this.record(kind, detail ? `[${label}] ${detail}` : `[${label}]`);
  }
}

/**
 * Network safety: peers bind and connect to loopback only. Host names are refused
 * on purpose (no DNS lookups, no surprise resolution to a routable address).
 */
export function assertLoopback(host: string, what: string): string {
  const isV4Loopback = net.isIPv4(host) && host.startsWith("127.");
  if (isV4Loopback || host === "::1") return host;
  throw new Error(`${what} must be a loopback address (127.0.0.0/8 or ::1), got ${JSON.stringify(host)}`);
}

/** Listens on an ephemeral port of a loopback address and resolves the port. */
export function listenOnLoopback(server: net.Server, host: string, port = 0): Promise<number> {
  assertLoopback(host, "listen host");
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once("error", onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off("error", onError);
      const address = server.address();
      if (address === null || typeof address === "string") {
        reject(new Error("listener has no TCP address"));
        return;
      }
      resolve(address.port);
    });
  });
}

/** Opens a connection to a loopback upstream (never anywhere else), Nagle off. */
export function connectLoopback(upstream: { host: string; port: number }): net.Socket {
  assertLoopback(upstream.host, "upstream host");
  const socket = net.connect({ host: upstream.host, port: upstream.port, allowHalfOpen: true, noDelay: true });
  return socket;
}

/**
 * Tracks sockets and timers of a peer. Every tracked socket gets a no-op error
 * listener so a client that resets never crashes the test process; the modules
 * record the errors they care about themselves.
 */
export class Resources {
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  track<S extends net.Socket>(socket: S): S {
    if (this.closed) {
      socket.destroy();
      return socket;
    }
    this.sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("close", () => this.sockets.delete(socket));
    return socket;
  }

  /** setTimeout that is cleared by close() and removed from the set once it fired. */
  timeout(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  clear(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /**
   * Marks the peer closed, clears timers and destroys sockets, newest first: a
   * TLS socket is tracked after the plain socket under it, and a TLS wrap must
   * be torn down from the top, not from below.
   */
  destroyAll(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of [...this.sockets].reverse()) socket.destroy();
    this.sockets.clear();
  }
}

/** Stops a net.Server after its sockets were destroyed; resolves even if it was not listening. */
export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}

/** Wraps a close routine so repeated calls share one promise. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= fn();
    return pending;
  };
}

/** Sequential connection labels: c1, c2, ... */
export function labeller(prefix = "c"): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** Printable rendering of bytes for event details (CR/LF and control bytes escaped). */
export function printable(data: Buffer | string): string {
  const text = typeof data === "string" ? data : data.toString("latin1");
  return text.replace(/[\x00-\x1f\x7f-\xff]/g, (ch) => {
    if (ch === "\r") return "\\r";
    if (ch === "\n") return "\\n";
    return `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}
