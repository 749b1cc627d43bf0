/**
 * Reading knowledge-base documents and their revision history (the editor's console), and the
 * revision operations built on lib/kb/write.ts (revert, publish a draft). Every write here goes
 * through writeKb.
 */
import type { Db } from "@/lib/db/client";
import { diffDocuments, type FieldChange } from "./diff";
import { SHARED_DOCS, articleDocKey, docFile, docKind, seedToDocuments, type DocKey, type DocKind } from "./file-format";
import { fromRows } from "./from-rows";
import { readKbRows } from "./tables";
import { writeKb, type KbActor, type KbWriteResult } from "./write";

export interface DocumentSummary {
  key: DocKey;
  kind: DocKind;
  file: string;
  title: string;
  headNumber: number;
  publishedNumber: number | null;
  /** The latest saved revision is a draft newer than what is published. */
  draftPending: boolean;
  live: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

const SHARED_TITLES: Record<string, string> = {
  products: "Products and versions",
  causes: "Causes (shared)",
  checks: "Checks (live-probe findings → causes)",
  wizard: "Symptom wizard",
};

/** A document key from a URL segment: `article:<slug>` or a shared document's name. */
export function parseDocKey(raw: string): DocKey | null {
  if ((SHARED_DOCS as readonly string[]).includes(raw)) return raw;
  const m = /^article:([a-z0-9][a-z0-9-]{0,120})$/.exec(raw);
  return m ? articleDocKey(m[1]!) : null;
}

function titleOf(key: DocKey, content: Record<string, unknown> | undefined): string {
  if (docKind(key) !== "article") return SHARED_TITLES[key] ?? key;
  return typeof content?.title === "string" && content.title ? content.title : key.slice("article:".length);
}

export async function publishedDocuments(db: Db): Promise<Map<DocKey, Record<string, unknown>>> {
  return seedToDocuments(fromRows(await readKbRows(db)));
}

export async function listKbDocuments(db: Db): Promise<DocumentSummary[]> {
  const [published, rows] = await Promise.all([publishedDocuments(db), db.kbDocument.findMany()]);
  const meta = new Map(rows.map((r) => [r.key, r]));
  const keys = [...new Set([...published.keys(), ...rows.map((r) => r.key)])];
  const headTitles = new Map<string, string>();
  // drafts of articles never published: their title comes from the head revision
  for (const r of rows) {
    if (published.has(r.key) || docKind(r.key) !== "article") continue;
    const head = await db.kbDocumentRevision.findUnique({ where: { documentKey_number: { documentKey: r.key, number: r.headNumber } }, select: { content: true } });
    if (head) headTitles.set(r.key, titleOf(r.key, JSON.parse(head.content) as Record<string, unknown>));
  }
  return keys
    .map((key) => {
      const m = meta.get(key);
      return {
        key,
        kind: docKind(key),
        file: docFile(key),
        title: headTitles.get(key) ?? titleOf(key, published.get(key)),
        headNumber: m?.headNumber ?? 0,
        publishedNumber: m?.publishedNumber ?? null,
        draftPending: !!m && m.headNumber !== m.publishedNumber,
        live: m?.live ?? true,
        updatedAt: m?.updatedAt ?? null,
        updatedBy: m?.updatedBy ?? null,
      };
    })
    .sort((a, b) => (a.kind === "article" ? 1 : 0) - (b.kind === "article" ? 1 : 0) || a.title.localeCompare(b.title));
}

export interface EditableDocument {
  key: DocKey;
  kind: DocKind;
  /** The latest saved revision (draft or published), or the published tables when none exists. */
  content: Record<string, unknown> | null;
  headNumber: number;
  headState: string | null;
  publishedNumber: number | null;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export async function getKbDocument(db: Db, key: DocKey): Promise<EditableDocument> {
  const meta = await db.kbDocument.findUnique({ where: { key } });
  const head = meta ? await db.kbDocumentRevision.findUnique({ where: { documentKey_number: { documentKey: key, number: meta.headNumber } } }) : null;
  const content = head ? (JSON.parse(head.content) as Record<string, unknown>) : ((await publishedDocuments(db)).get(key) ?? null);
  if (content) delete content.$schema;
  return {
    key,
    kind: docKind(key),
    content,
    headNumber: meta?.headNumber ?? 0,
    headState: head?.state ?? null,
    publishedNumber: meta?.publishedNumber ?? null,
    updatedAt: meta?.updatedAt ?? null,
    updatedBy: meta?.updatedBy ?? null,
  };
}

export interface RevisionSummary {
  number: number;
  state: string;
  message: string;
  authorName: string;
  createdAt: Date;
  baseNumber: number | null;
  kbRevision: number | null;
}

export async function listRevisions(db: Db, key: DocKey): Promise<RevisionSummary[]> {
  return db.kbDocumentRevision.findMany({
    where: { documentKey: key },
    orderBy: { number: "desc" },
    take: 500,
    select: { number: true, state: true, message: true, authorName: true, createdAt: true, baseNumber: true, kbRevision: true },
  });
}

export async function getRevision(db: Db, key: DocKey, number: number) {
  const row = await db.kbDocumentRevision.findUnique({ where: { documentKey_number: { documentKey: key, number } } });
  if (!row) return null;
  const content = JSON.parse(row.content) as Record<string, unknown>;
  delete content.$schema;
  return { ...row, content };
}

/** Field-by-field changes from revision `from` to revision `to` (any two, either order). */
export async function diffRevisions(db: Db, key: DocKey, from: number, to: number): Promise<FieldChange[] | null> {
  const [a, b] = await Promise.all([getRevision(db, key, from), getRevision(db, key, to)]);
  if (!a || !b) return null;
  return diffDocuments(a.content, b.content);
}

/** Publishes the content of an earlier revision as a new revision (the history keeps everything). */
export async function revertToRevision(
  db: Db,
  options: { actor: KbActor; key: DocKey; number: number; baseNumber: number; message?: string },
): Promise<KbWriteResult | null> {
  const rev = await getRevision(db, options.key, options.number);
  if (!rev) return null;
  return writeKb(db, {
    actor: options.actor,
    action: "kb.revert",
    message: options.message?.trim() || `Revert to revision ${options.number}`,
    docs: [{ key: options.key, content: rev.content, baseNumber: options.baseNumber }],
    publish: true,
  });
}

/** When the published article last changed, and by whom (the article page shows it). */
export async function lastPublishedChange(db: Db, slug: string): Promise<{ at: Date; by: string; number: number; message: string } | null> {
  const rev = await db.kbDocumentRevision.findFirst({
    where: { documentKey: articleDocKey(slug), state: "published" },
    orderBy: { number: "desc" },
    select: { createdAt: true, authorName: true, number: true, message: true },
  });
  return rev ? { at: rev.createdAt, by: rev.authorName, number: rev.number, message: rev.message } : null;
}
