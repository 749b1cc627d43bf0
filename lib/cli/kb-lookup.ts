/**
 * The database side of the CLI's knowledge-base view: opens the knowledge base and ranks the
 * causes a probe's findings point at. Loaded only when the knowledge base is actually read
 * (lib/cli/kb.ts imports it lazily; the compiled CLI keeps it in a bundle of its own), so a probe
 * with --no-kb, or without a database, never loads the database client.
 */
import { existsSync } from "node:fs";
import { resolveDatabaseUrl } from "../db/url";
import { rankProbeEvidence } from "../diagnosis/evidence";

export { rankProbeEvidence };

/**
 * The embedded SQLite file the KB would open, when it does not exist (opening it would create an
 * empty database as a side effect). Null when it exists or another database is configured.
 */
export function missingSqliteFile(): string | null {
  const url = resolveDatabaseUrl();
  if (!url.startsWith("file:")) return null;
  const file = url.slice("file:".length);
  if (file === ":memory:") return null;
  return existsSync(file) ? null : file;
}
