/**
 * Optional knowledge-base lookup for the CLI. The probe engine never touches
 * the database; here the KB module is imported lazily and any failure (module
 * missing, no database, slow database) simply means "not available".
 */
export interface KbMatch {
  findingId: string;
  effect: "confirms" | "refutes";
  weight: number;
  cause: { key: string; title: string };
  articles: { slug: string; title: string }[];
}

export type KbLookup = { available: true; matches: KbMatch[] } | { available: false; reason: string };

type CausesForFindings = (ids: string[]) => Promise<KbMatch[]>;

const KB_TIMEOUT_MS = 5_000;

/**
 * The embedded SQLite file the KB would open, when it does not exist (opening
 * it would create an empty database as a side effect). Null when it exists,
 * when another database is configured, or when this cannot be told.
 */
async function missingSqliteFile(): Promise<string | null> {
  try {
    const spec = "../db/url";
    const { existsSync } = await import("node:fs");
    const mod = (await import(/* webpackIgnore: true */ spec)) as { resolveDatabaseUrl?: () => string; databaseFlavour?: (u: string) => string };
    if (typeof mod.resolveDatabaseUrl !== "function") return null;
    const url = mod.resolveDatabaseUrl();
    if (!url.startsWith("file:")) return null;
    const file = url.slice("file:".length);
    if (file === ":memory:") return null;
    return existsSync(file) ? null : file;
  } catch {
    return null;
  }
}

export async function lookupKb(findingIds: string[]): Promise<KbLookup> {
  if (findingIds.length === 0) return { available: true, matches: [] };
  let timer: NodeJS.Timeout | undefined;
  try {
    const missing = await missingSqliteFile();
    if (missing) return { available: false, reason: `no database at ${missing}` };
    const spec = "../kb/finding-causes";
    const mod = (await import(/* webpackIgnore: true */ spec)) as { causesForFindings?: CausesForFindings; default?: { causesForFindings?: CausesForFindings } };
    const fn = mod.causesForFindings ?? mod.default?.causesForFindings;
    if (typeof fn !== "function") return { available: false, reason: "lib/kb/finding-causes has no causesForFindings()" };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${KB_TIMEOUT_MS} ms`)), KB_TIMEOUT_MS);
    });
    const matches = await Promise.race([fn(findingIds), timeout]);
    return { available: true, matches: Array.isArray(matches) ? matches : [] };
  } catch (err) {
    const msg = (err as Error).message.split("\n")[0] ?? "unknown error";
    return { available: false, reason: msg.length > 200 ? `${msg.slice(0, 200)}…` : msg };
  } finally {
    clearTimeout(timer);
  }
}
