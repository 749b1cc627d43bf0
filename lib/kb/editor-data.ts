/**
 * What the editor's pages need besides the document: its JSON Schema, suggestions for key
 * fields (product versions, causes, articles, symptoms, finding ids, probe steps) and the
 * template of a new article.
 */
import type { Db } from "@/lib/db/client";
import { COMPARE_FINDING_IDS } from "@/lib/diagnosis/vantage-compare";
import { findingCatalogue } from "@/lib/probes/findings";
import { jsonSchemas, type DocKind } from "./file-format";
import { fromRows } from "./from-rows";
import { readKbRows } from "./tables";

export async function editorContext(db: Db, kind: DocKind): Promise<{ schema: unknown; hints: Record<string, string[]> }> {
  const kb = fromRows(await readKbRows(db));
  const hints: Record<string, string[]> = {
    appliesTo: kb.products.flatMap((p) => p.versions.map((v) => v.slug)),
    cause: kb.causes.map((c) => c.key),
    article: kb.articles.map((a) => a.slug),
    symptom: kb.articles.flatMap((a) => a.symptoms.map((s) => s.key)),
    findingId: [...findingCatalogue().map((f) => f.id), ...COMPARE_FINDING_IDS],
    probe: [...new Set(kb.checks.map((c) => c.probe))],
  };
  return { schema: jsonSchemas()[kind], hints };
}

/** A new article with every required field present (empty), placed after the existing ones. */
export async function newArticleTemplate(db: Db): Promise<Record<string, unknown>> {
  const position = await db.article.count();
  return {
    slug: "",
    title: "",
    summary: "",
    sourceKind: "practitioner",
    sourceFile: "",
    sourceTitle: "",
    appliesTo: [""],
    sections: [],
    symptoms: [{ key: "", description: "", location: "client", signatures: [] }],
    causes: [{ cause: "", explanation: "" }],
    resolutions: [],
    warnings: [],
    references: [],
    position,
  };
}
