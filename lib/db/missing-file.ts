import { existsSync } from "node:fs";
import { resolveDatabaseUrl } from "./url";

/**
 * The embedded SQLite file the database client would open, when it does not exist (opening it
 * would create an empty database as a side effect). Null when it exists or another database is
 * configured.
 */
export function missingSqliteFile(): string | null {
  const url = resolveDatabaseUrl();
  if (!url.startsWith("file:")) return null;
  const file = url.slice("file:".length);
  if (file === ":memory:") return null;
  return existsSync(file) ? null : file;
}
