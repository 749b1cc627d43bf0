/**
 * Server side: loads the wizard and knowledge model (categories, questions, answers with their
 * cause weights, causes, articles, checks with their symptoms) from the database. Cached per
 * knowledge-base revision; the KB is small and read-mostly. Do not import from client code.
 */
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { resolveBasis, storedBasis, type BasisSources } from "@/lib/kb/basis";
import { citeSource } from "@/lib/kb/citation";
import { readKbRevision, revisionCached } from "@/lib/kb/revision-cache";
import { FIX_KINDS, toCauseResolution } from "./fix";
import type { CauseWeight, DiagnosisModel } from "./types";

const causeWeightsJson = z.array(z.object({ cause: z.string(), weight: z.number(), basis: storedBasis.optional() }));

const causeVantageJson = z.object({ note: z.string(), basis: storedBasis });

function resolveVantage(v: z.infer<typeof causeVantageJson>, sources: BasisSources, where: string) {
  return { note: v.note, basis: resolveBasis(v.basis, sources, where) };
}

function parseJson<T>(json: string, schema: z.ZodType<T>, where: string): T {
  try {
    return schema.parse(JSON.parse(json));
  } catch (error) {
    throw new Error(`knowledge model: bad JSON in ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseWeights(json: string, sources: BasisSources, where: string): CauseWeight[] {
  return parseJson(json, causeWeightsJson, where).map((w) => ({
    cause: w.cause,
    weight: w.weight,
    ...(w.basis ? { basis: resolveBasis(w.basis, sources, where) } : {}),
  }));
}

async function loadDiagnosisModel(): Promise<DiagnosisModel> {
  const db = getDb();
  const [revision, categories, questions, causes, articles, checks, resolutions] = await Promise.all([
    readKbRevision(db),
    db.wizardCategory.findMany({ orderBy: { position: "asc" } }),
    db.wizardQuestion.findMany({ orderBy: { position: "asc" }, include: { answers: { orderBy: { position: "asc" } } } }),
    db.cause.findMany({ orderBy: { id: "asc" }, select: { key: true, title: true, description: true, vantage: true } }),
    db.article.findMany({
      orderBy: { position: "asc" },
      select: {
        slug: true,
        title: true,
        summary: true,
        position: true,
        sourceKind: true,
        sourceTitle: true,
        kbNumber: true,
        revision: true,
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
    db.resolution.findMany({
      where: { kind: { in: [...FIX_KINDS] }, causeId: { not: null } },
      orderBy: [{ article: { position: "asc" } }, { position: "asc" }],
      include: {
        cause: { select: { key: true } },
        article: {
          select: {
            slug: true,
            title: true,
            sourceKind: true,
            sourceTitle: true,
            kbNumber: true,
            revision: true,
            warnings: { where: { resolutionId: null }, orderBy: { position: "asc" } },
          },
        },
        steps: { orderBy: { position: "asc" }, include: { artifacts: { orderBy: { position: "asc" } } } },
        warnings: { orderBy: { position: "asc" } },
      },
    }),
  ]);
  const sources: BasisSources = new Map(articles.map((a) => [a.slug, a]));
  return {
    kbRevision: revision,
    categories: categories.map((c) => ({
      key: c.key,
      label: c.label,
      description: c.description,
      causes: parseWeights(c.causeWeights, sources, `category ${c.key}`),
    })),
    questions: questions.map((q) => ({
      key: q.key,
      prompt: q.prompt,
      help: q.help,
      position: q.position,
      answers: q.answers.map((a) => ({ key: a.key, label: a.label, causes: parseWeights(a.causeWeights, sources, `answer ${a.key}`) })),
    })),
    causes: causes.map((c) => ({
      key: c.key,
      title: c.title,
      description: c.description,
      vantage: c.vantage ? resolveVantage(parseJson(c.vantage, causeVantageJson, `cause ${c.key}`), sources, `cause ${c.key}`) : null,
    })),
    articles: articles.map((a) => ({
      slug: a.slug,
      title: a.title,
      summary: a.summary,
      position: a.position,
      causes: a.causes.map((c) => ({ cause: c.cause.key, explanation: c.explanation })),
    })),
    resolutions: resolutions.flatMap((r) => {
      const fix = toCauseResolution({
        ...r,
        cause: r.cause?.key,
        article: { slug: r.article.slug, title: r.article.title, source: citeSource(r.article), warnings: r.article.warnings },
        steps: r.steps.map((s) => ({
          text: s.text,
          artifacts: s.artifacts.map((a) => ({
            ...a,
            registry: a.registryPath ? { path: a.registryPath, valueName: a.valueName, valueType: a.valueType, value: a.value, defaultValue: a.defaultValue } : null,
          })),
        })),
      });
      return fix ? [fix] : [];
    }),
    checks: checks.map((c) => ({
      cause: c.cause.key,
      findingId: c.findingId,
      probe: c.probe,
      effect: c.effect === "refutes" ? "refutes" : "confirms",
      weight: c.weight,
      verdictStrength: c.verdictStrength === "decisive" ? "decisive" : "supporting",
      basis: resolveBasis(parseJson(c.basis, storedBasis, `check ${c.id}`), sources, `check ${c.id}`),
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
export const getDiagnosisModel = revisionCached("diagnosis-model", loadDiagnosisModel);
