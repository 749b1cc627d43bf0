import path from "node:path";

/** Default embedded database: one SQLite file under data/. */
export const DEFAULT_DATABASE_FILE = path.join("data", "relaydesk.db");

/**
 * The database URL to use: DATABASE_URL when set, else the embedded SQLite file.
 * Relative `file:` paths are made absolute against the working directory so the CLI,
 * the server and the tests all open the same file.
 */
export function resolveDatabaseUrl(raw: string | undefined = process.env.DATABASE_URL): string {
  const value = raw?.trim();
  if (!value) return `file:${path.resolve(/*turbopackIgnore: true*/ process.cwd(), DEFAULT_DATABASE_FILE)}`;
  if (value.startsWith("file:")) {
    const filePath = value.slice("file:".length);
    if (filePath === ":memory:") return value;
    return `file:${path.resolve(/*turbopackIgnore: true*/ process.cwd(), filePath)}`;
  }
  return value;
}

export function databaseFlavour(url: string): "sqlite" | "postgres" {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}
