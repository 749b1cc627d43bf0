/**
 * Filtering the symptom listing by where the symptom shows up and by words in its text or its
 * article's title (the /symptoms page's GET form). Pure, client-safe, linear in the listing.
 */
import { z } from "zod";

export const symptomFilterSchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .transform((v) => v.toLowerCase())
    .catch(""),
  where: z
    .string()
    .regex(/^[a-z-]{0,40}$/)
    .catch(""),
});

export type SymptomFilter = z.infer<typeof symptomFilterSchema>;

interface Listed {
  location: string;
  symptoms: Array<{ description: string; article: { title: string } }>;
}

/** Groups narrowed to the filter; a word filter matches every word (any order). */
export function filterSymptomGroups<G extends Listed>(groups: readonly G[], filter: SymptomFilter): G[] {
  const words = filter.q.split(/\s+/).filter(Boolean);
  return groups
    .filter((g) => !filter.where || g.location === filter.where)
    .map((g) => ({
      ...g,
      symptoms: g.symptoms.filter((s) => {
        if (words.length === 0) return true;
        const text = `${s.description} ${s.article.title}`.toLowerCase();
        return words.every((w) => text.includes(w));
      }),
    }))
    .filter((g) => g.symptoms.length > 0);
}
