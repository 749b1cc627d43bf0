/**
 * Reads and writes a knowledge-base folder (see lib/kb/file-format.ts). Reading validates every
 * file on its own (JSON syntax, then its zod schema) and reports each problem with the file and
 * the field, so an editor can fix a folder in one pass; nothing is written anywhere.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { FILE_SCHEMAS, SHARED_DOCS, articleDocKey, docFile, docKind, documentText, jsonSchemas, type DocKey } from "./file-format";
import { issuesOf, type KbProblem } from "./problems";

export interface KbFolder {
  docs: Map<DocKey, Record<string, unknown>>;
  problems: KbProblem[];
}

/** Bigger files are refused before parsing (the shipped ones are under 60 KB). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

export function readKbFolder(dir: string): KbFolder {
  const docs = new Map<DocKey, Record<string, unknown>>();
  const problems: KbProblem[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { docs, problems: [{ file: dir, field: "", message: "not a directory" }] };
  }
  const files: Array<[DocKey, string]> = [];
  for (const name of SHARED_DOCS) if (existsSync(path.join(dir, `${name}.json`))) files.push([name, `${name}.json`]);
  for (const entry of readdirSync(dir)) {
    if (entry.endsWith(".json") && !(SHARED_DOCS as readonly string[]).includes(entry.slice(0, -5))) {
      problems.push({ file: entry, field: "", message: "unknown file (expected products.json, causes.json, checks.json, wizard.json or articles/*.json)" });
    }
  }
  const articlesDir = path.join(dir, "articles");
  if (existsSync(articlesDir)) {
    for (const entry of readdirSync(articlesDir).sort()) {
      if (!entry.endsWith(".json")) continue;
      files.push([articleDocKey(entry.slice(0, -5)), `articles/${entry}`]);
    }
  }
  if (files.length === 0) problems.push({ file: dir, field: "", message: "no knowledge-base files found" });

  for (const [key, file] of files) {
    const full = path.join(dir, file);
    if (statSync(full).size > MAX_FILE_BYTES) {
      problems.push({ file, field: "", message: `larger than ${MAX_FILE_BYTES} bytes` });
      continue;
    }
    const parsed = parseDocumentText(key, readFileSync(full, "utf8"), file);
    if (parsed.ok) docs.set(key, parsed.content);
    else problems.push(...parsed.problems);
  }
  return { docs, problems };
}

/** One document's text (a file, or what an editor pasted) parsed and validated on its own. */
export function parseDocumentText(
  key: DocKey,
  text: string,
  file = docFile(key),
): { ok: true; content: Record<string, unknown> } | { ok: false; problems: KbProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ file, field: "", message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return parseDocument(key, json, file);
}

export function parseDocument(
  key: DocKey,
  json: unknown,
  file = docFile(key),
): { ok: true; content: Record<string, unknown> } | { ok: false; problems: KbProblem[] } {
  const kind = docKind(key);
  const result = FILE_SCHEMAS[kind].safeParse(json);
  if (!result.success) return { ok: false, problems: issuesOf(result.error).map((i) => ({ file, ...i })) };
  const content = result.data as Record<string, unknown>;
  if (kind === "article" && content.slug !== key.slice("article:".length)) {
    return { ok: false, problems: [{ file, field: "slug", message: `the slug must match the file name ("${key.slice("article:".length)}")` }] };
  }
  delete content.$schema;
  return { ok: true, content };
}

/** The files of a kb folder holding `docs` (relative path → text), the JSON Schema included. */
export function kbFolderFiles(docs: ReadonlyMap<DocKey, Record<string, unknown>>): Map<string, string> {
  const files = new Map<string, string>();
  for (const [kind, schema] of Object.entries(jsonSchemas())) files.set(`schema/${kind}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
  for (const [key, content] of docs) files.set(docFile(key), documentText(docKind(key), content));
  return files;
}

/**
 * Writes documents as a kb folder, with the JSON Schema beside them. Article files in DIR that
 * are not among the documents are removed when the whole knowledge base is written (`whole`), so
 * DIR holds exactly the knowledge base and importing it back reproduces it.
 */
export function writeKbFolder(dir: string, docs: ReadonlyMap<DocKey, Record<string, unknown>>, options: { whole: boolean }): string[] {
  mkdirSync(path.join(dir, "articles"), { recursive: true });
  mkdirSync(path.join(dir, "schema"), { recursive: true });
  const written: string[] = [];
  for (const [file, text] of kbFolderFiles(docs)) {
    writeFileSync(path.join(dir, file), text);
    if (!file.startsWith("schema/")) written.push(file);
  }
  if (options.whole) {
    const keep = new Set(written);
    for (const entry of readdirSync(path.join(dir, "articles"))) {
      if (entry.endsWith(".json") && !keep.has(`articles/${entry}`)) rmSync(path.join(dir, "articles", entry));
    }
  }
  return written;
}
