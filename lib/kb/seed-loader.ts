import { createHash } from "node:crypto";
import { kbSeed, type KbSeed } from "./seed-schema";
import { normalizeSignatureValue } from "./signatures";

/**
 * Validation of the whole knowledge base (shape and cross-references) and its flattening into
 * table rows, with ids derived from the keys so that the same knowledge always yields the same
 * rows (diagnoses keep their own snapshots, see issue 4). Writing goes through lib/kb/write.ts.
 */

export function parseKbSeed(input: unknown): KbSeed {
  const seed = kbSeed.parse(input);
  assertReferences(seed);
  return seed;
}

/**
 * A cross-record problem: which document it is in (`article:<slug>`, `products`, `causes`,
 * `checks`, `wizard`), the field path inside that document, and what is wrong.
 */
export interface ReferenceProblem {
  doc: string;
  path: (string | number)[];
  message: string;
}

/** Every key a record points at must exist; duplicate keys would silently merge records. */
export function assertReferences(seed: KbSeed): void {
  const problems = referenceProblems(seed);
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.doc} ${p.path.join(".")}: ${p.message}`);
    throw new Error(`Knowledge-base seed is inconsistent:\n- ${lines.join("\n- ")}`);
  }
}

export function referenceProblems(seed: KbSeed): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const add = (doc: string, path: (string | number)[], message: string) => problems.push({ doc, path, message });
  const unique = (label: string, keys: Array<[string, string, (string | number)[]]>) => {
    const seen = new Set<string>();
    for (const [k, doc, path] of keys) {
      if (seen.has(k)) add(doc, path, `duplicate ${label} "${k}"`);
      seen.add(k);
    }
    return seen;
  };
  const art = (slug: string) => `article:${slug}`;
  const causes = unique("cause key", seed.causes.map((c, i) => [c.key, "causes", ["causes", i, "key"]]));
  const versions = unique(
    "product version slug",
    seed.products.flatMap((p, i) => p.versions.map((v, j): [string, string, (string | number)[]] => [v.slug, "products", ["products", i, "versions", j, "slug"]])),
  );
  unique("product slug", seed.products.map((p, i) => [p.slug, "products", ["products", i, "slug"]]));
  unique("article slug", seed.articles.map((a) => [a.slug, art(a.slug), ["slug"]]));
  const symptoms = unique(
    "symptom key",
    seed.articles.flatMap((a) => a.symptoms.map((s, i): [string, string, (string | number)[]] => [s.key, art(a.slug), ["symptoms", i, "key"]])),
  );
  unique(
    "resolution key",
    seed.articles.flatMap((a) => a.resolutions.map((r, i): [string, string, (string | number)[]] => [r.key, art(a.slug), ["resolutions", i, "key"]])),
  );
  for (const article of seed.articles) {
    const doc = art(article.slug);
    article.appliesTo.forEach((v, i) => {
      if (!versions.has(v)) add(doc, ["appliesTo", i], `unknown product version "${v}"`);
    });
    article.causes.forEach((c, i) => {
      if (!causes.has(c.cause)) add(doc, ["causes", i, "cause"], `unknown cause "${c.cause}"`);
    });
    article.resolutions.forEach((r, i) => {
      if (r.cause && !causes.has(r.cause)) add(doc, ["resolutions", i, "cause"], `unknown cause "${r.cause}"`);
    });
  }
  unique(
    "wizard answer key",
    seed.wizard.questions.flatMap((q, i) => q.answers.map((a, j): [string, string, (string | number)[]] => [a.key, "wizard", ["questions", i, "answers", j, "key"]])),
  );
  unique("wizard question key", seed.wizard.questions.map((q, i) => [q.key, "wizard", ["questions", i, "key"]]));
  unique("wizard category key", seed.wizard.categories.map((c, i) => [c.key, "wizard", ["categories", i, "key"]]));

  // A documented basis must cite an article of this knowledge base; a decisive check (one
  // observation sets the verdict) must rest on a document, never on an inference.
  const articleSlugs = new Set(seed.articles.map((a) => a.slug));
  const checkBasis = (doc: string, path: (string | number)[], basis: KbSeed["checks"][number]["basis"] | undefined) => {
    if (basis?.kind === "documented" && !articleSlugs.has(basis.article)) {
      add(doc, [...path, "article"], `basis cites unknown article "${basis.article}"`);
    }
  };
  const checkWeights = (path: (string | number)[], weights: KbSeed["wizard"]["categories"][number]["causes"]) =>
    weights.forEach((w, k) => {
      if (!causes.has(w.cause)) add("wizard", [...path, k, "cause"], `unknown cause "${w.cause}"`);
      checkBasis("wizard", [...path, k, "basis"], w.basis);
    });
  seed.wizard.categories.forEach((c, i) => checkWeights(["categories", i, "causes"], c.causes));
  seed.wizard.questions.forEach((q, i) => q.answers.forEach((a, j) => checkWeights(["questions", i, "answers", j, "causes"], a.causes)));
  seed.checks.forEach((check, i) => {
    if (!causes.has(check.cause)) add("checks", ["checks", i, "cause"], `unknown cause "${check.cause}"`);
    if (check.symptom && !symptoms.has(check.symptom)) add("checks", ["checks", i, "symptom"], `unknown symptom "${check.symptom}"`);
    checkBasis("checks", ["checks", i, "basis"], check.basis);
    if (check.verdictStrength === "decisive" && check.basis.kind !== "documented") {
      add("checks", ["checks", i, "verdictStrength"], `check ${check.findingId} → ${check.cause}: a decisive check needs a documented basis`);
    }
  });
  seed.causes.forEach((c, i) => {
    if (c.vantage) checkBasis("causes", ["causes", i, "vantage", "basis"], c.vantage.basis);
  });
  return problems;
}

export function seedHash(seed: KbSeed): string {
  return createHash("sha256").update(JSON.stringify(seed)).digest("hex");
}

/** Flattens the nested seed into table rows with deterministic ids. */
export function toRows(seed: KbSeed) {
  const products = seed.products.map((p, position) => ({ id: `prod:${p.slug}`, slug: p.slug, vendor: p.vendor, name: p.name, position }));
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
  const causes = seed.causes.map((c, position) => ({
    id: `cause:${c.key}`,
    key: c.key,
    title: c.title,
    description: c.description,
    vantage: c.vantage ? JSON.stringify(c.vantage) : null,
    position,
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
          registryAction: art.registry?.action ?? null,
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
    position: i,
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
