"use server";

/**
 * Server actions of the knowledge-base console. Each one checks the editor role first
 * (lib/auth/require.ts), validates its input, then calls lib/kb (every write goes through
 * lib/kb/write.ts).
 */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireRole } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { getDiagnosis } from "@/lib/diagnosis/store";
import { proposeSignatures, type ProposedSignature } from "@/lib/kb/authoring-help";
import { parseDocKey, revertToRevision } from "@/lib/kb/documents";
import { articleDocKey, docKind, SHARED_DOCS } from "@/lib/kb/file-format";
import { parseDocument, parseDocumentText } from "@/lib/kb/folder";
import { impactOfDrafts, type Impact } from "@/lib/kb/impact";
import { previewArticle, type ArticlePreview } from "@/lib/kb/preview";
import type { KbProblem } from "@/lib/kb/problems";
import { checkArticleSignatures, type SignatureCheck } from "@/lib/kb/signature-check";
import type { FieldChange } from "@/lib/kb/diff";
import { writeKb, type DocChange } from "@/lib/kb/write";

export type SaveResult =
  | { status: "ok"; key: string; headNumber: number; published: boolean; kbRevision: number | null; unchanged: boolean }
  | { status: "invalid"; problems: KbProblem[] }
  | { status: "signatures"; checks: SignatureCheck[] }
  | {
      status: "conflict";
      theirs: { number: number; content: Record<string, unknown>; authorName: string; createdAt: string; message: string };
      mine: { number: number; content: Record<string, unknown> };
      fields: FieldChange[];
    }
  | { status: "error"; message: string };

const saveInput = z.object({
  /** `article:<slug>`, a shared document's name, or "new" for a new article. */
  key: z.string().max(200),
  content: z.unknown(),
  baseNumber: z.number().int().min(0),
  message: z.string().max(2_000),
  publish: z.boolean(),
});

function keyOf(rawKey: string, content: unknown): string | null {
  if (rawKey === "new") {
    const slug = (content as { slug?: unknown } | null)?.slug;
    return typeof slug === "string" && /^[a-z0-9][a-z0-9-]{0,120}$/.test(slug) ? articleDocKey(slug) : null;
  }
  return parseDocKey(rawKey);
}

export async function saveDocumentAction(input: z.input<typeof saveInput>): Promise<SaveResult> {
  const actor = await requireRole("editor");
  const parsed = saveInput.safeParse(input);
  if (!parsed.success) return { status: "error", message: "The request was not understood; reload the page." };
  const { content, baseNumber, publish } = parsed.data;
  const key = keyOf(parsed.data.key, content);
  if (!key) {
    // a new article without a usable slug: report it with every other problem of the form
    const slugProblem = { file: "article", field: "slug", message: "lower-case letters, digits and dashes, starting with a letter or digit" };
    const rest = parseDocument(articleDocKey("new-article"), { ...(content as object), slug: "new-article" });
    return { status: "invalid", problems: [slugProblem, ...(rest.ok ? [] : rest.problems)] };
  }
  const message = parsed.data.message.trim() || (publish ? "Published" : "Draft saved");
  const db = getDb();
  if (publish && docKind(key) === "article") {
    const sig = await checkArticleSignatures(db, content);
    if (!sig.ok) return { status: "invalid", problems: sig.problems };
    if (sig.checks.some((c) => !c.ok)) return { status: "signatures", checks: sig.checks };
  }
  const result = await writeKb(db, {
    actor: { userId: actor.userId, name: actor.name, staff: actor },
    action: publish ? "kb.publish" : "kb.draft",
    message,
    docs: [{ key, content, baseNumber }],
    publish,
  });
  if (result.status === "invalid") return result;
  if (result.status === "conflict") {
    const c = result.conflicts[0]!;
    return { status: "conflict", theirs: { ...c.theirs, createdAt: c.theirs.createdAt.toISOString() }, mine: c.mine, fields: c.fields };
  }
  const mine = result.changes.find((c) => c.key === key);
  revalidatePath("/kb");
  if (publish) revalidatePath("/", "layout");
  return { status: "ok", key, headNumber: mine?.number ?? baseNumber, published: publish, kbRevision: result.kbRevision, unchanged: !mine };
}

export async function previewAction(content: unknown): Promise<{ ok: true; preview: ArticlePreview } | { ok: false; problems: KbProblem[] }> {
  await requireRole("editor");
  return previewArticle(getDb(), content);
}

export async function checkSignaturesAction(content: unknown): Promise<{ ok: true; checks: SignatureCheck[] } | { ok: false; problems: KbProblem[] }> {
  await requireRole("editor");
  return checkArticleSignatures(getDb(), content);
}

export async function impactAction(rawKey: string, content: unknown): Promise<({ ok: true } & Impact) | { ok: false; problems: KbProblem[] }> {
  await requireRole("editor");
  const key = parseDocKey(rawKey);
  if (!key) return { ok: false, problems: [{ file: rawKey, field: "", message: "unknown document" }] };
  return impactOfDrafts(getDb(), new Map([[key, content]]), { loadDiagnosis: getDiagnosis });
}

export async function proposeSignaturesAction(text: string): Promise<ProposedSignature[]> {
  await requireRole("editor");
  return typeof text === "string" ? proposeSignatures(text) : [];
}

export async function revertAction(formData: FormData): Promise<void> {
  const actor = await requireRole("editor");
  const form = z
    .object({ key: z.string(), number: z.coerce.number().int().min(1), baseNumber: z.coerce.number().int().min(0), message: z.string().max(2_000).optional() })
    .safeParse(Object.fromEntries(formData));
  const key = form.success ? parseDocKey(form.data.key) : null;
  if (!form.success || !key) redirect("/kb?error=bad-request");
  const result = await revertToRevision(getDb(), { actor, key, number: form.data.number, baseNumber: form.data.baseNumber, message: form.data.message });
  revalidatePath("/", "layout");
  const outcome = !result ? "missing" : result.status === "ok" ? "reverted" : result.status;
  redirect(`/kb/doc/${encodeURIComponent(key)}/history?result=${outcome}`);
}

export type ImportResult =
  | { status: "ok"; dryRun: boolean; kbRevision: number | null; changes: DocChange[] }
  | { status: "invalid"; problems: KbProblem[] }
  | { status: "error"; message: string };

const MAX_IMPORT_FILES = 2_000;
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** Console import: the files of a kb folder (with their relative paths), validated, then published as one revision. */
export async function importAction(_prev: ImportResult | null, formData: FormData): Promise<ImportResult> {
  const actor = await requireRole("editor");
  const files = formData.getAll("files").filter((f): f is File => f instanceof File && f.size > 0);
  const paths = formData.getAll("paths").map(String);
  if (files.length === 0) return { status: "error", message: "Choose a knowledge-base folder (or its files) first." };
  if (files.length > MAX_IMPORT_FILES || files.reduce((n, f) => n + f.size, 0) > MAX_IMPORT_BYTES) return { status: "error", message: "That folder is too large to import here; use npx relaydesk kb import." };
  const docs = new Map<string, Record<string, unknown>>();
  const problems: KbProblem[] = [];
  for (const [i, file] of files.entries()) {
    // "kb/articles/x.json" or "articles/x.json" or "x.json": the document comes from the last one or two segments
    const parts = (paths[i] || file.name).split("/").filter(Boolean);
    const name = parts.at(-1) ?? "";
    if (!name.endsWith(".json") || parts.includes("schema")) continue;
    const base = name.slice(0, -5);
    const inArticles = parts.at(-2) === "articles";
    const key = inArticles ? articleDocKey(base) : (SHARED_DOCS as readonly string[]).includes(base) ? base : null;
    const shown = inArticles ? `articles/${name}` : name;
    if (!key || (inArticles && !/^[a-z0-9][a-z0-9-]*$/.test(base))) {
      problems.push({ file: shown, field: "", message: "unknown file (expected products.json, causes.json, checks.json, wizard.json or articles/*.json)" });
      continue;
    }
    const parsed = parseDocumentText(key, await file.text(), shown);
    if (parsed.ok) docs.set(key, parsed.content);
    else problems.push(...parsed.problems);
  }
  if (problems.length > 0) return { status: "invalid", problems };
  if (docs.size === 0) return { status: "error", message: "No knowledge-base files were found in what you chose." };
  const dryRun = formData.get("dryRun") === "on";
  const result = await writeKb(getDb(), {
    actor: { userId: actor.userId, name: actor.name, staff: actor },
    action: "kb.import",
    message: String(formData.get("message") ?? "").trim() || "Imported in the console",
    docs: [...docs].map(([key, content]) => ({ key, content })),
    publish: true,
    dryRun,
  });
  if (result.status === "invalid") return result;
  if (result.status === "conflict") return { status: "error", message: "Unexpected conflict; nothing was changed." };
  if (!dryRun) revalidatePath("/", "layout");
  return { status: "ok", dryRun, kbRevision: result.kbRevision, changes: result.changes };
}

/** Removes an article from the published knowledge base (its history stays; revert brings it back). */
export async function removeArticleAction(input: { key: string; baseNumber: number; message: string }): Promise<SaveResult> {
  const actor = await requireRole("editor");
  const parsed = z.object({ key: z.string().max(200), baseNumber: z.number().int().min(0), message: z.string().max(2_000) }).safeParse(input);
  const key = parsed.success ? parseDocKey(parsed.data.key) : null;
  if (!parsed.success || !key || docKind(key) !== "article") return { status: "error", message: "Only an article can be removed." };
  const result = await writeKb(getDb(), {
    actor: { userId: actor.userId, name: actor.name, staff: actor },
    action: "kb.publish",
    message: parsed.data.message.trim() || "Article removed",
    docs: [{ key, content: null, baseNumber: parsed.data.baseNumber }],
    publish: true,
  });
  if (result.status === "invalid") return result;
  if (result.status === "conflict") {
    const c = result.conflicts[0]!;
    return { status: "conflict", theirs: { ...c.theirs, createdAt: c.theirs.createdAt.toISOString() }, mine: c.mine, fields: c.fields };
  }
  revalidatePath("/", "layout");
  const change = result.changes.find((c) => c.key === key);
  return { status: "ok", key, headNumber: change?.number ?? parsed.data.baseNumber, published: true, kbRevision: result.kbRevision, unchanged: !change };
}
