import type { Metadata } from "next";
import Link from "next/link";
import { listSymptoms } from "@/lib/kb/articles";
import { LOCATION_LABEL } from "@/lib/kb/labels";
import { filterSymptomGroups, symptomFilterSchema } from "@/lib/kb/symptom-filter";
import { requireRole } from "@/lib/auth/require";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Symptoms" };

function first(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

const INPUT = "mt-1 rounded border border-slate-400 px-2 py-2 text-sm focus:outline-none focus:ring-2 focus:ring-sky-600";

/** Symptoms grouped by where they show up, with a filter (a GET form: works without JavaScript). */
export default async function SymptomsPage({ searchParams }: PageProps<"/symptoms">) {
  await requireRole("viewer");
  const params = await searchParams;
  const filter = symptomFilterSchema.parse({ q: first(params.q), where: first(params.where) });
  const all = await listSymptoms();
  const groups = filterSymptomGroups(all, filter);
  const total = groups.reduce((n, g) => n + g.symptoms.length, 0);
  const filtered = Boolean(filter.q || filter.where);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Browse by symptom</h1>
      <form method="get" action="/symptoms" role="search" aria-label="Filter symptoms" className="flex flex-wrap items-end gap-3">
        <div className="w-full sm:w-auto">
          <label htmlFor="symptom-q" className="block text-sm font-medium">
            Words in the symptom or article
          </label>
          <input id="symptom-q" name="q" defaultValue={first(params.q)} className={`${INPUT} w-full sm:w-72`} />
        </div>
        <div className="w-full sm:w-auto">
          <label htmlFor="symptom-where" className="block text-sm font-medium">
            Where it shows up
          </label>
          <select id="symptom-where" name="where" defaultValue={filter.where} className={`${INPUT} w-full bg-white sm:w-auto`}>
            <option value="">Anywhere</option>
            {all.map((g) => (
              <option key={g.location} value={g.location}>
                {LOCATION_LABEL[g.location] ?? g.location}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="min-h-11 rounded bg-sky-800 px-4 text-sm font-medium text-white hover:bg-sky-900 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2"
        >
          Filter
        </button>
        {filtered ? (
          <Link href="/symptoms" className="flex min-h-11 items-center text-sm text-sky-800">
            Show all
          </Link>
        ) : null}
      </form>
      <p role="status" className="text-sm text-slate-700">
        {total === 1 ? "1 symptom" : `${total} symptoms`}
        {filtered ? " match" : ""}
        {groups.length > 1 ? ` in ${groups.length} groups` : ""}.
      </p>
      {groups.length > 1 ? (
        <nav aria-label="Symptom groups">
          <ul className="flex flex-wrap gap-2 text-sm">
            {groups.map((g) => (
              <li key={g.location}>
                <a href={`#${g.location}`} className="inline-flex min-h-11 items-center rounded border border-slate-300 bg-white px-3 text-sky-800 no-underline hover:bg-sky-50">
                  {LOCATION_LABEL[g.location] ?? g.location} ({g.symptoms.length})
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {groups.map((g) => (
        <section key={g.location} id={g.location} aria-labelledby={`h-${g.location}`} className="scroll-mt-4">
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
