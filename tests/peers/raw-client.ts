/**
 * A byte-level test client for the peers: explicit writes (Nagle off, so a
 * pause between writes keeps them in separate segments on loopback), buffered
 * reads with deadlines, STARTTLS/STLS upgrade, and a record of how the
 * connection ended (FIN, RST, other error). Used by peers.test.ts; the probe
 * tests may use it too.
 */
import net from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";
import { assertLoopback } from "./runtime";

export interface ClientEnd {
  /** The peer's FIN was received (clean end of stream). */
  fin: boolean;
  /** Error code if the connection failed, e.g. "ECONNRESET". */
  error?: string;
}

export class RawClient {
  /** The TCP connection; FIN / RST are observed here, also after a TLS upgrade. */
  private readonly tcp: net.Socket;
  /** Where application data is read and written: the TCP socket, or the TLS socket on top of it. */
  private stream: net.Socket;
  private received = Buffer.alloc(0);
  private fin = false;
  private errorCode: string | undefined;
  private closed = false;
  private waiters = new Set<() => void>();
  private readonly onData = (chunk: Buffer): void => {
    this.received = Buffer.concat([this.received, chunk]);
    this.wake();
  };

  private constructor(socket: net.Socket) {
    this.tcp = socket;
    this.stream = socket;
    socket.on("data", this.onData);
    socket.on("end", () => {
      this.fin = true;
      this.wake();
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      this.errorCode ??= err.code ?? err.message;
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  /** Connects, or reports how the attempt failed (e.g. "ECONNRESET", "ECONNREFUSED"). */
  static async attempt(host: string, port: number, timeoutMs = 2_000): Promise<RawClient | string> {
    return RawClient.connect(host, port, timeoutMs).catch((err: NodeJS.ErrnoException) => err.code ?? err.message);
  }

  static connect(host: string, port: number, timeoutMs = 2_000): Promise<RawClient> {
    assertLoopback(host, "test client target");
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve(new RawClient(socket));
      });
      socket.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** Implicit TLS (e.g. POP3S); FIN/RST are then observed on the TLS socket. */
  static connectTls(host: string, port: number, options: tls.ConnectionOptions = {}, timeoutMs = 2_000): Promise<RawClient> {
    assertLoopback(host, "test client target");
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host, port, ...options });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`TLS connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once("secureConnect", () => {
        clearTimeout(timer);
        resolve(new RawClient(socket));
      });
      socket.once("error", (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      });
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves when `check` returns a value (re-evaluated on every socket event), rejects after `timeoutMs`. */
  private until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = (): boolean => {
        const value = check();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; buffered: ${JSON.stringify(this.text.slice(0, 200))}`));
      }, timeoutMs);
      const waiter = (): void => {
        if (attempt()) return;
        if (this.closed) {
          cleanup();
          reject(new Error(`connection closed while waiting for ${what} (fin=${this.fin}, error=${this.errorCode ?? "none"})`));
        }
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter();
    });
  }

  /** Everything received and not yet consumed, as latin1 text. */
  get text(): string {
    return this.received.toString("latin1");
  }

  get bytes(): Buffer {
    return this.received;
  }

  get ended(): ClientEnd {
    return this.errorCode === undefined ? { fin: this.fin } : { fin: this.fin, error: this.errorCode };
  }

  write(data: string | Buffer): void {
    this.stream.write(data);
  }

  /** Reads one line (without CRLF). */
  readLine(timeoutMs = 2_000): Promise<string> {
    return this.until(
      () => {
        const lf = this.received.indexOf(0x0a);
        if (lf === -1) return undefined;
        const line = this.received.subarray(0, lf).toString("latin1").replace(/\r$/, "");
        this.received = this.received.subarray(lf + 1);
        return line;
      },
      timeoutMs,
      "a line",
    );
  }

  /** Reads a complete SMTP reply (continuation lines "ddd-" up to the final "ddd "). */
  async readReply(timeoutMs = 2_000): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = await this.readLine(Math.max(1, deadline - Date.now()));
      lines.push(line);
      if (!/^\d{3}-/.test(line)) return { code: Number(line.slice(0, 3)) || 0, lines };
    }
  }

  /** Reads a POP3 multi-line response up to the lone ".". */
  async readMultiline(timeoutMs = 2_000): Promise<string[]> {
    const lines: string[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = await this.readLine(Math.max(1, deadline - Date.now()));
      if (line === ".") return lines;
      lines.push(line);
    }
  }

  /** Waits until at least `count` bytes are buffered. */
  readBytes(count: number, timeoutMs = 2_000): Promise<Buffer> {
    return this.until(() => (this.received.length >= count ? this.received : undefined), timeoutMs, `${count} bytes`);
  }

  /** Sends a command line and reads the SMTP reply. */
  async command(line: string, timeoutMs = 2_000): Promise<{ code: number; lines: string[] }> {
    this.write(`${line}\r\n`);
    return this.readReply(timeoutMs);
  }

  /** Resolves how the connection ended; rejects if it is still open after `timeoutMs`. */
  waitForEnd(timeoutMs = 2_000): Promise<ClientEnd> {
    return this.until(() => (this.closed || this.fin || this.errorCode !== undefined ? this.ended : undefined), timeoutMs, "the end of the connection");
  }

  /** Resolves once the socket is fully closed. */
  waitForClose(timeoutMs = 2_000): Promise<ClientEnd> {
    return this.until(() => (this.closed ? this.ended : undefined), timeoutMs, "close");
  }

  /** True if nothing at all arrives (and the connection stays open) for `ms`. */
  async staysSilent(ms: number): Promise<boolean> {
    const before = this.received.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.received.length === before && !this.closed && !this.fin;
  }

  /**
   * Upgrades the connection to TLS (after a 220 to STARTTLS or +OK to STLS).
   *
   * The TLS socket is fed through a Duplex bridge instead of taking over the
   * TCP socket, so the TCP socket keeps reading on its own and a RST that
   * follows the server's close_notify still surfaces as ECONNRESET (Node's
   * TLSSocket would stop at the close_notify and never report the RST; that
   * difference is what the ISA/TMG emulator is about).
   */
  upgradeTls(options: tls.ConnectionOptions = {}, timeoutMs = 2_000): Promise<void> {
    const tcp = this.tcp;
    tcp.off("data", this.onData);
    this.received = Buffer.alloc(0);
    const bridge = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        if (tcp.writable) tcp.write(chunk, () => callback());
        else callback();
      },
      final(callback) {
        tcp.end();
        callback();
      },
    });
    tcp.on("data", (chunk: Buffer) => bridge.push(chunk));
    tcp.on("end", () => bridge.push(null));
    tcp.on("close", () => bridge.destroy());
    return new Promise((resolve, reject) => {
      const secure = tls.connect({ socket: bridge, ...options });
      const timer = setTimeout(() => reject(new Error("TLS upgrade timed out")), timeoutMs);
      secure.once("secureConnect", () => {
        clearTimeout(timer);
        resolve();
      });
      secure.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      secure.on("data", this.onData);
      this.stream = secure;
    });
  }

  end(): void {
    this.stream.end();
  }

  destroy(): void {
    this.stream.destroy();
    this.tcp.destroy();
  }
}
