/**
 * The knowledge base shipped with RelayDesk: the kb/ folder of this repository (see
 * lib/kb/file-format.ts). The seed imports it; tests, benchmarks and the source-document check
 * read it from here.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { documentsToSeedInput } from "./file-format";
import { readKbFolder } from "./folder";
import { formatProblem } from "./problems";
import type { z } from "zod";
import type { KbSeed, kbSeed } from "./seed-schema";

type KbSeedInput = z.input<typeof kbSeed> & { wizard: NonNullable<z.input<typeof kbSeed>["wizard"]> };
import { parseKbSeed } from "./seed-loader";

export const SHIPPED_KB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "kb");

/** The shipped folder as seed input (unparsed, as the seed modules used to export it). */
export function shippedKbInput(): KbSeedInput {
  const folder = readKbFolder(SHIPPED_KB_DIR);
  if (folder.problems.length > 0) throw new Error(`kb/ is invalid:\n- ${folder.problems.map(formatProblem).join("\n- ")}`);
  // every file passed its schema above, so the merged input has the seed's input shape
  return documentsToSeedInput(folder.docs) as KbSeedInput;
}

/** The shipped knowledge base, validated. */
export function shippedKb(): KbSeed {
  return parseKbSeed(shippedKbInput());
}
