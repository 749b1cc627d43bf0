/**
 * The basis of a check or wizard weight as stored (seed and database: an article slug and a
 * quote, or a reason) resolved to what a reader sees: the quote with how its source is cited.
 * Pure: the database model and the seed-built test model share it.
 */
import { z } from "zod";
import type { Basis } from "@/lib/diagnosis/types";
import { citeSource, type CitableSource } from "./citation";

export const storedBasis = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("documented"), article: z.string(), quote: z.string() }),
  z.object({ kind: z.literal("inferred"), reason: z.string() }),
]);
export type StoredBasis = z.infer<typeof storedBasis>;

/** Articles by slug, with what a citation needs. */
export type BasisSources = ReadonlyMap<string, CitableSource & { title: string }>;

export function resolveBasis(stored: StoredBasis, sources: BasisSources, where: string): Basis {
  if (stored.kind === "inferred") return { kind: "inferred", reason: stored.reason };
  const source = sources.get(stored.article);
  if (!source) throw new Error(`knowledge model: ${where} cites unknown article "${stored.article}"`);
  return { kind: "documented", articleSlug: stored.article, articleTitle: source.title, source: citeSource(source), quote: stored.quote };
}
