/**
 * The editor's preview: the article as the article page will show it once published, shaped by
 * the same function the page uses (shapeArticle) from the rows the draft knowledge base would
 * write, without writing anything.
 */
import type { Db } from "@/lib/db/client";
import { shapeArticle, type ArticleDetail, type ArticleRow } from "./articles";
import { draftKnowledgeBase } from "./draft-kb";
import { articleDocKey } from "./file-format";
import type { KbProblem } from "./problems";
import { toRows } from "./seed-loader";

export interface ArticlePreview {
  article: ArticleDetail;
  related: { slug: string; title: string; sharedCauses: { key: string; title: string }[] }[];
}

export async function previewArticle(db: Db, content: unknown): Promise<{ ok: true; preview: ArticlePreview } | { ok: false; problems: KbProblem[] }> {
  const slug = (content as { slug?: unknown })?.slug;
  if (typeof slug !== "string") return { ok: false, problems: [{ file: "article", field: "slug", message: "the article needs a slug" }] };
  const kb = await draftKnowledgeBase(db, new Map([[articleDocKey(slug), content]]));
  if (!kb.ok) return kb;
  const rows = toRows(kb.draft);
  const id = `art:${slug}`;
  const byPos = <T extends { position: number }>(list: T[]) => [...list].sort((a, b) => a.position - b.position);
  const article = rows.articles.find((a) => a.id === id)!;
  const products = new Map(rows.products.map((p) => [p.id, p]));
  const versions = new Map(rows.versions.map((v) => [v.id, { ...v, product: products.get(v.productId)! }]));
  const causes = new Map(rows.causes.map((c) => [c.id, c]));
  const resolutions = byPos(rows.resolutions.filter((r) => r.articleId === id));
  const row = {
    ...article,
    appliesTo: rows.appliesTo.filter((a) => a.articleId === id).map((a) => ({ ...a, version: versions.get(a.versionId)! })),
    sections: byPos(rows.sections.filter((s) => s.articleId === id)),
    symptoms: byPos(rows.symptoms.filter((s) => s.articleId === id)).map((s) => ({
      ...s,
      signatures: rows.signatures.filter((g) => g.symptomId === s.id).sort((a, b) => (a.id < b.id ? -1 : 1)),
    })),
    causes: byPos(rows.articleCauses.filter((c) => c.articleId === id)).map((c) => ({ ...c, cause: causes.get(c.causeId)! })),
    resolutions: resolutions.map((r) => ({
      ...r,
      cause: r.causeId ? { key: causes.get(r.causeId)!.key, title: causes.get(r.causeId)!.title } : null,
      steps: byPos(rows.steps.filter((s) => s.resolutionId === r.id)).map((s) => ({ ...s, artifacts: byPos(rows.artifacts.filter((a) => a.stepId === s.id)) })),
      warnings: byPos(rows.warnings.filter((w) => w.resolutionId === r.id)),
    })),
    warnings: byPos(rows.warnings.filter((w) => w.articleId === id && w.resolutionId === null)),
    references: byPos(rows.references.filter((r) => r.articleId === id)),
  } as unknown as ArticleRow;

  const myCauses = new Set(rows.articleCauses.filter((c) => c.articleId === id).map((c) => c.causeId));
  const related = new Map<string, ArticlePreview["related"][number] & { position: number }>();
  for (const ac of rows.articleCauses) {
    if (ac.articleId === id || !myCauses.has(ac.causeId)) continue;
    const other = rows.articles.find((a) => a.id === ac.articleId)!;
    const entry = related.get(other.slug) ?? { slug: other.slug, title: other.title, position: other.position, sharedCauses: [] };
    entry.sharedCauses.push({ key: causes.get(ac.causeId)!.key, title: causes.get(ac.causeId)!.title });
    related.set(other.slug, entry);
  }
  return {
    ok: true,
    preview: {
      article: shapeArticle(row),
      related: [...related.values()].sort((a, b) => a.position - b.position).map(({ slug: s, title, sharedCauses }) => ({ slug: s, title, sharedCauses })),
    },
  };
}
