import { currentFlavour, getDb, type Db } from "@/lib/db/client";
import { listen, onReconnect } from "@/lib/db/pg-listen";

/**
 * Values derived from the knowledge base (the search index, the diagnosis model) are kept per
 * process and rebuilt when the KB revision changes. The revision is read at most once per
 * interval, so a KB update shows on every app instance within that time without per-request
 * database work; concurrent callers share one check or rebuild.
 *
 * On PostgreSQL several instances share the database: a KbRevision write NOTIFYs
 * relaydesk_kb_revision (a trigger, see prisma/postgres/migrations), and every instance rebuilds
 * its cached values at once, so a change published on one instance is searchable on all within
 * the time of a rebuild. The interval check stays as the fallback (a lost LISTEN connection).
 */

export const REVISION_CHECK_MS = 2_000;

export async function readKbRevision(db: Db = getDb()): Promise<number> {
  const row = await db.kbRevision.findUnique({ where: { id: 1 }, select: { revision: true } });
  return row?.revision ?? 0;
}

interface Entry<T> {
  value: T;
  revision: number;
  checkedAt: number;
}

interface Slot<T> {
  entry?: Entry<T>;
  pending?: Promise<Entry<T>>;
}

// Next's dev server re-evaluates modules; keep the slots on globalThis.
const slots = ((globalThis as unknown as { relaydeskKbCache?: Map<string, Slot<unknown>> }).relaydeskKbCache ??= new Map());

const LISTENING = Symbol.for("relaydesk.kbRevisionListening");
const flags = globalThis as unknown as Record<symbol, Promise<void> | undefined>;
const refreshers = ((globalThis as unknown as { relaydeskKbRefreshers?: Map<string, () => void> }).relaydeskKbRefreshers ??= new Map());

/** Rebuilds every cached value now (another instance published a revision). */
function refreshAll(): void {
  for (const refresh of refreshers.values()) refresh();
}

/**
 * On PostgreSQL: listens for KB revisions (once per process). Resolves when the LISTEN is in place;
 * the server calls it at start, and the first cached read does too.
 */
export function followKbRevisions(): Promise<void> {
  if (currentFlavour() !== "postgres") return Promise.resolve();
  flags[LISTENING] ??= (async () => {
    await listen("relaydesk_kb_revision", refreshAll);
    onReconnect(refreshAll);
  })().catch((error: unknown) => {
    flags[LISTENING] = undefined;
    console.error("relaydesk: could not LISTEN for knowledge-base revisions (falling back to polling)", error);
  });
  return flags[LISTENING];
}

/**
 * A getter for `build(revision)`, cached until the KB revision changes. With `serveStale`, a
 * caller arriving while a check or rebuild is running gets the previous value instead of waiting
 * (hot paths such as search); otherwise it waits for the current one.
 */
export function revisionCached<T>(name: string, build: (revision: number) => Promise<T>, options: { serveStale?: boolean } = {}): () => Promise<T> {
  const slot = (slots.get(name) as Slot<T> | undefined) ?? {};
  slots.set(name, slot as Slot<unknown>);

  const refresh = (): Promise<Entry<T>> => {
    slot.pending ??= (async () => {
      try {
        const revision = await readKbRevision();
        const current = slot.entry;
        if (current && current.revision === revision) {
          current.checkedAt = Date.now();
          return current;
        }
        const entry = { value: await build(revision), revision, checkedAt: Date.now() };
        slot.entry = entry;
        return entry;
      } finally {
        slot.pending = undefined;
      }
    })();
    return slot.pending;
  };

  const refreshNow = (): void => {
    const current = slot.entry;
    if (!current) return;
    // a check already running may have read the revision before this one was committed: run again after it
    if (slot.pending) {
      slot.pending.then(refreshNow, refreshNow);
      return;
    }
    current.checkedAt = 0;
    refresh().catch((error: unknown) => console.error(`relaydesk: refreshing ${name} failed`, error));
  };
  refreshers.set(name, refreshNow);

  return async () => {
    void followKbRevisions();
    const current = slot.entry;
    if (current && Date.now() - current.checkedAt < REVISION_CHECK_MS) return current.value;
    const pending = refresh();
    if (current && options.serveStale) {
      pending.catch((error: unknown) => console.error(`relaydesk: refreshing ${name} failed`, error));
      return current.value;
    }
    return (await pending).value;
  };
}

/**
 * Drops every cached value in this process, so the next caller rebuilds from the new revision
 * (called after a publish; other instances notice within REVISION_CHECK_MS).
 */
export function invalidateKbCaches(): void {
  for (const slot of slots.values()) slot.entry = undefined;
}
