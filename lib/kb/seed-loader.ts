import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { basisSites } from "./quote-check";
import { kbSeed, type KbSeed } from "./seed-schema";
import { normalizeSignatureValue } from "./signatures";

/**
 * Loads the knowledge-base seed. Idempotent: the content hash of the validated seed is stored
 * with the KB revision, and an unchanged seed writes nothing. A changed seed replaces the
 * knowledge tables in one transaction, with ids derived from the seed's keys so that the same
 * seed always yields the same rows (diagnoses keep their own snapshots, see issue 4).
 */

export interface SeedResult {
  changed: boolean;
  revision: number;
  counts: Record<string, number>;
}

export function parseKbSeed(input: unknown): KbSeed {
  const seed = kbSeed.parse(input);
  assertReferences(seed);
  return seed;
}

/** Every key a record points at must exist; duplicate keys would silently merge records. */
export function assertReferences(seed: KbSeed): void {
  const problems: string[] = [];
  const unique = (label: string, keys: string[]) => {
    const seen = new Set<string>();
    for (const k of keys) {
      if (seen.has(k)) problems.push(`duplicate ${label} "${k}"`);
      seen.add(k);
    }
    return seen;
  };
  const causes = unique("cause key", seed.causes.map((c) => c.key));
  const versions = unique("product version slug", seed.products.flatMap((p) => p.versions.map((v) => v.slug)));
  unique("product slug", seed.products.map((p) => p.slug));
  unique("article slug", seed.articles.map((a) => a.slug));
  const symptoms = unique("symptom key", seed.articles.flatMap((a) => a.symptoms.map((s) => s.key)));
  unique("resolution key", seed.articles.flatMap((a) => a.resolutions.map((r) => r.key)));
  for (const article of seed.articles) {
    for (const v of article.appliesTo) if (!versions.has(v)) problems.push(`${article.slug}: unknown version "${v}"`);
    for (const c of article.causes) if (!causes.has(c.cause)) problems.push(`${article.slug}: unknown cause "${c.cause}"`);
    for (const r of article.resolutions) {
      if (r.cause && !causes.has(r.cause)) problems.push(`${article.slug}/${r.key}: unknown cause "${r.cause}"`);
    }
  }
  unique("wizard answer key", seed.wizard.questions.flatMap((q) => q.answers.map((a) => a.key)));
  unique("wizard question key", seed.wizard.questions.map((q) => q.key));
  unique("wizard category key", seed.wizard.categories.map((c) => c.key));
  const weighted = [
    ...seed.wizard.categories.flatMap((c) => c.causes.map((w) => [`category ${c.key}`, w.cause] as const)),
    ...seed.wizard.questions.flatMap((q) => q.answers.flatMap((a) => a.causes.map((w) => [`answer ${a.key}`, w.cause] as const))),
  ];
  for (const [where, cause] of weighted) if (!causes.has(cause)) problems.push(`wizard ${where}: unknown cause "${cause}"`);
  for (const check of seed.checks) {
    if (!causes.has(check.cause)) problems.push(`check ${check.findingId}: unknown cause "${check.cause}"`);
    if (check.symptom && !symptoms.has(check.symptom)) {
      problems.push(`check ${check.findingId}: unknown symptom "${check.symptom}"`);
    }
  }
  // A documented basis must cite an article of this knowledge base; a decisive check (one
  // observation sets the verdict) must rest on a document, never on an inference.
  const articleSlugs = new Set(seed.articles.map((a) => a.slug));
  for (const site of basisSites(seed)) {
    if (site.basis?.kind === "documented" && !articleSlugs.has(site.basis.article)) {
      problems.push(`${site.where}: basis cites unknown article "${site.basis.article}"`);
    }
  }
  for (const check of seed.checks) {
    if (check.verdictStrength === "decisive" && check.basis.kind !== "documented") {
      problems.push(`check ${check.findingId} → ${check.cause}: a decisive check needs a documented basis`);
    }
  }
  if (problems.length > 0) throw new Error(`Knowledge-base seed is inconsistent:\n- ${problems.join("\n- ")}`);
}

export function seedHash(seed: KbSeed): string {
  return createHash("sha256").update(JSON.stringify(seed)).digest("hex");
}

/** Rows per createMany call; SQLite caps bound parameters per statement. */
const BATCH = 500;

async function createInBatches<T>(rows: T[], create: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await create(rows.slice(i, i + BATCH));
}

export async function loadKbSeed(db: Db, input: unknown, options: { force?: boolean } = {}): Promise<SeedResult> {
  const seed = parseKbSeed(input);
  const hash = seedHash(seed);
  const current = await db.kbRevision.findUnique({ where: { id: 1 } });
  const rows = toRows(seed);
  const counts = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length]));
  if (!options.force && current?.seedHash === hash) {
    return { changed: false, revision: current.revision, counts };
  }

  const revision = await db.$transaction(
    async (tx) => {
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

      const next = (current?.revision ?? 0) + 1;
      await tx.kbRevision.upsert({
        where: { id: 1 },
        create: { id: 1, revision: next, seedHash: hash },
        update: { revision: next, seedHash: hash },
      });
      return next;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return { changed: true, revision, counts };
}

/** Flattens the nested seed into table rows with deterministic ids. */
export function toRows(seed: KbSeed) {
  const products = seed.products.map((p) => ({ id: `prod:${p.slug}`, slug: p.slug, vendor: p.vendor, name: p.name }));
  const versions = seed.products.flatMap((p) =>
    p.versions.map((v, position) => ({
      id: `ver:${v.slug}`,
      slug: v.slug,
      productId: `prod:${p.slug}`,
      name: v.name,
      label: v.label,
      position,
    })),
  );
  const causes = seed.causes.map((c) => ({
    id: `cause:${c.key}`,
    key: c.key,
    title: c.title,
    description: c.description,
    vantage: c.vantage ? JSON.stringify(c.vantage) : null,
  }));
  const articles = seed.articles.map((a, position) => ({
    id: `art:${a.slug}`,
    slug: a.slug,
    title: a.title,
    summary: a.summary,
    sourceKind: a.sourceKind,
    sourceFile: a.sourceFile,
    sourceTitle: a.sourceTitle,
    kbNumber: a.kbNumber ?? null,
    previousId: a.previousId ?? null,
    revision: a.revision ?? null,
    lastReviewed: a.lastReviewed ?? null,
    author: a.author ?? null,
    published: a.published ?? null,
    status: a.status ?? null,
    position,
  }));
  const sections = seed.articles.flatMap((a) =>
    a.sections.map((s, position) => ({ id: `sec:${a.slug}:${position}`, articleId: `art:${a.slug}`, ...s, position })),
  );
  const appliesTo = seed.articles.flatMap((a) =>
    [...new Set(a.appliesTo)].map((v) => ({ articleId: `art:${a.slug}`, versionId: `ver:${v}` })),
  );
  const symptoms = seed.articles.flatMap((a) =>
    a.symptoms.map((s, position) => ({
      id: `sym:${s.key}`,
      key: s.key,
      articleId: `art:${a.slug}`,
      description: s.description,
      location: s.location,
      position,
    })),
  );
  const signatures = seed.articles.flatMap((a) =>
    a.symptoms.flatMap((s) =>
      s.signatures.map((sig, i) => ({
        id: `sig:${s.key}:${i}`,
        symptomId: `sym:${s.key}`,
        kind: sig.kind,
        value: sig.value ?? normalizeSignatureValue(sig.kind, sig.display),
        display: sig.display,
        qualifier: sig.qualifier ?? null,
        weight: sig.weight ?? 1,
      })),
    ),
  );
  const articleCauses = seed.articles.flatMap((a) =>
    a.causes.map((c, position) => ({
      articleId: `art:${a.slug}`,
      causeId: `cause:${c.cause}`,
      explanation: c.explanation,
      position,
    })),
  );
  const resolutions = seed.articles.flatMap((a) =>
    a.resolutions.map((r, position) => ({
      id: `res:${r.key}`,
      key: r.key,
      articleId: `art:${a.slug}`,
      causeId: r.cause ? `cause:${r.cause}` : null,
      kind: r.kind,
      title: r.title,
      summary: r.summary,
      outcome: r.outcome ?? null,
      position,
    })),
  );
  const steps = seed.articles.flatMap((a) =>
    a.resolutions.flatMap((r) =>
      r.steps.map((s, position) => ({ id: `step:${r.key}:${position}`, resolutionId: `res:${r.key}`, position, text: s.text })),
    ),
  );
  const artifacts = seed.articles.flatMap((a) =>
    a.resolutions.flatMap((r) =>
      r.steps.flatMap((s, stepPosition) =>
        s.artifacts.map((art, position) => ({
          id: `step:${r.key}:${stepPosition}:a${position}`,
          stepId: `step:${r.key}:${stepPosition}`,
          position,
          language: art.language,
          title: art.title,
          content: art.content,
          note: art.note ?? null,
          registryPath: art.registry?.path ?? null,
          valueName: art.registry?.valueName ?? null,
          valueType: art.registry?.valueType ?? null,
          value: art.registry?.value ?? null,
          defaultValue: art.registry?.defaultValue ?? null,
        })),
      ),
    ),
  );
  const warnings = seed.articles.flatMap((a) => [
    ...a.warnings.map((w, position) => ({
      id: `warn:${a.slug}:${position}`,
      articleId: `art:${a.slug}`,
      resolutionId: null as string | null,
      ...w,
      position,
    })),
    ...a.resolutions.flatMap((r) =>
      r.warnings.map((w, position) => ({
        id: `warn:${r.key}:${position}`,
        articleId: `art:${a.slug}`,
        resolutionId: `res:${r.key}` as string | null,
        ...w,
        position,
      })),
    ),
  ]);
  const references = seed.articles.flatMap((a) =>
    a.references.map((ref, position) => ({
      id: `ref:${a.slug}:${position}`,
      articleId: `art:${a.slug}`,
      kind: ref.kind,
      identifier: ref.identifier,
      title: ref.title,
      url: ref.url ?? null,
      position,
    })),
  );
  const checks = seed.checks.map((c, i) => ({
    id: `check:${c.cause}:${c.findingId}:${i}`,
    causeId: `cause:${c.cause}`,
    symptomId: c.symptom ? `sym:${c.symptom}` : null,
    probe: c.probe,
    findingId: c.findingId,
    effect: c.effect,
    weight: c.weight,
    verdictStrength: c.verdictStrength,
    basis: JSON.stringify(c.basis),
    explanation: c.explanation,
  }));
  const wizardCategories = seed.wizard.categories.map((c, position) => ({
    id: `wcat:${c.key}`,
    key: c.key,
    label: c.label,
    description: c.description,
    position,
    causeWeights: JSON.stringify(c.causes),
  }));
  const wizardQuestions = seed.wizard.questions.map((q, position) => ({
    id: `wq:${q.key}`,
    key: q.key,
    prompt: q.prompt,
    help: q.help,
    position,
  }));
  const wizardAnswers = seed.wizard.questions.flatMap((q) =>
    q.answers.map((a, position) => ({
      id: `wa:${a.key}`,
      key: a.key,
      questionId: `wq:${q.key}`,
      label: a.label,
      position,
      causeWeights: JSON.stringify(a.causes),
    })),
  );
  return {
    wizardCategories,
    wizardQuestions,
    wizardAnswers,
    products,
    versions,
    causes,
    articles,
    sections,
    appliesTo,
    symptoms,
    signatures,
    articleCauses,
    resolutions,
    steps,
    artifacts,
    warnings,
    references,
    checks,
  };
}
