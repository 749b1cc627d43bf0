/**
 * The one way the knowledge base is written. Every save (draft or publish), revert, console or
 * command-line import and the seed go through writeKb, which
 *  - validates each document against its file schema, and on publish the whole resulting
 *    knowledge base (references, decisive checks) — problems name the file and the field;
 *  - refuses a stale save (optimistic concurrency on the document's head revision number) and
 *    keeps the refused content as a `conflict` revision, so neither edit is lost;
 *  - records every changed document as a new revision (who, when, message), all of one call in
 *    one batch; on publish it rebuilds the published tables and bumps the KB revision, all in one
 *    transaction, then drops this process's search index and diagnosis model so the change is
 *    picked up at once.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { diffDocuments, type FieldChange } from "./diff";
import { fromRows } from "./from-rows";
import { SHARED_DOCS, docFile, docKind, documentText, documentsToSeedInput, seedToDocuments, type DocKey } from "./file-format";
import { parseDocument } from "./folder";
import { issuesOf, type KbProblem } from "./problems";
import { recordAudit } from "@/lib/audit/record";
import type { StaffIdentity } from "@/lib/auth/identity";
import { invalidateKbCaches } from "./revision-cache";
import { referenceProblems, toRows } from "./seed-loader";
import { kbSeed } from "./seed-schema";
import { readKbRows, replaceKbTables, type DbOrTx } from "./tables";

/** Who writes (a staff identity, `seed`, or the operator running the command line). */
export interface KbActor {
  userId: string;
  name: string;
  /** The signed-in staff member, when a person writes (for the audit row). */
  staff?: StaffIdentity;
}

export type KbWriteAction = "kb.draft" | "kb.publish" | "kb.revert" | "kb.import" | "kb.seed";

export interface KbDocWrite {
  key: DocKey;
  /** The document as its file (unvalidated: writeKb validates); null removes it (publish only). */
  content: unknown;
  /** Head revision number the editor started from; omitted for imports and the seed (no check). */
  baseNumber?: number;
}

export interface KbWriteRequest {
  actor: KbActor;
  action: KbWriteAction;
  message: string;
  docs: KbDocWrite[];
  /** Publish (rebuild the published tables) or save drafts only. */
  publish: boolean;
  /** The documents are the whole knowledge base: published documents not among them are removed. */
  prune?: boolean;
  /** Hash of the shipped kb/ folder (the seed records what it imported). */
  seedHash?: string;
  /** Validate and report the changes; write nothing. */
  dryRun?: boolean;
}

export interface DocChange {
  key: DocKey;
  file: string;
  change: "added" | "changed" | "removed";
  fields: FieldChange[];
  /** Revision number written (not on a dry run). */
  number?: number;
}

export interface KbConflict {
  key: DocKey;
  baseNumber: number;
  theirs: { number: number; content: Record<string, unknown>; authorName: string; createdAt: Date; message: string };
  mine: { number: number; content: Record<string, unknown> };
  fields: FieldChange[];
}

export type KbWriteResult =
  | { status: "ok"; dryRun: boolean; kbRevision: number | null; batchId: string | null; changes: DocChange[] }
  | { status: "invalid"; problems: KbProblem[] }
  | { status: "conflict"; conflicts: KbConflict[] };

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Thrown inside the transaction to roll it back with a result. */
class Rollback extends Error {
  constructor(readonly result: KbWriteResult) {
    super("rollback");
  }
}

export async function writeKb(db: Db, request: KbWriteRequest): Promise<KbWriteResult> {
  // 1. Each document on its own, before touching the database.
  const problems: KbProblem[] = [];
  const incoming = new Map<DocKey, Record<string, unknown> | null>();
  for (const doc of request.docs) {
    if (doc.content === null) {
      if (!request.publish) problems.push({ file: docFile(doc.key), field: "", message: "a removal can only be published" });
      incoming.set(doc.key, null);
      continue;
    }
    const parsed = parseDocument(doc.key, doc.content);
    if (parsed.ok) incoming.set(doc.key, parsed.content);
    else problems.push(...parsed.problems);
  }
  if (request.prune) {
    for (const shared of SHARED_DOCS) if (!incoming.has(shared)) problems.push({ file: docFile(shared), field: "", message: "missing (a whole knowledge base needs every shared file)" });
  }
  if (problems.length > 0) return { status: "invalid", problems };

  if (request.dryRun) return plan(db, request, incoming);
  let result: KbWriteResult;
  try {
    result = await db.$transaction((tx) => apply(tx, request, incoming), { timeout: 120_000, maxWait: 10_000 });
  } catch (err) {
    if (err instanceof Rollback) return err.result;
    throw err;
  }
  if (result.status === "ok" || result.status === "conflict") {
    // one audit row per written document; the seed and the command line have no staff identity
    const actor = request.actor.staff ?? null;
    const by = actor ? {} : { writtenBy: request.actor.name };
    if (result.status === "ok" && !result.dryRun) {
      for (const change of result.changes) {
        await recordAudit({ action: request.action, actor, target: change.file, detail: { ...by, change: change.change, message: request.message, number: change.number ?? null, kbRevision: result.kbRevision, batchId: result.batchId } });
      }
    } else if (result.status === "conflict") {
      for (const conflict of result.conflicts) {
        await recordAudit({ action: "kb.conflict", actor, target: conflict.key, detail: { ...by, mine: conflict.mine.number, theirs: conflict.theirs.number, baseNumber: conflict.baseNumber } });
      }
    }
  }
  if (result.status === "ok" && result.kbRevision !== null) invalidateKbCaches();
  return result;
}

interface Planned {
  changes: DocChange[];
  /** The new published knowledge base's documents (publish only). */
  next: Map<DocKey, Record<string, unknown>> | null;
  published: Map<DocKey, Record<string, unknown>>;
}

async function publishedDocuments(db: DbOrTx): Promise<Map<DocKey, Record<string, unknown>>> {
  return seedToDocuments(fromRows(await readKbRows(db)));
}

const sameText = (key: DocKey, a: Record<string, unknown> | undefined | null, b: Record<string, unknown> | undefined | null) =>
  !!a && !!b && documentText(docKind(key), a) === documentText(docKind(key), b);

async function computePlan(db: DbOrTx, request: KbWriteRequest, incoming: Map<DocKey, Record<string, unknown> | null>): Promise<Planned | KbProblem[]> {
  const published = await publishedDocuments(db);
  const heads = new Map(
    (await db.kbDocument.findMany({ where: { key: { in: [...incoming.keys()] } } })).map((d) => [d.key, d] as const),
  );
  const changes: DocChange[] = [];
  if (!request.publish) {
    for (const [key, content] of incoming) {
      const headRev = await db.kbDocumentRevision.findFirst({ where: { documentKey: key, number: heads.get(key)?.headNumber ?? -1 } });
      const before = headRev ? (JSON.parse(headRev.content) as Record<string, unknown>) : published.get(key);
      if (sameText(key, before, content)) continue;
      changes.push({ key, file: docFile(key), change: before ? "changed" : "added", fields: diffDocuments(stripSchema(before), content) });
    }
    return { changes, next: null, published };
  }
  const next = new Map<DocKey, Record<string, unknown>>(request.prune ? [] : published);
  for (const [key, content] of incoming) {
    if (content === null) next.delete(key);
    else next.set(key, content);
  }
  const seedInput = documentsToSeedInput(next);
  const parsed = kbSeed.safeParse(seedInput);
  if (!parsed.success) return issuesOf(parsed.error).map((i) => ({ file: "(knowledge base)", ...i }));
  const problems = referenceProblems(parsed.data).map((p) => ({ file: docFile(p.doc), field: p.path.join("."), message: p.message }));
  if (problems.length > 0) return problems;
  for (const key of new Set([...published.keys(), ...next.keys()])) {
    const before = published.get(key);
    const after = next.get(key);
    const head = heads.get(key);
    const headIsNewer = head !== undefined && head.headNumber !== head.publishedNumber && incoming.has(key);
    if (sameText(key, before, after) && !headIsNewer) continue;
    const change = !after ? "removed" : before ? "changed" : "added";
    changes.push({ key, file: docFile(key), change, fields: diffDocuments(before, after) });
  }
  return { changes, next, published };
}

function stripSchema(content: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!content) return content;
  const rest = { ...content };
  delete rest.$schema;
  return rest;
}

async function plan(db: Db, request: KbWriteRequest, incoming: Map<DocKey, Record<string, unknown> | null>): Promise<KbWriteResult> {
  const planned = await computePlan(db, request, incoming);
  if (Array.isArray(planned)) return { status: "invalid", problems: planned };
  return { status: "ok", dryRun: true, kbRevision: null, batchId: null, changes: planned.changes };
}

async function nextNumber(tx: Tx, key: DocKey): Promise<number> {
  const last = await tx.kbDocumentRevision.findFirst({ where: { documentKey: key }, orderBy: { number: "desc" }, select: { number: true } });
  return (last?.number ?? 0) + 1;
}

async function apply(tx: Tx, request: KbWriteRequest, incoming: Map<DocKey, Record<string, unknown> | null>): Promise<KbWriteResult> {
  const batchId = randomUUID();
  const now = new Date();

  // Optimistic concurrency: a save based on anything but the current head is refused.
  const conflicts: KbConflict[] = [];
  for (const doc of request.docs) {
    if (doc.baseNumber === undefined) continue;
    const head = await tx.kbDocument.findUnique({ where: { key: doc.key } });
    if ((head?.headNumber ?? 0) === doc.baseNumber) continue;
    const theirs = await tx.kbDocumentRevision.findFirstOrThrow({ where: { documentKey: doc.key, number: head!.headNumber } });
    const theirsContent = stripSchema(JSON.parse(theirs.content) as Record<string, unknown>)!;
    const mineContent = incoming.get(doc.key) ?? null;
    let number = 0;
    // a refused edit is kept as a revision; a refused removal has nothing to keep
    if (mineContent) {
      number = await nextNumber(tx, doc.key);
      await tx.kbDocumentRevision.create({
        data: {
          documentKey: doc.key,
          number,
          state: "conflict",
          content: documentText(docKind(doc.key), mineContent),
          message: request.message || "(refused: stale save)",
          authorId: request.actor.userId,
          authorName: request.actor.name,
          createdAt: now,
          baseNumber: doc.baseNumber,
          batchId,
        },
      });
    }
    conflicts.push({
      key: doc.key,
      baseNumber: doc.baseNumber,
      theirs: { number: theirs.number, content: theirsContent, authorName: theirs.authorName, createdAt: theirs.createdAt, message: theirs.message },
      mine: { number, content: mineContent ?? {} },
      fields: mineContent ? diffDocuments(theirsContent, mineContent) : [{ path: "(document)", kind: "removed" }],
    });
  }
  if (conflicts.length > 0) return { status: "conflict", conflicts };

  const planned = await computePlan(tx, request, incoming);
  if (Array.isArray(planned)) throw new Rollback({ status: "invalid", problems: planned });

  let kbRevision: number | null = null;
  if (request.publish && (planned.changes.length > 0 || request.seedHash)) {
    const seed = kbSeed.parse(documentsToSeedInput(planned.next!));
    await replaceKbTables(tx, toRows(seed));
    const current = await tx.kbRevision.findUnique({ where: { id: 1 } });
    kbRevision = (current?.revision ?? 0) + 1;
    const seedHash = request.seedHash ?? current?.seedHash ?? null;
    await tx.kbRevision.upsert({ where: { id: 1 }, create: { id: 1, revision: kbRevision, seedHash }, update: { revision: kbRevision, seedHash } });
  }

  for (const change of planned.changes) {
    const content = change.change === "removed" ? planned.published.get(change.key)! : (incoming.get(change.key) ?? planned.next!.get(change.key)!);
    const number = await nextNumber(tx, change.key);
    const state = change.change === "removed" ? "removed" : request.publish ? "published" : "draft";
    const doc = {
      headNumber: number,
      updatedAt: now,
      updatedBy: request.actor.name,
      live: change.change !== "removed",
      ...(request.publish ? { publishedNumber: number } : {}),
    };
    await tx.kbDocument.upsert({ where: { key: change.key }, create: { key: change.key, ...doc }, update: doc });
    await tx.kbDocumentRevision.create({
      data: {
        documentKey: change.key,
        number,
        state,
        content: documentText(docKind(change.key), content),
        message: request.message,
        authorId: request.actor.userId,
        authorName: request.actor.name,
        createdAt: now,
        baseNumber: request.docs.find((d) => d.key === change.key)?.baseNumber ?? null,
        kbRevision,
        batchId,
      },
    });
    change.number = number;
  }
  return { status: "ok", dryRun: false, kbRevision, batchId, changes: planned.changes };
}
