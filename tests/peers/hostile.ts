/**
 * Misbehaving "SMTP servers" for robustness tests of the probe engine: each
 * kind breaks one assumption a client makes (a greeting arrives, replies end,
 * replies are text, lines are short, the peer closes politely).
 *
 *   silent              accepts, never sends anything
 *   slow-greeting       greets after delayMs (default 3000), then answers normally
 *   endless-multiline   "220-" continuation lines forever (a burst every delayMs, default 5)
 *   binary-garbage      4 KiB of pseudo-random bytes incl. NUL and invalid UTF-8, then silence
 *   huge-line           "220 " followed by 4 MiB without CRLF, then silence
 *   reset-on-connect    RST right after accept
 *   reset-after-ehlo    greets, then answers EHLO/HELO with RST
 *   close-mid-reply     greets, answers EHLO/HELO with a "250-" line and FIN
 *   trickle             the greeting one byte every delayMs (default 200), then answers normally
 *
 * Every writer honours backpressure and stops as soon as the client goes away
 * or close() is called; all timers are owned by the peer's Resources.
 */
import net from "node:net";
import { LineReader, verbOf } from "./line-reader";
import { DEFAULT_HOST, EventLog, Resources, closeServer, labeller, listenOnLoopback, once, printable } from "./runtime";
import type { RunningPeer } from "./types";

export type HostileKind =
  | "silent"
  | "slow-greeting"
  | "endless-multiline"
  | "binary-garbage"
  | "huge-line"
  | "reset-on-connect"
  | "reset-after-ehlo"
  | "close-mid-reply"
  | "trickle";

export interface HostileOptions {
  host?: string;
  /** slow-greeting: delay before the banner; trickle: per-byte interval; endless-multiline: burst interval. */
  delayMs?: number;
}

export const HOSTILE_HOSTNAME = "hostile.relaydesk-test.local";
export const HOSTILE_BANNER = `220 ${HOSTILE_HOSTNAME} ESMTP ready`;
export const HUGE_LINE_BYTES = 4 * 1024 * 1024;
export const GARBAGE_BYTES = 4 * 1024;

const DEFAULT_DELAY: Partial<Record<HostileKind, number>> = {
  "slow-greeting": 3_000,
  trickle: 200,
  "endless-multiline": 5,
};

type Note = (kind: string, detail?: string) => void;

/** Deterministic garbage: a fixed nasty prefix (NUL, lone continuation bytes, overlong forms) then PRNG bytes. */
export function garbageBytes(length = GARBAGE_BYTES, seed = 0x5eed): Buffer {
  const prefix = [0x00, 0xff, 0xfe, 0xc3, 0x28, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x00];
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i += 1) {
    if (i < prefix.length) {
      out[i] = prefix[i]!;
      continue;
    }
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // LCG, good enough for noise
    out[i] = state >>> 24;
  }
  return out;
}

/**
 * Writes chunks produced by `next` until it returns null, waiting `intervalMs`
 * between chunks and for 'drain' when the socket buffer is full. Stops when the
 * socket closes.
 */
function pump(socket: net.Socket, resources: Resources, intervalMs: number, next: () => Buffer | null, onDone?: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  socket.once("close", () => {
    stopped = true;
    resources.clear(timer);
  });
  const step = (): void => {
    timer = undefined;
    if (stopped || socket.destroyed || !socket.writable) return;
    const chunk = next();
    if (chunk === null) {
      onDone?.();
      return;
    }
    const schedule = (): void => {
      if (stopped) return;
      if (intervalMs > 0) timer = resources.timeout(intervalMs, step);
      else setImmediate(step);
    };
    if (socket.write(chunk)) schedule();
    else socket.once("drain", schedule);
  };
  step();
}

/**
 * A minimal SMTP responder: HELO/EHLO 250 (unless `onHello` takes over), NOOP
 * and RSET 250, QUIT 221 then FIN, anything else 502.
 */
function respond(socket: net.Socket, note: Note, onHello?: (verb: string) => void): void {
  const reader = new LineReader(4_096);
  socket.on("data", (chunk: Buffer) => {
    for (const event of reader.push(chunk)) {
      if (event.kind === "overflow") {
        socket.write("500 5.5.2 Line too long\r\n");
        continue;
      }
      const verb = verbOf(event.line);
      note("command", printable(event.line));
      if ((verb === "EHLO" || verb === "HELO") && onHello !== undefined) {
        onHello(verb);
        return;
      }
      switch (verb) {
        case "EHLO":
          socket.write(`250-${HOSTILE_HOSTNAME} Hello\r\n250 PIPELINING\r\n`);
          break;
        case "HELO":
          socket.write(`250 ${HOSTILE_HOSTNAME} Hello\r\n`);
          break;
        case "NOOP":
        case "RSET":
          socket.write("250 2.0.0 OK\r\n");
          break;
        case "QUIT":
          socket.end(`221 2.0.0 ${HOSTILE_HOSTNAME} closing connection\r\n`);
          note("fin", "after QUIT");
          return;
        default:
          socket.write("502 5.5.2 Command not implemented\r\n");
      }
    }
  });
}

/** Reads and discards input so a departing client is noticed (a paused socket would never see the FIN). */
function discardInput(socket: net.Socket): void {
  socket.on("data", () => undefined);
}

function behave(kind: HostileKind, socket: net.Socket, resources: Resources, delayMs: number, note: Note): void {
  switch (kind) {
    case "silent":
      discardInput(socket);
      return;

    case "slow-greeting": {
      const timer = resources.timeout(delayMs, () => {
        if (!socket.writable) return;
        socket.write(`${HOSTILE_BANNER}\r\n`);
        note("greeting-sent", `after ${delayMs} ms`);
      });
      socket.once("close", () => resources.clear(timer));
      respond(socket, note);
      return;
    }

    case "endless-multiline": {
      discardInput(socket);
      let line = 0;
      pump(socket, resources, delayMs, () => {
        const lines: string[] = [];
        for (let i = 0; i < 16; i += 1) {
          line += 1;
          lines.push(`220-${HOSTILE_HOSTNAME} banner line ${line} of infinity\r\n`);
        }
        return Buffer.from(lines.join(""));
      });
      socket.once("close", () => note("stopped", `after ${line} continuation lines`));
      return;
    }

    case "binary-garbage":
      discardInput(socket);
      socket.write(garbageBytes());
      note("garbage-sent", `${GARBAGE_BYTES} bytes`);
      return;

    case "huge-line": {
      discardInput(socket);
      const chunkSize = 64 * 1024;
      let sent = 0;
      pump(
        socket,
        resources,
        0,
        () => {
          if (sent >= HUGE_LINE_BYTES) return null;
          const size = Math.min(chunkSize, HUGE_LINE_BYTES - sent);
          const chunk = Buffer.alloc(size, 0x41); // "A"
          if (sent === 0) chunk.write("220 ", "latin1");
          sent += size;
          return chunk;
        },
        () => note("huge-line-sent", `${sent} bytes, no CRLF`),
      );
      return;
    }

    case "reset-on-connect":
      note("reset", "on connect");
      socket.resetAndDestroy();
      return;

    case "reset-after-ehlo":
      socket.write(`${HOSTILE_BANNER}\r\n`);
      respond(socket, note, (verb) => {
        note("reset", `after ${verb}`);
        socket.resetAndDestroy();
      });
      return;

    case "close-mid-reply":
      socket.write(`${HOSTILE_BANNER}\r\n`);
      respond(socket, note, (verb) => {
        note("fin", `in the middle of the ${verb} reply`);
        socket.end(`250-${HOSTILE_HOSTNAME} Hello\r\n`);
      });
      return;

    case "trickle": {
      const banner = Buffer.from(`${HOSTILE_BANNER}\r\n`);
      let index = 0;
      pump(
        socket,
        resources,
        delayMs,
        () => (index < banner.length ? banner.subarray(index, ++index) : null),
        () => note("greeting-sent", `one byte every ${delayMs} ms`),
      );
      respond(socket, note);
      return;
    }
  }
}

export async function startHostileServer(kind: HostileKind, opts: HostileOptions = {}): Promise<RunningPeer> {
  const host = opts.host ?? DEFAULT_HOST;
  const delayMs = opts.delayMs ?? DEFAULT_DELAY[kind] ?? 0;
  const log = new EventLog();
  const resources = new Resources();
  const nextLabel = labeller();

  const server = net.createServer({ noDelay: true }, (socket) => {
    resources.track(socket);
    const note = log.scoped(nextLabel());
    note("connect", `${kind} from ${socket.remoteAddress}:${socket.remotePort}`);
    socket.once("close", () => note("close"));
    behave(kind, socket, resources, delayMs, note);
  });

  const port = await listenOnLoopback(server, host);
  const close = once(async () => {
    resources.destroyAll();
    await closeServer(server);
  });
  return { host, port, events: log.events, close };
}
