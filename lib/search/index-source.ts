import type { Db } from "@/lib/db/client";
import type { SignatureKind } from "@/lib/kb/seed-schema";
import type { IndexDocument } from "./kb-index";

/**
 * Reads everything the search index needs from the database, in a few bulk queries. Every query
 * is ordered: without it the row order is the engine's (SQLite's rowid, PostgreSQL's heap order
 * after updates), and the index must be the same on both.
 */
export async function loadIndexDocuments(db: Db): Promise<IndexDocument[]> {
  const [articles, symptoms, signatures, causes, resolutions, steps, artifacts, sections, references] = await Promise.all([
    db.article.findMany({ orderBy: { position: "asc" }, select: { id: true, slug: true, title: true, summary: true } }),
    db.symptom.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, key: true, articleId: true, description: true } }),
    db.signature.findMany({
      orderBy: { id: "asc" },
      select: { symptomId: true, kind: true, value: true, display: true, qualifier: true, weight: true },
    }),
    db.articleCause.findMany({ orderBy: [{ position: "asc" }, { causeId: "asc" }], select: { articleId: true, explanation: true, cause: { select: { title: true } } } }),
    db.resolution.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, articleId: true, title: true, summary: true } }),
    db.resolutionStep.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, resolutionId: true, text: true } }),
    db.artifact.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { stepId: true, title: true, content: true, valueName: true } }),
    db.articleSection.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { articleId: true, heading: true, body: true } }),
    db.reference.findMany({ orderBy: [{ position: "asc" }, { id: "asc" }], select: { articleId: true, identifier: true, title: true } }),
  ]);

  const byArticle = new Map<string, IndexDocument>();
  for (const a of articles) {
    byArticle.set(a.id, {
      slug: a.slug,
      title: a.title,
      summary: a.summary,
      fields: [
        { text: a.title, boost: 3 },
        { text: a.summary, boost: 2 },
      ],
      signatures: [],
    });
  }
  const symptomById = new Map(symptoms.map((s) => [s.id, s]));
  for (const s of symptoms) byArticle.get(s.articleId)?.fields.push({ text: s.description, boost: 2 });
  for (const sig of signatures) {
    const symptom = symptomById.get(sig.symptomId);
    const doc = symptom && byArticle.get(symptom.articleId);
    if (!symptom || !doc) continue;
    doc.fields.push({ text: sig.display, boost: 2 });
    doc.signatures.push({
      kind: sig.kind as SignatureKind,
      value: sig.value,
      display: sig.display,
      qualifier: sig.qualifier,
      weight: sig.weight,
      symptomKey: symptom.key,
      symptomDescription: symptom.description,
    });
  }
  for (const c of causes) byArticle.get(c.articleId)?.fields.push({ text: `${c.cause.title}\n${c.explanation}`, boost: 1 });
  const resolutionArticle = new Map<string, string>();
  for (const r of resolutions) {
    resolutionArticle.set(r.id, r.articleId);
    byArticle.get(r.articleId)?.fields.push({ text: `${r.title}\n${r.summary}`, boost: 1 });
  }
  const stepArticle = new Map<string, string>();
  for (const s of steps) {
    const articleId = resolutionArticle.get(s.resolutionId);
    if (!articleId) continue;
    stepArticle.set(s.id, articleId);
    byArticle.get(articleId)?.fields.push({ text: s.text, boost: 1 });
  }
  for (const art of artifacts) {
    const articleId = stepArticle.get(art.stepId);
    if (!articleId) continue;
    byArticle.get(articleId)?.fields.push({ text: `${art.title}\n${art.valueName ?? ""}\n${art.content}`, boost: 1 });
  }
  for (const s of sections) byArticle.get(s.articleId)?.fields.push({ text: `${s.heading}\n${s.body}`, boost: 1 });
  // Bug IDs and KB numbers identify an article without being symptoms of it (CSCds90792).
  for (const r of references) byArticle.get(r.articleId)?.fields.push({ text: `${r.identifier}\n${r.title}`, boost: 1 });
  return [...byArticle.values()];
}
