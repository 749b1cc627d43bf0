/**
 * The knowledge base as it would be if some documents were published: the published documents
 * with the drafts laid over them, validated as a whole. The signature check and the impact view
 * work on this, never on the live tables.
 */
import type { Db } from "@/lib/db/client";
import { docFile, documentsToSeedInput, type DocKey } from "./file-format";
import { parseDocument } from "./folder";
import { fromRows } from "./from-rows";
import { seedToDocuments } from "./file-format";
import { issuesOf, type KbProblem } from "./problems";
import { referenceProblems } from "./seed-loader";
import { kbSeed, type KbSeed } from "./seed-schema";
import { readKbRows } from "./tables";

export type DraftKb = { ok: true; published: KbSeed; draft: KbSeed } | { ok: false; problems: KbProblem[] };

export async function draftKnowledgeBase(db: Db, drafts: ReadonlyMap<DocKey, unknown>): Promise<DraftKb> {
  const published = fromRows(await readKbRows(db));
  const docs = seedToDocuments(published);
  const problems: KbProblem[] = [];
  for (const [key, content] of drafts) {
    const parsed = parseDocument(key, content);
    if (parsed.ok) docs.set(key, parsed.content);
    else problems.push(...parsed.problems);
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = kbSeed.safeParse(documentsToSeedInput(docs));
  if (!parsed.success) return { ok: false, problems: issuesOf(parsed.error).map((i) => ({ file: "(knowledge base)", ...i })) };
  const refs = referenceProblems(parsed.data).map((p) => ({ file: docFile(p.doc), field: p.path.join("."), message: p.message }));
  if (refs.length > 0) return { ok: false, problems: refs };
  return { ok: true, published, draft: parsed.data };
}
