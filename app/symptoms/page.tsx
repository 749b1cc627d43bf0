import type { Metadata } from "next";
import Link from "next/link";
import { listSymptoms } from "@/lib/kb/articles";
import { LOCATION_LABEL } from "@/lib/kb/labels";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Symptoms" };

export default async function SymptomsPage() {
  const groups = await listSymptoms();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Browse by symptom</h1>
      {groups.map((g) => (
        <section key={g.location} id={g.location} aria-labelledby={`h-${g.location}`}>
          <h2 id={`h-${g.location}`} className="text-lg font-semibold">
            {LOCATION_LABEL[g.location] ?? g.location}
          </h2>
          <ul className="mt-2 space-y-2">
            {g.symptoms.map((s) => (
              <li key={s.key} className="rounded-md border border-slate-200 bg-white p-3 text-sm">
                <p className="line-clamp-3 whitespace-pre-line">{s.description}</p>
                <Link href={`/articles/${s.article.slug}#symptom-${s.key}`} className="mt-1 inline-block text-sky-800 hover:underline">
                  {s.article.title}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
