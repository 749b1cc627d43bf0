/**
 * Server side, PostgreSQL only: one LISTEN connection per process, shared by every channel
 * (KB revisions, live-check events, cancels, probe slot releases). It reconnects after an error
 * and then tells subscribers (`onReconnect`), since notifications sent meanwhile are lost.
 * The socket does not keep a process alive on its own (tests, scripts).
 */
import { Client } from "pg";
import { resolveDatabaseUrl } from "./url";

type Handler = (payload: string) => void;

interface Hub {
  url: string;
  client: Client | null;
  connecting: Promise<void> | null;
  handlers: Map<string, Set<Handler>>;
  reconnectHandlers: Set<() => void>;
  closed: boolean;
}

const KEY = Symbol.for("relaydesk.pgListen");
const holder = globalThis as unknown as Record<symbol, Hub | undefined>;

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const RECONNECT_MS = 1_000;

function hub(): Hub {
  holder[KEY] ??= { url: resolveDatabaseUrl(), client: null, connecting: null, handlers: new Map(), reconnectHandlers: new Set(), closed: false };
  return holder[KEY];
}

/**
 * The LISTEN socket does not keep the process alive while it only waits for notifications, but it
 * does while a query of ours is in flight (else a script awaiting its LISTEN could just exit).
 */
async function referenced<T>(client: Client, fn: () => Promise<T>): Promise<T> {
  const stream = (client as unknown as { connection?: { stream?: { ref?: () => void; unref?: () => void } } }).connection?.stream;
  stream?.ref?.();
  try {
    return await fn();
  } finally {
    stream?.unref?.();
  }
}

function connect(h: Hub): Promise<void> {
  h.connecting ??= (async () => {
    const client = new Client({ connectionString: h.url });
    client.on("notification", (n) => {
      for (const handler of h.handlers.get(n.channel) ?? []) {
        try {
          handler(n.payload ?? "");
        } catch (error) {
          console.error(`relaydesk: LISTEN handler for ${n.channel} failed`, error);
        }
      }
    });
    const lost = () => {
      if (h.client !== client) return;
      h.client = null;
      h.connecting = null;
      if (h.closed) return;
      setTimeout(() => {
        if (h.closed || h.handlers.size === 0) return;
        connect(h).then(
          () => h.reconnectHandlers.forEach((fn) => fn()),
          () => undefined,
        );
      }, RECONNECT_MS).unref();
    };
    client.on("error", lost);
    client.on("end", lost);
    await client.connect();
    await referenced(client, async () => {
      for (const channel of h.handlers.keys()) await client.query(`LISTEN ${channel}`);
    });
    h.client = client;
  })().catch((error: unknown) => {
    h.connecting = null;
    throw error;
  });
  return h.connecting;
}

/**
 * Calls `handler` with the payload of every NOTIFY on `channel`; resolves once the LISTEN is in
 * place (notifications committed after that are seen). Returns an unsubscribe.
 */
export async function listen(channel: string, handler: Handler): Promise<() => void> {
  if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`);
  const h = hub();
  h.closed = false;
  let set = h.handlers.get(channel);
  const fresh = !set;
  if (!set) h.handlers.set(channel, (set = new Set()));
  set.add(handler);
  await connect(h);
  const client = h.client;
  if (fresh && client) await referenced(client, () => client.query(`LISTEN ${channel}`));
  return () => {
    set.delete(handler);
  };
}

/** Called after the LISTEN connection was lost and made again (notifications may have been missed). */
export function onReconnect(fn: () => void): () => void {
  hub().reconnectHandlers.add(fn);
  return () => hub().reconnectHandlers.delete(fn);
}

/** Closes the LISTEN connection (tests, shutdown). */
export async function closeListener(): Promise<void> {
  const h = holder[KEY];
  if (!h) return;
  h.closed = true;
  const client = h.client;
  h.client = null;
  h.connecting = null;
  h.handlers.clear();
  await client?.end().catch(() => undefined);
}
