import type { Metadata } from "next";
import Link from "next/link";
import { listProducts } from "@/lib/kb/articles";
import { requireRole } from "@/lib/auth/require";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Products" };

export default async function ProductsPage() {
  await requireRole("viewer");
  const products = await listProducts();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Browse by product</h1>
      {products.map((p) => (
        <section key={p.slug} id={p.slug} aria-labelledby={`h-${p.slug}`} className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id={`h-${p.slug}`} className="text-lg font-semibold">
            {p.vendor} {p.name}
          </h2>
          <ul className="mt-2 space-y-3">
            {p.versions.map((v) => (
              <li key={v.slug}>
                <h3 className="font-medium">{v.label}</h3>
                {v.articles.length === 0 ? (
                  <p className="text-sm text-slate-600">No articles.</p>
                ) : (
                  <ul className="ml-4 list-disc text-sm">
                    {v.articles.map((a) => (
                      <li key={a.slug}>
                        <Link href={`/articles/${a.slug}`} className="text-sky-800 hover:underline">
                          {a.title}
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
