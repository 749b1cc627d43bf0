/**
 * The diagnosis model built straight from a knowledge base (no database): the same model
 * lib/diagnosis/model.ts reads from the published tables (tests/kb/kb-revisions.test.ts holds the
 * two equal on the shipped knowledge base). The impact view ranks saved diagnoses with the model of
 * a draft through this; pure tests use it on the shipped weights.
 */
import { resolveBasis, type BasisSources } from "@/lib/kb/basis";
import { citeSource } from "@/lib/kb/citation";
import type { KbSeed } from "@/lib/kb/seed-schema";
import { toCauseResolution } from "./fix";
import type { CauseWeight, DiagnosisModel } from "./types";

export function modelFromSeed(seed: KbSeed, kbRevision = 1): DiagnosisModel {
  const symptoms = new Map(
    seed.articles.flatMap((a) => a.symptoms.map((s) => [s.key, { key: s.key, description: s.description, articleSlug: a.slug, articleTitle: a.title }] as const)),
  );
  const sources: BasisSources = new Map(
    seed.articles.map((a) => [a.slug, { title: a.title, sourceKind: a.sourceKind, sourceTitle: a.sourceTitle, kbNumber: a.kbNumber ?? null, revision: a.revision ?? null }]),
  );
  const weights = (list: ReadonlyArray<{ cause: string; weight: number; basis?: Parameters<typeof resolveBasis>[0] }>, where: string): CauseWeight[] =>
    list.map((w) => ({ cause: w.cause, weight: w.weight, ...(w.basis ? { basis: resolveBasis(w.basis, sources, where) } : {}) }));
  return {
    kbRevision,
    categories: seed.wizard.categories.map((c) => ({ key: c.key, label: c.label, description: c.description, causes: weights(c.causes, c.key) })),
    questions: seed.wizard.questions.map((q, position) => ({
      key: q.key,
      prompt: q.prompt,
      help: q.help,
      position,
      answers: q.answers.map((a) => ({ key: a.key, label: a.label, causes: weights(a.causes, a.key) })),
    })),
    causes: [...seed.causes]
      .sort((a, b) => `cause:${a.key}`.localeCompare(`cause:${b.key}`))
      .map((c) => ({
        key: c.key,
        title: c.title,
        description: c.description,
        vantage: c.vantage ? { note: c.vantage.note, basis: resolveBasis(c.vantage.basis, sources, c.key) } : null,
      })),
    articles: seed.articles.map((a, position) => ({
      slug: a.slug,
      title: a.title,
      summary: a.summary,
      position,
      causes: a.causes.map((c) => ({ cause: c.cause, explanation: c.explanation })),
    })),
    resolutions: seed.articles.flatMap((a) =>
      a.resolutions.flatMap((r) => {
        const fix = toCauseResolution({
          ...r,
          article: { slug: a.slug, title: a.title, source: citeSource(sources.get(a.slug)!), warnings: a.warnings },
        });
        return fix ? [fix] : [];
      }),
    ),
    checks: seed.checks
      .map((c, i) => ({
        id: `check:${c.cause}:${c.findingId}:${i}`,
        cause: c.cause,
        findingId: c.findingId,
        probe: c.probe,
        effect: c.effect,
        weight: c.weight,
        verdictStrength: c.verdictStrength,
        basis: resolveBasis(c.basis, sources, `check ${c.findingId}`),
        explanation: c.explanation,
        symptom: c.symptom ? (symptoms.get(c.symptom) ?? null) : null,
      }))
      // the database model's order: weight, then row id
      .sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((check) => {
        const model: Partial<typeof check> = { ...check };
        delete model.id;
        return model as Omit<typeof check, "id">;
      }),
  };
}
