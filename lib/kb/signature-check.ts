/**
 * The check before publishing an article: every signature it gives, pasted into the lookup of
 * the knowledge base as it would be once published, brings this article back first.
 */
import type { Db } from "@/lib/db/client";
import { KbIndex } from "@/lib/search/kb-index";
import { indexDocumentsFromRows } from "@/lib/search/index-source";
import { draftKnowledgeBase } from "./draft-kb";
import { articleDocKey } from "./file-format";
import type { KbProblem } from "./problems";
import { toRows } from "./seed-loader";

export interface SignatureCheck {
  symptomKey: string;
  display: string;
  /** Where the signature is in the article document (for the error beside the field). */
  field: string;
  ok: boolean;
  /** What the lookup brought back first (null: nothing). */
  first: { slug: string; title: string } | null;
}

export async function checkArticleSignatures(
  db: Db,
  article: unknown,
): Promise<{ ok: true; checks: SignatureCheck[] } | { ok: false; problems: KbProblem[] }> {
  const slug = (article as { slug?: unknown })?.slug;
  if (typeof slug !== "string") return { ok: false, problems: [{ file: "article", field: "slug", message: "the article needs a slug" }] };
  const kb = await draftKnowledgeBase(db, new Map([[articleDocKey(slug), article]]));
  if (!kb.ok) return kb;
  const index = new KbIndex(indexDocumentsFromRows(toRows(kb.draft)));
  const draft = kb.draft.articles.find((a) => a.slug === slug)!;
  const checks: SignatureCheck[] = draft.symptoms.flatMap((symptom, i) =>
    symptom.signatures.map((sig, j) => {
      const first = index.lookup(sig.display).articles[0];
      return {
        symptomKey: symptom.key,
        display: sig.display,
        field: `symptoms.${i}.signatures.${j}.display`,
        ok: first?.slug === slug,
        first: first ? { slug: first.slug, title: first.title } : null,
      };
    }),
  );
  return { ok: true, checks };
}
