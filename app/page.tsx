import Link from "next/link";
import { SearchBox } from "@/components/search-box";
import { listProducts, listSymptoms } from "@/lib/kb/articles";
import { LOCATION_LABEL } from "@/lib/kb/labels";
import { requireRole } from "@/lib/auth/require";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  await requireRole("viewer");
  const [products, symptomGroups] = await Promise.all([listProducts(), listSymptoms()]);
  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <h1 className="text-2xl font-semibold tracking-tight">What is the mail doing?</h1>
        <p className="max-w-3xl text-slate-700">
          Search the knowledge base with words or an error code, or paste a whole non-delivery report, SMTP log excerpt
          or event text: RelayDesk recognises reply codes, enhanced status codes, HRESULTs, Winsock errors, event IDs and
          firewall banners, and ranks the articles that explain them.
        </p>
        <SearchBox />
      </section>

      <div className="grid gap-8 md:grid-cols-2">
        <section aria-labelledby="browse-products">
          <h2 id="browse-products" className="text-lg font-semibold">
            Browse by product
          </h2>
          <ul className="mt-3 space-y-2">
            {products.map((p) => {
              const count = new Set(p.versions.flatMap((v) => v.articles.map((a) => a.slug))).size;
              return (
                <li key={p.slug}>
                  <Link href={`/products#${p.slug}`} className="text-sky-800 hover:underline">
                    {p.vendor} {p.name}
                  </Link>{" "}
                  <span className="text-sm text-slate-600">
                    ({p.versions.map((v) => v.name).join(", ")}; {count} article{count === 1 ? "" : "s"})
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
        <section aria-labelledby="browse-symptoms">
          <h2 id="browse-symptoms" className="text-lg font-semibold">
            Browse by symptom
          </h2>
          <ul className="mt-3 space-y-2">
            {symptomGroups.map((g) => (
              <li key={g.location}>
                <Link href={`/symptoms#${g.location}`} className="text-sky-800 hover:underline">
                  {LOCATION_LABEL[g.location] ?? g.location}
                </Link>{" "}
                <span className="text-sm text-slate-600">({g.symptoms.length})</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
