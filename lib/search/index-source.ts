import type { Db } from "@/lib/db/client";
import type { SignatureKind } from "@/lib/kb/seed-schema";
import type { KbRows } from "@/lib/kb/from-rows";
import { readKbRows } from "@/lib/kb/tables";
import type { IndexDocument } from "./kb-index";

/** Reads everything the search index needs from the database (the published knowledge tables). */
export async function loadIndexDocuments(db: Db): Promise<IndexDocument[]> {
  return indexDocumentsFromRows(await readKbRows(db));
}

/**
 * The index documents of a knowledge base given as table rows: the published one, or a draft
 * (the editor's signature check builds an index of the knowledge base as it would be published).
 */
export function indexDocumentsFromRows(rows: KbRows): IndexDocument[] {
  const { signatures, resolutions, steps, artifacts, sections, references } = rows;
  const articles = [...rows.articles].sort((a, b) => a.position - b.position);
  const symptoms = [...rows.symptoms].sort((a, b) => a.articleId.localeCompare(b.articleId) || a.position - b.position);
  const causeTitle = new Map(rows.causes.map((c) => [c.id, c.title]));
  const causes = [...rows.articleCauses]
    .sort((a, b) => a.articleId.localeCompare(b.articleId) || a.position - b.position)
    .map((c) => ({ articleId: c.articleId, explanation: c.explanation, cause: { title: causeTitle.get(c.causeId) ?? "" } }));

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
