/**
 * The database side of the CLI's knowledge-base view: opens the knowledge base and ranks the
 * causes a probe's findings point at. Loaded only when the knowledge base is actually read
 * (lib/cli/kb.ts imports it lazily; the compiled CLI keeps it in a bundle of its own), so a probe
 * with --no-kb, or without a database, never loads the database client.
 */
import { missingSqliteFile } from "../db/missing-file";
import { rankProbeEvidence } from "../diagnosis/evidence";

export { missingSqliteFile, rankProbeEvidence };
