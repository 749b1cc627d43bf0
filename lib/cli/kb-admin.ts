/**
 * `relaydesk kb export DIR [--article SLUG]` and `relaydesk kb import DIR [--dry-run] [--prune]`:
 * the knowledge base as a folder of files (lib/kb/file-format.ts) on the server machine, against
 * the database DATABASE_URL names (as for `npm start`). Loaded only for `relaydesk kb` (the
 * compiled CLI keeps it in a bundle of its own, dist/cli/kb-admin.cjs), so a probe never loads the
 * database client or the knowledge-base modules.
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { getDb } from "../db/client";
import { articleDocKey, seedToDocuments } from "../kb/file-format";
import { fromRows } from "../kb/from-rows";
import { readKbFolder, writeKbFolder } from "../kb/folder";
import { formatProblem } from "../kb/problems";
import { readKbRows } from "../kb/tables";
import { writeKb, type DocChange } from "../kb/write";
import { missingSqliteFile } from "../db/missing-file";

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const KB_USAGE = `Usage:
  relaydesk kb export DIR [--article SLUG]     write the knowledge base (or one article) as files into DIR
  relaydesk kb import DIR [--dry-run] [--prune] [--message TEXT]
                                              validate every file in DIR, then publish them as one revision;
                                              --dry-run shows what would change and writes nothing;
                                              --prune removes articles DIR does not have (DIR is the whole KB)
The database is DATABASE_URL (as for npm start). Exit status: 0 done, 1 invalid files or no database, 2 bad arguments.`;

const clip = (s: string | undefined, n = 100): string => {
  const one = (s ?? "").replace(/\s+/g, " ");
  return one.length > n ? `${one.slice(0, n)}…` : one;
};

export function formatChanges(changes: DocChange[]): string {
  if (changes.length === 0) return "no changes\n";
  const lines: string[] = [];
  for (const c of changes) {
    lines.push(`${c.change.padEnd(8)} ${c.file}${c.number ? ` (revision ${c.number})` : ""}`);
    if (c.change !== "changed") continue;
    for (const f of c.fields.slice(0, 20)) {
      lines.push(`           ${f.path}: ${f.kind === "changed" ? `"${clip(f.before)}" → "${clip(f.after)}"` : f.kind}`);
    }
    if (c.fields.length > 20) lines.push(`           … and ${c.fields.length - 20} more fields`);
  }
  return `${lines.join("\n")}\n`;
}

export async function runKbCommand(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { "dry-run": { type: "boolean" }, prune: { type: "boolean" }, article: { type: "string" }, message: { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (err) {
    io.stderr(`relaydesk kb: ${(err as Error).message}\n\n${KB_USAGE}\n`);
    return 2;
  }
  const { values: v, positionals: [verb, dir, ...extra] } = parsed;
  if (v.help || !verb) {
    io.stdout(`${KB_USAGE}\n`);
    return v.help ? 0 : 2;
  }
  if ((verb !== "export" && verb !== "import") || !dir || extra.length > 0) {
    io.stderr(`relaydesk kb: expected "export DIR" or "import DIR"\n\n${KB_USAGE}\n`);
    return 2;
  }
  if (verb === "export" && (v["dry-run"] || v.prune)) {
    io.stderr("relaydesk kb export: --dry-run and --prune belong to import\n");
    return 2;
  }
  if (verb === "import" && v.article) {
    io.stderr("relaydesk kb import: --article belongs to export (import takes whatever DIR holds)\n");
    return 2;
  }
  const missing = missingSqliteFile();
  if (missing) {
    io.stderr(`relaydesk kb: no database at ${missing} (set DATABASE_URL, or run npm start once)\n`);
    return 1;
  }
  const db = getDb();
  try {
    if (verb === "export") {
      const docs = seedToDocuments(fromRows(await readKbRows(db)));
      if (v.article && !docs.has(articleDocKey(v.article))) {
        io.stderr(`relaydesk kb export: no article "${v.article}"\n`);
        return 1;
      }
      const selected = v.article ? new Map([[articleDocKey(v.article), docs.get(articleDocKey(v.article))!]]) : docs;
      const written = writeKbFolder(dir, selected, { whole: !v.article });
      const revision = await db.kbRevision.findUnique({ where: { id: 1 } });
      io.stdout(`exported ${written.length} files to ${dir} (knowledge-base revision ${revision?.revision ?? 0})\n`);
      return 0;
    }

    const folder = readKbFolder(dir);
    if (folder.problems.length > 0) {
      io.stderr(`relaydesk kb import: ${folder.problems.length} problem(s); nothing was changed:\n${folder.problems.map((p) => `  ${formatProblem(p)}`).join("\n")}\n`);
      return 1;
    }
    const user = safeUserName();
    const result = await writeKb(db, {
      actor: { userId: `cli:${user}`, name: `${user} (relaydesk kb import)` },
      action: "kb.import",
      message: v.message ?? `Imported from ${dir}`,
      docs: [...folder.docs].map(([key, content]) => ({ key, content })),
      publish: true,
      prune: Boolean(v.prune),
      dryRun: Boolean(v["dry-run"]),
    });
    if (result.status === "invalid") {
      io.stderr(`relaydesk kb import: ${result.problems.length} problem(s); nothing was changed:\n${result.problems.map((p) => `  ${formatProblem(p)}`).join("\n")}\n`);
      return 1;
    }
    if (result.status === "conflict") {
      io.stderr("relaydesk kb import: unexpected conflict; nothing was changed\n");
      return 1;
    }
    io.stdout(formatChanges(result.changes));
    io.stdout(
      result.dryRun
        ? `dry run: ${result.changes.length} document(s) would change; nothing was written\n`
        : result.kbRevision === null
          ? "nothing to import: the knowledge base already matches\n"
          : `imported ${result.changes.length} document(s) as knowledge-base revision ${result.kbRevision}\n`,
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return "operator";
  }
}
