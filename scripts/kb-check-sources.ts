/**
 * `npm run kb:check-sources -- DIR [--kb KBDIR]`: checks the knowledge base (the shipped kb/
 * folder, or the exported folder KBDIR) verbatim against the source documents in DIR (the five
 * source documents, kept outside this repository). Prints each
 * collector's count of checked facts; exit 1 when a fact is not found or DIR lacks the documents,
 * 2 without DIR.
 */
import { parseKbSeed } from "@/lib/kb/seed-loader";
import { SourceDocumentsError, checkSourceFacts, formatSourceCheckReport, readSourceDocuments } from "@/lib/kb/source-check";
import { documentsToSeedInput } from "@/lib/kb/file-format";
import { readKbFolder } from "@/lib/kb/folder";
import { formatProblem } from "@/lib/kb/problems";
import { shippedKbInput } from "@/lib/kb/shipped";

function kbInput(kbDir: string | undefined): unknown {
  if (!kbDir) return shippedKbInput();
  const folder = readKbFolder(kbDir);
  if (folder.problems.length > 0) throw new Error(`${kbDir} is invalid:\n- ${folder.problems.map(formatProblem).join("\n- ")}`);
  return documentsToSeedInput(folder.docs);
}

function main(argv: string[]): number {
  const args = argv.filter((a) => a !== "--");
  const kbAt = args.indexOf("--kb");
  const kbDir = kbAt >= 0 ? args[kbAt + 1] : undefined;
  const dirs = kbAt >= 0 ? args.filter((_, i) => i !== kbAt && i !== kbAt + 1) : args;
  if (dirs.length !== 1 || (kbAt >= 0 && !kbDir)) {
    process.stderr.write(
      "usage: npm run kb:check-sources -- DIR [--kb KBDIR]   (DIR holds the five source documents; KBDIR a knowledge-base folder, default kb/)\n",
    );
    return 2;
  }
  const dir = dirs[0]!;
  const seed = parseKbSeed(kbInput(kbDir));
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
