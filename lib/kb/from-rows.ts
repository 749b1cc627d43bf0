/**
 * The inverse of toRows (lib/kb/seed-loader.ts): table rows back to the nested knowledge base.
 * Export reads the published tables through this, so `toRows(fromRows(rows))` must equal `rows`
 * (tests/kb/kb-files.test.ts holds it to that on the shipped knowledge base). Optional fields the
 * loader fills with a default (signature value and weight) are left out when they equal it, so a
 * file says only what an editor wrote.
 */
import type { z } from "zod";
import type { KbSeed, articleSeed, basisSeed, causeWeightSeed } from "./seed-schema";
import type { toRows } from "./seed-loader";
import { normalizeSignatureValue } from "./signatures";

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends string | null ? string | null : T[K] };
type SeedRows = ReturnType<typeof toRows>;
/** The knowledge tables' rows (as toRows makes them and the database returns them). */
export type KbRows = { [K in keyof SeedRows]: Array<Widen<SeedRows[K][number]>> };
type ArticleOut = z.output<typeof articleSeed>;
type Basis = z.output<typeof basisSeed>;
type CauseWeight = z.output<typeof causeWeightSeed>;

const byPosition = <T extends { position: number }>(rows: T[]): T[] => [...rows].sort((a, b) => a.position - b.position);

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Copies only the keys whose value is not null/undefined (optional fields stay absent). */
function defined<T extends Record<string, unknown>>(obj: T): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== null && v !== undefined) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}

export function fromRows(rows: KbRows): KbSeed {
  const versionsByProduct = groupBy(byPosition(rows.versions), (v) => v.productId);
  const versionOrder = new Map<string, number>();
  const products = byPosition(rows.products).map((p) => {
    const versions = (versionsByProduct.get(p.id) ?? []).map((v) => {
      versionOrder.set(v.id, versionOrder.size);
      return { slug: v.slug, name: v.name, label: v.label };
    });
    return { slug: p.slug, vendor: p.vendor, name: p.name, versions };
  });
  const causeKey = new Map(rows.causes.map((c) => [c.id, c.key]));
  const symptomKey = new Map(rows.symptoms.map((s) => [s.id, s.key]));
  const causes = byPosition(rows.causes).map((c) =>
    defined({
      key: c.key,
      title: c.title,
      description: c.description,
      vantage: c.vantage ? (JSON.parse(c.vantage) as { note: string; basis: Basis }) : null,
    }),
  );

  const sections = groupBy(byPosition(rows.sections), (r) => r.articleId);
  const appliesTo = groupBy(rows.appliesTo, (r) => r.articleId);
  const symptoms = groupBy(byPosition(rows.symptoms), (r) => r.articleId);
  const signatures = groupBy(rows.signatures, (r) => r.symptomId);
  const articleCauses = groupBy(byPosition(rows.articleCauses), (r) => r.articleId);
  const resolutions = groupBy(byPosition(rows.resolutions), (r) => r.articleId);
  const steps = groupBy(byPosition(rows.steps), (r) => r.resolutionId);
  const artifacts = groupBy(byPosition(rows.artifacts), (r) => r.stepId);
  const articleWarnings = groupBy(byPosition(rows.warnings.filter((w) => w.resolutionId === null)), (r) => r.articleId);
  const resolutionWarnings = groupBy(byPosition(rows.warnings.filter((w) => w.resolutionId !== null)), (r) => r.resolutionId!);
  const references = groupBy(byPosition(rows.references), (r) => r.articleId);
  const warning = (w: KbRows["warnings"][number]) => ({ level: w.level, risk: w.risk, text: w.text }) as ArticleOut["warnings"][number];
  // Signature ids end in their index within the symptom (sig:<symptom>:<i>).
  const signatureIndex = (id: string) => Number(id.slice(id.lastIndexOf(":") + 1));

  const articles = byPosition(rows.articles).map((a): ArticleOut => {
    const article = defined({
      slug: a.slug,
      title: a.title,
      summary: a.summary,
      sourceKind: a.sourceKind as ArticleOut["sourceKind"],
      sourceFile: a.sourceFile,
      sourceTitle: a.sourceTitle,
      kbNumber: a.kbNumber,
      previousId: a.previousId,
      revision: a.revision,
      lastReviewed: a.lastReviewed,
      author: a.author,
      published: a.published,
      status: a.status,
    });
    return {
      ...article,
      appliesTo: (appliesTo.get(a.id) ?? [])
        .map((r) => r.versionId)
        .sort((x, y) => (versionOrder.get(x) ?? 0) - (versionOrder.get(y) ?? 0))
        .map((id) => id.slice("ver:".length)),
      sections: (sections.get(a.id) ?? []).map((s) => ({ kind: s.kind as ArticleOut["sections"][number]["kind"], heading: s.heading, body: s.body })),
      symptoms: (symptoms.get(a.id) ?? []).map((s) => ({
        key: s.key,
        description: s.description,
        location: s.location as ArticleOut["symptoms"][number]["location"],
        signatures: [...(signatures.get(s.id) ?? [])]
          .sort((x, y) => signatureIndex(x.id) - signatureIndex(y.id))
          .map((sig) => {
            const kind = sig.kind as ArticleOut["symptoms"][number]["signatures"][number]["kind"];
            return defined({
              kind,
              display: sig.display,
              value: sig.value === normalizeSignatureValue(kind, sig.display) ? null : sig.value,
              qualifier: sig.qualifier,
              weight: sig.weight === 1 ? null : sig.weight,
            });
          }),
      })),
      causes: (articleCauses.get(a.id) ?? []).map((c) => ({ cause: causeKey.get(c.causeId)!, explanation: c.explanation })),
      resolutions: (resolutions.get(a.id) ?? []).map((r) => ({
        ...defined({
          key: r.key,
          kind: r.kind as ArticleOut["resolutions"][number]["kind"],
          title: r.title,
          summary: r.summary,
          cause: r.causeId ? causeKey.get(r.causeId) : null,
          outcome: r.outcome,
        }),
        steps: (steps.get(r.id) ?? []).map((s) => ({
          text: s.text,
          artifacts: (artifacts.get(s.id) ?? []).map((art) =>
            defined({
              language: art.language as ArticleOut["resolutions"][number]["steps"][number]["artifacts"][number]["language"],
              title: art.title,
              content: art.content,
              note: art.note,
              registry:
                art.registryPath === null
                  ? null
                  : defined({
                      path: art.registryPath,
                      valueName: art.valueName!,
                      valueType: art.valueType!,
                      value: art.value,
                      defaultValue: art.defaultValue,
                      action: art.registryAction as "set" | "delete" | null,
                    }),
            }),
          ),
        })),
        warnings: (resolutionWarnings.get(r.id) ?? []).map(warning),
      })),
      warnings: (articleWarnings.get(a.id) ?? []).map(warning),
      references: (references.get(a.id) ?? []).map((ref) =>
        defined({ kind: ref.kind as ArticleOut["references"][number]["kind"], identifier: ref.identifier, title: ref.title, url: ref.url }),
      ),
    };
  });

  const checks = byPosition(rows.checks).map((c) =>
    defined({
      cause: causeKey.get(c.causeId)!,
      symptom: c.symptomId ? symptomKey.get(c.symptomId) : null,
      probe: c.probe,
      findingId: c.findingId,
      effect: c.effect as "confirms" | "refutes",
      weight: c.weight,
      verdictStrength: c.verdictStrength as "decisive" | "supporting",
      basis: JSON.parse(c.basis) as Basis,
      explanation: c.explanation,
    }),
  );
  const answers = groupBy(byPosition(rows.wizardAnswers), (a) => a.questionId);
  const wizard = {
    categories: byPosition(rows.wizardCategories).map((c) => ({
      key: c.key,
      label: c.label,
      description: c.description,
      causes: JSON.parse(c.causeWeights) as CauseWeight[],
    })),
    questions: byPosition(rows.wizardQuestions).map((q) => ({
      key: q.key,
      prompt: q.prompt,
      help: q.help,
      answers: (answers.get(q.id) ?? []).map((a) => ({ key: a.key, label: a.label, causes: JSON.parse(a.causeWeights) as CauseWeight[] })),
    })),
  };
  return { products, causes, articles, checks, wizard };
}
