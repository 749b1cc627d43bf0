/**
 * One probe connection over net/tls (compare nodemailer's SMTPConnection):
 * connect to an exact, policy-checked IP address with a deadline; a bounded
 * line reader; waits that always end (deadline, peer close, overflow, abort)
 * and clear their timers and listeners on every exit path; STARTTLS/STLS
 * upgrade that drops any plaintext received before the handshake (RFC 3207
 * section 6); and an exact record of how the peer ended the connection (FIN or
 * RST), which is what the ISA/TMG reset finding depends on.
 */
import { createHash } from "node:crypto";
import net from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";
import { monotonicMs } from "./clock";
import { MAX_CONCURRENT_TLS_HANDSHAKES } from "./constants";
import { BoundedLineReader, type LineReaderLimits } from "./line-reader";
import { Semaphore } from "./semaphore";
import { sniFor, summariseTls } from "./tls-info";
import type { TlsSummary } from "./types";

export type CloseHow = "fin" | "reset" | "error";

export interface ClosedState {
  how: CloseHow;
  code?: string;
  message?: string;
  /** monotonicMs() when noticed. */
  at: number;
}

export type ConnectFailure = "refused" | "timeout" | "reset" | "unreachable" | "error" | "aborted";

export type ConnectOutcome =
  | { ok: true; conn: ProbeConnection; ms: number }
  | { ok: false; reason: ConnectFailure; code?: string; message: string; ms: number };

export interface ConnectOptions {
  address: string;
  family: 4 | 6;
  port: number;
  timeoutMs: number;
  signal: AbortSignal;
  limits: LineReaderLimits;
}

export type LineRead =
  | { type: "line"; bytes: Buffer; bareLf: boolean }
  | { type: "timeout"; partial: Buffer }
  | { type: "closed"; closed: ClosedState; partial: Buffer }
  | { type: "overflow"; reason: "line_too_long" | "total_bytes"; sample: Buffer }
  | { type: "aborted" };

export type TlsOutcome =
  | { ok: true; summary: TlsSummary; ms: number; discardedBytes: number }
  | { ok: false; reason: "timeout" | "error" | "closed" | "aborted"; message: string; code?: string; ms: number; discardedBytes: number };

export interface TlsOptions {
  /** Name (or address) the certificate must cover; also SNI when it is a name. */
  servername: string;
  /** Extra trusted CA certificates (PEM). */
  ca?: string[];
  timeoutMs: number;
  signal: AbortSignal;
}

function classifyConnectError(err: NodeJS.ErrnoException): ConnectFailure {
  switch (err.code) {
    case "ECONNREFUSED":
      return "refused";
    case "ECONNRESET":
    case "EPIPE":
      return "reset";
    case "ETIMEDOUT":
      return "timeout";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "EADDRNOTAVAIL":
    case "EHOSTDOWN":
    case "ENETDOWN":
      return "unreachable";
    default:
      return "error";
  }
}

function isResetCode(code: string | undefined): boolean {
  return code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED";
}

/**
 * Secure contexts with extra trusted CAs, cached by CA content: building one
 * parses every root certificate, which costs milliseconds of event-loop time
 * per connection if repeated (200 concurrent STARTTLS probes blocked the loop
 * for seconds before this cache).
 */
const handshakeSlots = new Semaphore(MAX_CONCURRENT_TLS_HANDSHAKES, Number.MAX_SAFE_INTEGER);

const secureContexts = new Map<string, tls.SecureContext>();
const MAX_SECURE_CONTEXTS = 32;

function secureContextFor(ca: string[]): tls.SecureContext {
  const key = createHash("sha256").update(ca.join("\n")).digest("hex");
  let ctx = secureContexts.get(key);
  if (!ctx) {
    ctx = tls.createSecureContext({ ca: [...tls.rootCertificates, ...ca] });
    if (secureContexts.size >= MAX_SECURE_CONTEXTS) {
      const oldest = secureContexts.keys().next().value;
      if (oldest !== undefined) secureContexts.delete(oldest);
    }
    secureContexts.set(key, ctx);
  }
  return ctx;
}

/** Refuses any name lookup: probes connect to checked addresses only. */
function noLookup(hostname: string, _options: unknown, callback: (err: Error | null, address: string, family: number) => void): void {
  callback(new Error(`refusing to resolve ${hostname}: probes connect to checked IP addresses only`), "", 0);
}

/** Waits for a condition with a deadline and an abort signal; the timer and listener are always cleared. */
function waitFor(register: (wake: () => void) => () => void, timeoutMs: number, signal: AbortSignal): Promise<"woken" | "timeout" | "aborted"> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve("aborted");
      return;
    }
    let done = false;
    let unregister: () => void = () => undefined;
    const finish = (r: "woken" | "timeout" | "aborted"): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      unregister();
      resolve(r);
    };
    const onAbort = (): void => finish("aborted");
    const timer = setTimeout(() => finish("timeout"), Math.max(0, timeoutMs));
    signal.addEventListener("abort", onAbort, { once: true });
    unregister = register(() => finish("woken"));
  });
}

export class ProbeConnection {
  /** Where application data is written: the TCP socket, or the TLS socket on top of it. */
  private stream: net.Socket | tls.TLSSocket;
  private reader: BoundedLineReader;
  private readonly queue: Array<{ bytes: Buffer; bareLf: boolean }> = [];
  private overflow: { reason: "line_too_long" | "total_bytes"; sample: Buffer } | null = null;
  private readonly wakers = new Set<() => void>();
  /** While TLS is active, TCP bytes go to the TLS layer through this bridge. */
  private bridge: Duplex | null = null;
  private secure: tls.TLSSocket | null = null;
  /** Outcome of the latest TLS record written to the TCP socket (see confirmFin). */
  private lastTlsWrite: "ok" | "failed" | null = null;
  /** How the peer ended the TCP connection (FIN or RST), once it did. */
  closed: ClosedState | null = null;
  /** A reset seen after an orderly FIN (kept apart from `closed`). */
  resetAfterFin = false;
  /** The peer ended the TLS session (close_notify); the TCP connection may still be open. */
  tlsEnded = false;
  bytesIn = 0;
  bytesOut = 0;
  /** monotonicMs() of the first byte received, if any. */
  firstByteAt: number | null = null;
  readonly connectedAt = monotonicMs();
  tlsActive = false;
  private destroyed = false;
  /** Called after data that leaves an unfinished line waiting for its LF (live progress). */
  onPartialLine: ((pending: Buffer, bytesIn: number) => void) | null = null;

  private constructor(
    private readonly raw: net.Socket,
    private readonly limits: LineReaderLimits,
  ) {
    this.stream = raw;
    this.reader = new BoundedLineReader(limits);
    // FIN and RST are always observed on the TCP socket itself, also under TLS:
    // a TLSSocket that owned the TCP socket would stop at the peer's close_notify
    // and never report a RST that follows it (the ISA/TMG behaviour).
    raw.on("data", (chunk: Buffer) => {
      if (this.bridge) this.bridge.push(chunk);
      else this.onData(chunk);
    });
    raw.on("end", () => {
      this.bridge?.push(null);
      this.onTcpEnd();
    });
    raw.on("error", (err: NodeJS.ErrnoException) => this.onError(err));
    raw.on("close", (hadError: boolean) => this.onClose(hadError));
  }

  /** Opens a TCP connection to an address literal. Never resolves names. */
  static connect(opts: ConnectOptions): Promise<ConnectOutcome> {
    const t0 = monotonicMs();
    return new Promise((resolve) => {
      if (opts.signal.aborted) {
        resolve({ ok: false, reason: "aborted", message: "aborted before connecting", ms: 0 });
        return;
      }
      if (net.isIP(opts.address) === 0) {
        resolve({ ok: false, reason: "error", message: `not an IP address: ${opts.address}`, ms: 0 });
        return;
      }
      // Half-open allowed: after the peer's FIN the socket stays writable, which confirmFin needs;
      // every probe ends with destroy(), so nothing is left open.
      const sock = net.connect({ host: opts.address, port: opts.port, family: opts.family, lookup: noLookup as never, noDelay: true, allowHalfOpen: true });
      let settled = false;
      const finish = (o: ConnectOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal.removeEventListener("abort", onAbort);
        sock.off("connect", onConnect);
        sock.off("error", onError);
        resolve(o);
      };
      const ms = (): number => Math.round((monotonicMs() - t0) * 10) / 10;
      const onConnect = (): void => {
        const conn = new ProbeConnection(sock, opts.limits);
        finish({ ok: true, conn, ms: ms() });
      };
      const onError = (err: NodeJS.ErrnoException): void => {
        sock.destroy();
        finish({ ok: false, reason: classifyConnectError(err), ...(err.code ? { code: err.code } : {}), message: err.message, ms: ms() });
      };
      const onAbort = (): void => {
        sock.destroy();
        finish({ ok: false, reason: "aborted", message: "aborted while connecting", ms: ms() });
      };
      const timer = setTimeout(() => {
        sock.destroy();
        finish({ ok: false, reason: "timeout", code: "ETIMEDOUT", message: `no connection within ${opts.timeoutMs} ms`, ms: ms() });
      }, Math.max(1, opts.timeoutMs));
      sock.once("connect", onConnect);
      sock.once("error", onError);
      sock.on("error", () => undefined); // later errors are recorded by the connection
      opts.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private wake(): void {
    for (const w of [...this.wakers]) w();
  }

  private onData(chunk: Buffer): void {
    if (this.destroyed) return;
    this.bytesIn += chunk.length;
    this.firstByteAt ??= monotonicMs();
    for (const ev of this.reader.push(chunk)) {
      if (ev.type === "line") this.queue.push({ bytes: ev.bytes, bareLf: ev.bareLf });
      else {
        this.overflow = { reason: ev.reason, sample: ev.sample };
        this.raw.pause(); // stop reading: the kernel buffer fills and the peer is slowed down
      }
    }
    if (this.onPartialLine && this.reader.pendingBytes > 0) this.onPartialLine(this.reader.peekPending(), this.bytesIn);
    this.wake();
  }

  private onTcpEnd(): void {
    this.closed ??= { how: "fin", at: monotonicMs() };
    this.wake();
  }

  private onError(err: NodeJS.ErrnoException): void {
    const how: CloseHow = isResetCode(err.code) ? "reset" : "error";
    if (this.closed === null) {
      this.closed = { how, at: monotonicMs(), message: err.message, ...(err.code ? { code: err.code } : {}) };
    } else if (this.closed.how === "fin" && how === "reset") {
      this.resetAfterFin = true;
    }
    this.wake();
  }

  private onClose(hadError: boolean): void {
    this.closed ??= { how: hadError ? "error" : "fin", at: monotonicMs() };
    this.wake();
  }

  /** Lines already received and not read yet. */
  get queuedLines(): number {
    return this.queue.length;
  }

  /** Takes one already-received line without waiting (null when none is queued). */
  takeQueuedLine(): Buffer | null {
    return this.queue.shift()?.bytes ?? null;
  }

  /** Bytes of an unfinished line already received. */
  get pendingBytes(): number {
    return this.reader.pendingBytes;
  }

  /**
   * Next line, waiting until `deadline` (a monotonicMs() value). Lines
   * already received come first, then an overflow, then the close.
   */
  async readLine(deadline: number, signal: AbortSignal): Promise<LineRead> {
    for (;;) {
      const line = this.queue.shift();
      if (line) return { type: "line", bytes: line.bytes, bareLf: line.bareLf };
      if (this.overflow) return { type: "overflow", reason: this.overflow.reason, sample: this.overflow.sample };
      if (this.closed) return { type: "closed", closed: this.closed, partial: this.reader.peekPending() };
      if (signal.aborted) return { type: "aborted" };
      const remaining = deadline - monotonicMs();
      if (remaining <= 0) return { type: "timeout", partial: this.reader.peekPending() };
      const r = await waitFor((wake) => {
        this.wakers.add(wake);
        return () => this.wakers.delete(wake);
      }, remaining, signal);
      if (r === "aborted") return { type: "aborted" };
      // on "timeout" and "woken" loop again: data that arrived exactly at the deadline still counts
      if (r === "timeout" && this.queue.length === 0 && !this.overflow && !this.closed) {
        return { type: "timeout", partial: this.reader.peekPending() };
      }
    }
  }

  /** Writes bytes; false when the connection is already closed. */
  write(data: string | Uint8Array): boolean {
    if (this.destroyed || this.closed || this.stream.destroyed || !this.stream.writable) return false;
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.bytesOut += buf.length;
    this.stream.write(buf);
    return true;
  }

  /**
   * Writes each segment separately with a pause between them (Nagle is off), so
   * that each one leaves in its own TCP segment. Resolves false when the
   * connection closed or the probe was aborted in between.
   */
  async writeSegments(segments: Array<string | Uint8Array>, gapMs: number, signal: AbortSignal): Promise<boolean> {
    for (let i = 0; i < segments.length; i++) {
      if (!this.write(segments[i]!)) return false;
      if (i < segments.length - 1) {
        const r = await waitFor(() => () => undefined, gapMs, signal);
        if (r === "aborted") return false;
      }
    }
    return true;
  }

  /**
   * Tells a real FIN from a RST that arrived together with the last data. libuv reports EOF
   * without another read when the socket is hung up right after a partial read, so a RST that
   * lands with the server's final bytes (the ISA/TMG close after TLS) looks like a FIN. A write
   * after that EOF fails with ECONNRESET/EPIPE only if the connection was reset. Under TLS the
   * write is our close_notify answering the server's (RFC 8446 section 6.1); in plain text it is
   * an empty line after QUIT, which a closed server ignores.
   */
  async confirmFin(timeoutMs: number, signal: AbortSignal): Promise<"fin" | "reset" | "aborted"> {
    if (this.resetAfterFin || this.closed?.how === "reset") return "reset";
    if (this.closed?.how !== "fin" || this.destroyed || this.raw.destroyed || !this.raw.writable) return "fin";
    let outcome: "ok" | "failed" | null = null;
    if (this.tlsActive && this.secure && !this.secure.writableEnded) {
      this.lastTlsWrite = null;
      this.secure.end();
    } else {
      this.raw.write("\r\n", (err) => {
        outcome = err ? "failed" : "ok";
        this.wake();
      });
    }
    const deadline = monotonicMs() + timeoutMs;
    for (;;) {
      if (this.resetAfterFin) return "reset";
      const written = outcome ?? this.lastTlsWrite;
      if (written === "ok") return "fin";
      if (written === "failed") return this.resetAfterFin ? "reset" : "fin";
      const remaining = deadline - monotonicMs();
      if (remaining <= 0) return "fin";
      const r = await waitFor((wake) => {
        this.wakers.add(wake);
        return () => this.wakers.delete(wake);
      }, remaining, signal);
      if (r === "aborted") return "aborted";
    }
  }

  /**
   * Waits for the peer to end the connection. Lines that arrive meanwhile stay
   * queued for the caller. Resolves the close state, "timeout" or "aborted".
   */
  async waitClose(timeoutMs: number, signal: AbortSignal): Promise<ClosedState | "timeout" | "aborted"> {
    const deadline = monotonicMs() + timeoutMs;
    for (;;) {
      if (this.closed) {
        // a RST right behind a FIN is still a reset for our purposes; give it a moment to show
        return this.closed;
      }
      if (signal.aborted) return "aborted";
      const remaining = deadline - monotonicMs();
      if (remaining <= 0) return "timeout";
      if (this.overflow) return "timeout";
      const r = await waitFor((wake) => {
        this.wakers.add(wake);
        return () => this.wakers.delete(wake);
      }, remaining, signal);
      if (r === "aborted") return "aborted";
    }
  }

  /**
   * Upgrades to TLS on the same connection (STARTTLS, STLS, or implicit TLS
   * right after connect). Anything received in plaintext and not read yet is
   * discarded first (RFC 3207 section 6: STARTTLS response injection) and
   * reported in `discardedBytes`. The TLS layer is fed through a Duplex bridge
   * so that the TCP socket keeps reporting FIN and RST itself.
   */
  async startTls(opts: TlsOptions): Promise<TlsOutcome> {
    const t0 = monotonicMs();
    const ms = (): number => Math.round((monotonicMs() - t0) * 10) / 10;
    let release: () => void;
    try {
      release = await handshakeSlots.acquire(opts.signal);
    } catch {
      return { ok: false, reason: "aborted", message: "aborted before the TLS handshake", ms: ms(), discardedBytes: 0 };
    }
    try {
      return await this.handshake(opts, t0);
    } finally {
      release();
    }
  }

  private handshake(opts: TlsOptions, t0: number): Promise<TlsOutcome> {
    const ms = (): number => Math.round((monotonicMs() - t0) * 10) / 10;
    let discarded = this.reader.discardPending();
    for (const l of this.queue.splice(0)) discarded += l.bytes.length + 2;
    const remainingBudget = Math.max(1, this.limits.maxTotalBytes - this.reader.bytesSeen);
    if (opts.signal.aborted || this.closed || this.destroyed) {
      const aborted = opts.signal.aborted;
      return Promise.resolve({
        ok: false,
        reason: aborted ? "aborted" : "closed",
        message: aborted ? "aborted" : "connection already closed",
        ms: ms(),
        discardedBytes: discarded,
      });
    }
    const raw = this.raw;
    const bridge = new Duplex({
      read() {},
      write: (chunk: Buffer, _encoding, callback) => {
        if (raw.writable && !raw.destroyed) {
          raw.write(chunk, (err) => {
            this.lastTlsWrite = err ? "failed" : "ok";
            this.wake();
            callback();
          });
        } else {
          this.lastTlsWrite = "failed";
          this.wake();
          callback();
        }
      },
      final(callback) {
        if (!raw.destroyed) raw.end();
        callback();
      },
    });
    bridge.on("error", () => undefined);
    this.bridge = bridge;
    return new Promise((resolve) => {
      const sni = sniFor(opts.servername);
      const socket = tls.connect({
        socket: bridge as unknown as net.Socket,
        ...(sni !== undefined ? { servername: sni } : {}),
        rejectUnauthorized: false, // verified below, so that problems are reported rather than fatal
        checkServerIdentity: () => undefined,
        ...(opts.ca && opts.ca.length > 0 ? { secureContext: secureContextFor(opts.ca) } : {}),
      });
      this.secure = socket;
      socket.on("error", (err: NodeJS.ErrnoException) => {
        // after the handshake: a TLS-level failure ends the session like an error
        if (this.tlsActive && !isResetCode(err.code)) this.onError(err);
      });
      let settled = false;
      const finish = (o: TlsOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.signal.removeEventListener("abort", onAbort);
        socket.off("secureConnect", onSecure);
        socket.off("error", onFail);
        raw.off("close", onClosed);
        this.wakers.delete(watch);
        resolve(o);
      };
      const onSecure = (): void => {
        this.stream = socket;
        this.tlsActive = true;
        this.reader = new BoundedLineReader({ maxLineLength: this.limits.maxLineLength, maxTotalBytes: remainingBudget });
        socket.on("data", (chunk: Buffer) => this.onData(chunk));
        socket.on("end", () => {
          this.tlsEnded = true;
          this.wake();
        });
        let summary: TlsSummary;
        try {
          summary = summariseTls(socket, opts.servername);
        } catch (err) {
          summary = {
            protocol: socket.getProtocol() ?? null,
            cipher: null,
            servername: opts.servername,
            authorized: false,
            problems: [{ kind: "other", words: `could not read the certificate: ${(err as Error).message}` }],
            certificate: null,
            chain: [],
          };
        }
        finish({ ok: true, summary, ms: ms(), discardedBytes: discarded });
      };
      const onFail = (err: NodeJS.ErrnoException): void => {
        finish({
          ok: false,
          reason: isResetCode(err.code) ? "closed" : "error",
          message: err.message,
          ...(err.code ? { code: err.code } : {}),
          ms: ms(),
          discardedBytes: discarded,
        });
      };
      const onClosed = (): void => {
        finish({ ok: false, reason: "closed", message: "connection closed during the TLS handshake", ms: ms(), discardedBytes: discarded });
      };
      const onAbort = (): void => {
        finish({ ok: false, reason: "aborted", message: "aborted during the TLS handshake", ms: ms(), discardedBytes: discarded });
      };
      // the peer may end the TCP connection during the handshake (FIN or RST seen on the TCP socket)
      const watch = (): void => {
        if (this.closed) {
          finish({
            ok: false,
            reason: "closed",
            message: `connection ${this.closed.how === "reset" ? "reset" : "closed"} during the TLS handshake`,
            ms: ms(),
            discardedBytes: discarded,
          });
        }
      };
      this.wakers.add(watch);
      const timer = setTimeout(() => {
        finish({ ok: false, reason: "timeout", message: `no TLS handshake within ${opts.timeoutMs} ms`, ms: ms(), discardedBytes: discarded });
      }, Math.max(1, opts.timeoutMs));
      socket.once("secureConnect", onSecure);
      socket.on("error", onFail);
      raw.once("close", onClosed);
      opts.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Half-closes our side (FIN) after the dialogue. */
  end(): void {
    if (this.destroyed) return;
    if (this.secure && !this.secure.destroyed) this.secure.end();
    else if (!this.raw.destroyed) this.raw.end();
  }

  /** Closes everything now; idempotent. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.secure?.destroy();
    this.bridge?.destroy();
    this.raw.destroy();
    this.wake();
    this.wakers.clear();
  }
}

/** Abortable pause; resolves false when aborted. The timer is always cleared. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  const r = await waitFor(() => () => undefined, ms, signal);
  return r !== "aborted";
}
