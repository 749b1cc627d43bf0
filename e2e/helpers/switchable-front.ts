/**
 * A loopback TCP relay whose upstream can be switched while it runs: the target a helpdesk user
 * re-checks stays the same host:port while the test swaps what answers behind it (the Mailguard
 * emulator before `no fixup protocol smtp 25`, the clean mail server after). Bytes are relayed
 * as they arrive with Nagle off on both sides, so separate client writes stay separate reads;
 * a FIN is passed on as a FIN and a reset from upstream as a reset. Loopback only.
 */
import net from "node:net";

export interface Upstream {
  host: string;
  port: number;
}

export interface SwitchableFront {
  host: string;
  port: number;
  /** New connections go to this upstream from now on. */
  switchTo(upstream: Upstream): void;
  close(): Promise<void>;
}

function assertLoopback(host: string): void {
  if (!(host === "::1" || (net.isIPv4(host) && host.startsWith("127.")))) throw new Error(`not a loopback address: ${host}`);
}

export async function startSwitchableFront(initial: Upstream, host = "127.0.0.1"): Promise<SwitchableFront> {
  assertLoopback(initial.host);
  assertLoopback(host);
  let upstream = initial;
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
    return s;
  };
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    track(client).setNoDelay(true);
    const up = track(net.connect({ host: upstream.host, port: upstream.port, allowHalfOpen: true, noDelay: true }));
    client.on("data", (chunk) => up.write(chunk));
    up.on("data", (chunk) => client.write(chunk));
    client.on("end", () => up.end());
    up.on("end", () => client.end());
    up.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNRESET") client.resetAndDestroy();
      else client.destroy();
    });
    client.on("error", () => up.destroy());
    client.on("close", () => up.destroy());
    up.on("close", () => {
      if (!client.writableEnded && !client.destroyed) client.destroy();
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      if (address && typeof address === "object") resolve(address.port);
      else reject(new Error("no address"));
    });
  });
  return {
    host,
    port,
    switchTo(next) {
      assertLoopback(next.host);
      upstream = next;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
