/**
 * ISA 2000 Firewall-client symptom of document 003: the firewall reuses source
 * ports so fast that some connection attempts hit a socket pair still in
 * TIME_WAIT on the server, which gives "no responses at all"; the client's
 * attempt times out with WSAETIMEDOUT 10060. Other attempts work normally.
 *
 * Why not a real SYN drop: a listener whose accept queue is full does make
 * Linux drop SYNs silently (tried: a listen(0) socket that never calls accept()
 * lets one connection in and the next connect() gets no SYN-ACK). But Node
 * (libuv) always accepts on a listening socket, so such a listener cannot be
 * built here without native code or another process, and even then it drops
 * every attempt while the queue is full instead of chosen ones. Dropping
 * chosen SYNs needs packet filtering (iptables/nft/tc), i.e. root. So the
 * drop is emulated one level up:
 *   - "blackhole" (default): the TCP handshake completes but nothing is ever
 *     sent and the connection is never closed (until close()); the client sees
 *     no greeting and its read times out, like a probe waiting for a banner.
 *   - "reset": the attempt is answered with RST.
 * Every other attempt is relayed transparently to the upstream server.
 *
 * Which attempts are dropped is deterministic: attempt n (1-based, in accept
 * order) is dropped when n % dropEvery === 0, or, with dropRatio, when a
 * seeded PRNG (mulberry32) yields a value below the ratio.
 */
import net from "node:net";
import {
  DEFAULT_HOST,
  EventLog,
  Resources,
  assertLoopback,
  closeServer,
  connectLoopback,
  listenOnLoopback,
  once,
} from "./runtime";
import type { RunningPeer } from "./types";

export interface DroppingFrontOptions {
  host?: string;
  /** Drop attempt n when n % dropEvery === 0. */
  dropEvery?: number;
  /** Alternative: drop with this probability, decided by a seeded PRNG. */
  dropRatio?: number;
  seed?: number;
  mode?: "blackhole" | "reset";
}

/** mulberry32: tiny deterministic PRNG, values in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The drop decision for attempts 1, 2, 3, ... in order. Exposed so tests can
 * predict which attempts a seeded front will drop. Without dropEvery and
 * dropRatio nothing is dropped.
 */
export function createDropSchedule(opts: Pick<DroppingFrontOptions, "dropEvery" | "dropRatio" | "seed">): () => boolean {
  const { dropEvery, dropRatio } = opts;
  if (dropEvery !== undefined && dropRatio !== undefined) {
    throw new Error("give either dropEvery or dropRatio, not both");
  }
  if (dropEvery !== undefined) {
    if (!Number.isInteger(dropEvery) || dropEvery < 1) throw new RangeError(`dropEvery must be a positive integer, got ${dropEvery}`);
    let attempt = 0;
    return () => {
      attempt += 1;
      return attempt % dropEvery === 0;
    };
  }
  if (dropRatio !== undefined) {
    if (!(dropRatio >= 0 && dropRatio <= 1)) throw new RangeError(`dropRatio must be within [0, 1], got ${dropRatio}`);
    const random = mulberry32(opts.seed ?? 1);
    return () => random() < dropRatio;
  }
  return () => false;
}

export async function startDroppingFront(
  upstream: { host: string; port: number },
  opts: DroppingFrontOptions,
): Promise<RunningPeer> {
  assertLoopback(upstream.host, "upstream host");
  const host = opts.host ?? DEFAULT_HOST;
  const mode = opts.mode ?? "blackhole";
  const shouldDrop = createDropSchedule(opts);
  const log = new EventLog();
  const resources = new Resources();
  let attempts = 0;

  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    resources.track(client);
    attempts += 1;
    const label = `#${attempts}`;
    log.record("attempt", `${label} from ${client.remoteAddress}:${client.remotePort}`);

    if (shouldDrop()) {
      log.record("dropped", `${label} ${mode}`);
      if (mode === "reset") {
        client.resetAndDestroy();
        return;
      }
      // blackhole: read and discard so a client that gives up is noticed and freed
      client.on("data", () => undefined);
      client.on("end", () => client.destroy());
      return;
    }

    log.record("relayed", label);
    client.setNoDelay(true);
    const up = resources.track(connectLoopback(upstream));
    client.pipe(up);
    up.pipe(client);
    // pipe() forwards each side's FIN (end) to the other; errors tear both down
    up.on("error", (err) => {
      log.record("upstream-error", `${label} ${err.message}`);
      client.destroy();
    });
    client.on("close", () => up.destroy());
    up.on("close", () => {
      if (!client.writableEnded) client.destroy();
    });
  });

  const port = await listenOnLoopback(server, host);
  const close = once(async () => {
    resources.destroyAll();
    await closeServer(server);
  });
  return { host, port, events: log.events, close };
}
