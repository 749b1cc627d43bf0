import { getDb } from "@/lib/db/client";

/**
 * Maps probe finding ids to knowledge-base causes through the seeded checks (data, not code),
 * with the articles that describe each cause. A finding no check mentions maps to nothing.
 */
export async function causesForFindings(findingIds: string[]): Promise<
  Array<{
    findingId: string;
    effect: "confirms" | "refutes";
    weight: number;
    explanation: string;
    symptom: { key: string; description: string } | null;
    cause: { key: string; title: string };
    articles: { slug: string; title: string }[];
  }>
> {
  const ids = [...new Set(findingIds)].slice(0, 200);
  if (ids.length === 0) return [];
  const checks = await getDb().check.findMany({
    where: { findingId: { in: ids } },
    orderBy: [{ weight: "desc" }, { id: "asc" }],
    include: {
      symptom: { select: { key: true, description: true } },
      cause: {
        select: {
          key: true,
          title: true,
          articles: { select: { article: { select: { slug: true, title: true, position: true } } } },
        },
      },
    },
  });
  return checks.map((c) => ({
    findingId: c.findingId,
    effect: c.effect === "refutes" ? "refutes" : "confirms",
    weight: c.weight,
    explanation: c.explanation,
    symptom: c.symptom,
    cause: { key: c.cause.key, title: c.cause.title },
    articles: c.cause.articles
      .map((a) => a.article)
      .sort((a, b) => a.position - b.position)
      .map(({ slug, title }) => ({ slug, title })),
  }));
}
