import { getDb } from "@/lib/db/client";
import { lastPublishedChange } from "./documents";

/** Read access to knowledge-base articles for pages and the JSON API. */

const articleInclude = {
  appliesTo: {
    include: { version: { include: { product: true } } },
  },
  sections: { orderBy: { position: "asc" as const } },
  symptoms: {
    orderBy: { position: "asc" as const },
    include: { signatures: { orderBy: { id: "asc" as const } } },
  },
  causes: { orderBy: { position: "asc" as const }, include: { cause: true } },
  resolutions: {
    orderBy: { position: "asc" as const },
    include: {
      cause: { select: { key: true, title: true } },
      steps: { orderBy: { position: "asc" as const }, include: { artifacts: { orderBy: { position: "asc" as const } } } },
      warnings: { orderBy: { position: "asc" as const } },
    },
  },
  warnings: { where: { resolutionId: null }, orderBy: { position: "asc" as const } },
  references: { orderBy: { position: "asc" as const } },
};

/** When the published article last changed and by whom (its latest published revision). */
export async function getArticleLastChange(slug: string): Promise<{ at: string; by: string } | null> {
  const change = await lastPublishedChange(getDb(), slug);
  return change ? { at: change.at.toISOString(), by: change.by } : null;
}

async function findArticle(slug: string) {
  return getDb().article.findUnique({ where: { slug }, include: articleInclude });
}

export type ArticleRow = NonNullable<Awaited<ReturnType<typeof findArticle>>>;

/** The whole structured article, shaped for the public API and the article page. */
export async function getArticle(slug: string) {
  if (!/^[a-z0-9][a-z0-9-]{0,120}$/.test(slug)) return null;
  const row = await findArticle(slug);
  return row ? shapeArticle(row) : null;
}

export type ArticleDetail = ReturnType<typeof shapeArticle>;

export function shapeArticle(row: ArticleRow) {
  const products = new Map<string, { slug: string; vendor: string; name: string; versions: { slug: string; name: string; label: string }[] }>();
  for (const { version } of [...row.appliesTo].sort((a, b) => a.version.position - b.version.position)) {
    const p = version.product;
    let product = products.get(p.slug);
    if (!product) {
      product = { slug: p.slug, vendor: p.vendor, name: p.name, versions: [] };
      products.set(p.slug, product);
    }
    product.versions.push({ slug: version.slug, name: version.name, label: version.label });
  }
  return {
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    source: {
      kind: row.sourceKind,
      file: row.sourceFile,
      title: row.sourceTitle,
      kbNumber: row.kbNumber,
      previousId: row.previousId,
      revision: row.revision,
      lastReviewed: row.lastReviewed,
      author: row.author,
      published: row.published,
    },
    status: row.status,
    appliesTo: [...products.values()],
    sections: row.sections.map((s) => ({ kind: s.kind, heading: s.heading, body: s.body })),
    symptoms: row.symptoms.map((s) => ({
      key: s.key,
      description: s.description,
      location: s.location,
      signatures: s.signatures.map((sig) => ({
        kind: sig.kind,
        value: sig.value,
        display: sig.display,
        qualifier: sig.qualifier,
      })),
    })),
    causes: row.causes.map((c) => ({
      key: c.cause.key,
      title: c.cause.title,
      description: c.cause.description,
      explanation: c.explanation,
    })),
    resolutions: row.resolutions.map((r) => ({
      key: r.key,
      kind: r.kind,
      title: r.title,
      summary: r.summary,
      outcome: r.outcome,
      cause: r.cause ? { key: r.cause.key, title: r.cause.title } : null,
      warnings: r.warnings.map((w) => ({ level: w.level, risk: w.risk, text: w.text })),
      steps: r.steps.map((s) => ({
        position: s.position + 1,
        text: s.text,
        artifacts: s.artifacts.map((a) => ({
          language: a.language,
          title: a.title,
          content: a.content,
          note: a.note,
          registry: a.registryPath
            ? {
                path: a.registryPath,
                valueName: a.valueName,
                valueType: a.valueType,
                value: a.value,
                defaultValue: a.defaultValue,
                action: a.registryAction,
              }
            : null,
        })),
      })),
    })),
    warnings: row.warnings.map((w) => ({ level: w.level, risk: w.risk, text: w.text })),
    references: row.references.map((r) => ({ kind: r.kind, identifier: r.identifier, title: r.title, url: r.url })),
  };
}

/** Other articles that share at least one cause with this one. */
export async function relatedArticles(slug: string) {
  const db = getDb();
  const article = await db.article.findUnique({ where: { slug }, select: { id: true, causes: { select: { causeId: true } } } });
  if (!article) return [];
  const causeIds = article.causes.map((c) => c.causeId);
  if (causeIds.length === 0) return [];
  const rows = await db.articleCause.findMany({
    where: { causeId: { in: causeIds }, articleId: { not: article.id } },
    select: { article: { select: { slug: true, title: true, position: true } }, cause: { select: { key: true, title: true } } },
  });
  const bySlug = new Map<string, { slug: string; title: string; position: number; sharedCauses: { key: string; title: string }[] }>();
  for (const row of rows) {
    const entry = bySlug.get(row.article.slug) ?? { ...row.article, sharedCauses: [] };
    entry.sharedCauses.push(row.cause);
    bySlug.set(row.article.slug, entry);
  }
  return [...bySlug.values()]
    .sort((a, b) => a.position - b.position)
    .map(({ slug, title, sharedCauses }) => ({ slug, title, sharedCauses }));
}

/** Products with their versions and how many articles apply to each, for browsing. */
export async function listProducts() {
  const products = await getDb().product.findMany({
    orderBy: [{ vendor: "asc" }, { name: "asc" }],
    include: {
      versions: {
        orderBy: { position: "asc" },
        include: { appliesTo: { include: { article: { select: { slug: true, title: true, position: true } } } } },
      },
    },
  });
  return products.map((p) => ({
    slug: p.slug,
    vendor: p.vendor,
    name: p.name,
    versions: p.versions.map((v) => ({
      slug: v.slug,
      name: v.name,
      label: v.label,
      articles: v.appliesTo
        .map((a) => a.article)
        .sort((a, b) => a.position - b.position)
        .map(({ slug, title }) => ({ slug, title })),
    })),
  }));
}

/** Symptoms grouped by where they show up, each linking to its article. */
export async function listSymptoms() {
  const symptoms = await getDb().symptom.findMany({
    orderBy: [{ location: "asc" }, { article: { position: "asc" } }, { position: "asc" }],
    select: {
      key: true,
      description: true,
      location: true,
      article: { select: { slug: true, title: true } },
      signatures: { select: { kind: true, display: true }, take: 4 },
    },
  });
  const groups = new Map<string, typeof symptoms>();
  for (const s of symptoms) {
    const list = groups.get(s.location) ?? [];
    list.push(s);
    groups.set(s.location, list);
  }
  return [...groups.entries()].map(([location, items]) => ({ location, symptoms: items }));
}

export async function countArticles(): Promise<number> {
  return getDb().article.count();
}

/** Longest unfiltered listing; a search narrows a large knowledge base instead. */
export const MAX_LISTED_ARTICLES = 200;

/** Articles' slug, title and summary in reading order (the first MAX_LISTED_ARTICLES). */
export async function listArticleSummaries() {
  return getDb().article.findMany({
    orderBy: { position: "asc" },
    select: { slug: true, title: true, summary: true },
    take: MAX_LISTED_ARTICLES,
  });
}
