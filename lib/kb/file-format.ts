/**
 * The knowledge base as files (kb/ in this repository, and what `relaydesk kb export` writes):
 * one JSON file per article (articles/<slug>.json) plus the shared products.json, causes.json,
 * checks.json and wizard.json. Each file is one *document*, the unit an editor saves and the
 * revision history tracks. Files are written with a fixed key order (the schema's) and two-space
 * indentation, so a knowledge change reviews as a small text diff. kb/schema/*.schema.json is the
 * published JSON Schema, generated from these zod schemas (`npm run kb:schema`).
 */
import { z } from "zod";
import { articleSeed, causeSeed, checkSeed, productSeed, wizardSeed, type KbSeed } from "./seed-schema";

const schemaRef = z.string().optional().describe("JSON Schema of this file, for editors");

export const articleFileSchema = z.strictObject({
  $schema: schemaRef,
  ...articleSeed.shape,
  /** Order of the article in lists (0 first). */
  position: z.number().int().min(0),
});
export const productsFileSchema = z.strictObject({ $schema: schemaRef, products: z.array(productSeed) });
export const causesFileSchema = z.strictObject({ $schema: schemaRef, causes: z.array(causeSeed) });
export const checksFileSchema = z.strictObject({ $schema: schemaRef, checks: z.array(checkSeed) });
export const wizardFileSchema = z.strictObject({ $schema: schemaRef, ...wizardSeed.shape });

export const SHARED_DOCS = ["products", "causes", "checks", "wizard"] as const;
export type SharedDoc = (typeof SHARED_DOCS)[number];
export type DocKind = "article" | SharedDoc;

export const FILE_SCHEMAS = {
  article: articleFileSchema,
  products: productsFileSchema,
  causes: causesFileSchema,
  checks: checksFileSchema,
  wizard: wizardFileSchema,
} as const;

export type ArticleFile = z.output<typeof articleFileSchema>;

/** `article:<slug>` or the name of a shared document. */
export type DocKey = string;

export function docKind(key: DocKey): DocKind {
  if (key.startsWith("article:")) return "article";
  if ((SHARED_DOCS as readonly string[]).includes(key)) return key as SharedDoc;
  throw new Error(`not a knowledge-base document: ${key}`);
}

export const articleDocKey = (slug: string): DocKey => `article:${slug}`;

/** Path of a document's file inside a kb folder. */
export function docFile(key: DocKey): string {
  return docKind(key) === "article" ? `articles/${key.slice("article:".length)}.json` : `${key}.json`;
}

/** The `$schema` a file of this kind points at, relative to the file. */
export function schemaRefFor(kind: DocKind): string {
  return kind === "article" ? "../schema/article.schema.json" : `./schema/${kind}.schema.json`;
}

/** The published JSON Schema of each file kind (kb/schema/<kind>.schema.json). */
export function jsonSchemas(): Record<DocKind, unknown> {
  const out = {} as Record<DocKind, unknown>;
  for (const [kind, schema] of Object.entries(FILE_SCHEMAS) as [DocKind, z.ZodType][]) {
    out[kind] = { ...z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }), title: `RelayDesk knowledge base: ${kind} file` };
  }
  return out;
}

/** Canonical text of a document: `$schema` first, the schema's key order, two-space indent. */
export function documentText(kind: DocKind, content: Record<string, unknown>): string {
  const rest = { ...content };
  delete rest.$schema;
  return `${JSON.stringify({ $schema: schemaRefFor(kind), ...rest }, null, 2)}\n`;
}

/** The whole knowledge base as documents, keyed by DocKey, in a stable order. */
export function seedToDocuments(seed: KbSeed): Map<DocKey, Record<string, unknown>> {
  const docs = new Map<DocKey, Record<string, unknown>>();
  docs.set("products", { products: seed.products });
  docs.set("causes", { causes: seed.causes });
  docs.set("checks", { checks: seed.checks });
  docs.set("wizard", { categories: seed.wizard.categories, questions: seed.wizard.questions });
  seed.articles.forEach((article, position) => docs.set(articleDocKey(article.slug), { ...article, position }));
  return docs;
}

/** Parsed documents back to the seed shape (articles ordered by position, then slug). */
export function documentsToSeedInput(docs: ReadonlyMap<DocKey, Record<string, unknown>>): unknown {
  const articles = [...docs.entries()]
    .filter(([key]) => docKind(key) === "article")
    .map(([, content]) => content as ArticleFile)
    .sort((a, b) => a.position - b.position || a.slug.localeCompare(b.slug))
    .map((file) => {
      const article: Record<string, unknown> = { ...file };
      delete article.$schema;
      delete article.position;
      return article;
    });
  const products = docs.get("products") as { products?: unknown } | undefined;
  const causes = docs.get("causes") as { causes?: unknown } | undefined;
  const checks = docs.get("checks") as { checks?: unknown } | undefined;
  const wizard = docs.get("wizard") as { categories?: unknown; questions?: unknown } | undefined;
  return {
    products: products?.products ?? [],
    causes: causes?.causes ?? [],
    articles,
    checks: checks?.checks ?? [],
    wizard: { categories: wizard?.categories ?? [], questions: wizard?.questions ?? [] },
  };
}
