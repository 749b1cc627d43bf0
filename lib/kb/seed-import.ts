/**
 * The seed: imports a whole knowledge base (the shipped kb/ folder) through lib/kb/write.ts.
 * Idempotent: the content hash of the validated knowledge base is stored with the KB revision,
 * and an unchanged one writes nothing. A changed one is published as one revision by `seed`
 * (documents it no longer has are removed), so editors' earlier revisions stay in the history.
 */
import type { Db } from "@/lib/db/client";
import { seedToDocuments } from "./file-format";
import { formatProblem } from "./problems";
import { parseKbSeed, seedHash, toRows } from "./seed-loader";
import { writeKb, type KbActor } from "./write";

export const SEED_ACTOR: KbActor = { userId: "seed", name: "seed (kb/ shipped with RelayDesk)" };

export interface SeedResult {
  changed: boolean;
  revision: number;
  counts: Record<string, number>;
}

export async function loadKbSeed(db: Db, input: unknown, options: { force?: boolean; message?: string } = {}): Promise<SeedResult> {
  const seed = parseKbSeed(input);
  const hash = seedHash(seed);
  const counts = Object.fromEntries(Object.entries(toRows(seed)).map(([k, v]) => [k, v.length]));
  const current = await db.kbRevision.findUnique({ where: { id: 1 } });
  if (!options.force && current?.seedHash === hash) return { changed: false, revision: current.revision, counts };
  const result = await writeKb(db, {
    actor: SEED_ACTOR,
    action: "kb.seed",
    message: options.message ?? "Knowledge base shipped with RelayDesk (kb/)",
    docs: [...seedToDocuments(seed)].map(([key, content]) => ({ key, content })),
    publish: true,
    prune: true,
    seedHash: hash,
  });
  if (result.status === "invalid") throw new Error(`Knowledge-base seed is inconsistent:\n- ${result.problems.map(formatProblem).join("\n- ")}`);
  if (result.status !== "ok") throw new Error("knowledge-base seed: unexpected conflict");
  return { changed: true, revision: result.kbRevision ?? current?.revision ?? 0, counts };
}
