/**
 * Server side: loads the wizard and knowledge model (categories, questions, answers with their
 * cause weights, causes, articles, checks with their symptoms) from the database. Cached per
 * knowledge-base revision; the KB is small and read-mostly. Do not import from client code.
 */
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { CauseWeight, DiagnosisModel } from "./types";

const causeWeightsJson = z.array(z.object({ cause: z.string(), weight: z.number() }));

function parseWeights(json: string, where: string): CauseWeight[] {
  try {
    return causeWeightsJson.parse(JSON.parse(json));
  } catch (error) {
    throw new Error(`wizard data: bad cause weights in ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const CHECK_INTERVAL_MS = 2_000;
const cache = globalThis as unknown as { relaydeskDiagnosisModel?: { model: DiagnosisModel; checkedAt: number } };

async function readRevision(): Promise<number> {
  const row = await getDb().kbRevision.findUnique({ where: { id: 1 }, select: { revision: true } });
  return row?.revision ?? 0;
}

export async function loadDiagnosisModel(): Promise<DiagnosisModel> {
  const db = getDb();
  const [revision, categories, questions, causes, articles, checks] = await Promise.all([
    readRevision(),
    db.wizardCategory.findMany({ orderBy: { position: "asc" } }),
    db.wizardQuestion.findMany({ orderBy: { position: "asc" }, include: { answers: { orderBy: { position: "asc" } } } }),
    db.cause.findMany({ orderBy: { id: "asc" }, select: { key: true, title: true, description: true } }),
    db.article.findMany({
      orderBy: { position: "asc" },
      select: {
        slug: true,
        title: true,
        summary: true,
        position: true,
        causes: { orderBy: { position: "asc" }, select: { explanation: true, cause: { select: { key: true } } } },
      },
    }),
    db.check.findMany({
      orderBy: [{ weight: "desc" }, { id: "asc" }],
      include: {
        cause: { select: { key: true } },
        symptom: { select: { key: true, description: true, article: { select: { slug: true, title: true } } } },
      },
    }),
  ]);
  return {
    kbRevision: revision,
    categories: categories.map((c) => ({
      key: c.key,
      label: c.label,
      description: c.description,
      causes: parseWeights(c.causeWeights, `category ${c.key}`),
    })),
    questions: questions.map((q) => ({
      key: q.key,
      prompt: q.prompt,
      help: q.help,
      position: q.position,
      answers: q.answers.map((a) => ({ key: a.key, label: a.label, causes: parseWeights(a.causeWeights, `answer ${a.key}`) })),
    })),
    causes,
    articles: articles.map((a) => ({
      slug: a.slug,
      title: a.title,
      summary: a.summary,
      position: a.position,
      causes: a.causes.map((c) => ({ cause: c.cause.key, explanation: c.explanation })),
    })),
    checks: checks.map((c) => ({
      cause: c.cause.key,
      findingId: c.findingId,
      probe: c.probe,
      effect: c.effect === "refutes" ? "refutes" : "confirms",
      weight: c.weight,
      explanation: c.explanation,
      symptom: c.symptom
        ? {
            key: c.symptom.key,
            description: c.symptom.description,
            articleSlug: c.symptom.article.slug,
            articleTitle: c.symptom.article.title,
          }
        : null,
    })),
  };
}

/** The model, re-read when the knowledge-base revision changes (checked at most every 2 s). */
export async function getDiagnosisModel(): Promise<DiagnosisModel> {
  const cached = cache.relaydeskDiagnosisModel;
  if (cached && Date.now() - cached.checkedAt < CHECK_INTERVAL_MS) return cached.model;
  if (cached && (await readRevision()) === cached.model.kbRevision) {
    cached.checkedAt = Date.now();
    return cached.model;
  }
  const model = await loadDiagnosisModel();
  cache.relaydeskDiagnosisModel = { model, checkedAt: Date.now() };
  return model;
}
