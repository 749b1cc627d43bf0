/**
 * `npm run kb:check-sources -- DIR`: checks the knowledge base verbatim against the source
 * documents in DIR (the five source documents, kept outside this repository). Prints each
 * collector's count of checked facts; exit 1 when a fact is not found or DIR lacks the documents,
 * 2 without DIR.
 */
import { parseKbSeed } from "@/lib/kb/seed-loader";
import { SourceDocumentsError, checkSourceFacts, formatSourceCheckReport, readSourceDocuments } from "@/lib/kb/source-check";
import { kbSeedData } from "@/prisma/seed-data";

function main(argv: string[]): number {
  const dirs = argv.filter((a) => a !== "--");
  if (dirs.length !== 1) {
    process.stderr.write("usage: npm run kb:check-sources -- DIR   (DIR holds the five source documents of the knowledge base)\n");
    return 2;
  }
  const dir = dirs[0]!;
  const seed = parseKbSeed(kbSeedData);
  let documents;
  try {
    documents = readSourceDocuments(dir, seed);
  } catch (err) {
    if (err instanceof SourceDocumentsError) {
      process.stderr.write(`kb:check-sources: FAILED: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const report = checkSourceFacts(seed, documents);
  (report.missing === 0 ? process.stdout : process.stderr).write(formatSourceCheckReport(report, dir));
  return report.missing === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
