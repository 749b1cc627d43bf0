/**
 * The published knowledge-base tables as a whole: read them all (export, the base of every
 * publish) and replace them all with new rows inside a transaction (every publish, import and
 * seed goes through lib/kb/write.ts, which calls this).
 */
import type { Db } from "@/lib/db/client";
import type { KbRows } from "./from-rows";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export async function readKbRows(db: DbOrTx): Promise<KbRows> {
  const [
    products, versions, causes, articles, sections, appliesTo, symptoms, signatures, articleCauses,
    resolutions, steps, artifacts, warnings, references, checks, wizardCategories, wizardQuestions, wizardAnswers,
  ] = await Promise.all([
    db.product.findMany({ orderBy: { id: "asc" } }),
    db.productVersion.findMany({ orderBy: { id: "asc" } }),
    db.cause.findMany({ orderBy: { id: "asc" } }),
    db.article.findMany({ orderBy: { id: "asc" } }),
    db.articleSection.findMany({ orderBy: { id: "asc" } }),
    db.articleAppliesTo.findMany({ orderBy: [{ articleId: "asc" }, { versionId: "asc" }] }),
    db.symptom.findMany({ orderBy: { id: "asc" } }),
    db.signature.findMany({ orderBy: { id: "asc" } }),
    db.articleCause.findMany({ orderBy: [{ articleId: "asc" }, { causeId: "asc" }] }),
    db.resolution.findMany({ orderBy: { id: "asc" } }),
    db.resolutionStep.findMany({ orderBy: { id: "asc" } }),
    db.artifact.findMany({ orderBy: { id: "asc" } }),
    db.warning.findMany({ orderBy: { id: "asc" } }),
    db.reference.findMany({ orderBy: { id: "asc" } }),
    db.check.findMany({ orderBy: { id: "asc" } }),
    db.wizardCategory.findMany({ orderBy: { id: "asc" } }),
    db.wizardQuestion.findMany({ orderBy: { id: "asc" } }),
    db.wizardAnswer.findMany({ orderBy: { id: "asc" } }),
  ]);
  return {
    products, versions, causes, articles, sections, appliesTo, symptoms, signatures, articleCauses,
    resolutions, steps, artifacts, warnings, references, checks, wizardCategories, wizardQuestions, wizardAnswers,
  };
}

/** Rows per createMany call; SQLite caps bound parameters per statement. */
const BATCH = 500;

async function createInBatches<T>(rows: T[], create: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await create(rows.slice(i, i + BATCH));
}

/** Replaces every knowledge table with `rows`. Call inside a transaction. */
export async function replaceKbTables(tx: Tx, rows: KbRows): Promise<void> {
  // Children first; cascades would do it too, but explicit deletes keep the intent visible.
  await tx.wizardAnswer.deleteMany();
  await tx.wizardQuestion.deleteMany();
  await tx.wizardCategory.deleteMany();
  await tx.check.deleteMany();
  await tx.reference.deleteMany();
  await tx.warning.deleteMany();
  await tx.artifact.deleteMany();
  await tx.resolutionStep.deleteMany();
  await tx.resolution.deleteMany();
  await tx.articleCause.deleteMany();
  await tx.signature.deleteMany();
  await tx.symptom.deleteMany();
  await tx.articleAppliesTo.deleteMany();
  await tx.articleSection.deleteMany();
  await tx.article.deleteMany();
  await tx.cause.deleteMany();
  await tx.productVersion.deleteMany();
  await tx.product.deleteMany();

  await createInBatches(rows.products, (data) => tx.product.createMany({ data }));
  await createInBatches(rows.versions, (data) => tx.productVersion.createMany({ data }));
  await createInBatches(rows.causes, (data) => tx.cause.createMany({ data }));
  await createInBatches(rows.articles, (data) => tx.article.createMany({ data }));
  await createInBatches(rows.sections, (data) => tx.articleSection.createMany({ data }));
  await createInBatches(rows.appliesTo, (data) => tx.articleAppliesTo.createMany({ data }));
  await createInBatches(rows.symptoms, (data) => tx.symptom.createMany({ data }));
  await createInBatches(rows.signatures, (data) => tx.signature.createMany({ data }));
  await createInBatches(rows.articleCauses, (data) => tx.articleCause.createMany({ data }));
  await createInBatches(rows.resolutions, (data) => tx.resolution.createMany({ data }));
  await createInBatches(rows.steps, (data) => tx.resolutionStep.createMany({ data }));
  await createInBatches(rows.artifacts, (data) => tx.artifact.createMany({ data }));
  await createInBatches(rows.warnings, (data) => tx.warning.createMany({ data }));
  await createInBatches(rows.references, (data) => tx.reference.createMany({ data }));
  await createInBatches(rows.checks, (data) => tx.check.createMany({ data }));
  await createInBatches(rows.wizardCategories, (data) => tx.wizardCategory.createMany({ data }));
  await createInBatches(rows.wizardQuestions, (data) => tx.wizardQuestion.createMany({ data }));
  await createInBatches(rows.wizardAnswers, (data) => tx.wizardAnswer.createMany({ data }));
}
