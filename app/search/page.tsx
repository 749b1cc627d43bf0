import type { Metadata } from "next";
import { LookupResults } from "@/components/lookup-results";
import { SearchBox } from "@/components/search-box";
import { queryText } from "@/lib/kb/query-input";
import { toLookupView } from "@/lib/search/lookup-view";
import { lookupText } from "@/lib/search/service";
import { requireRole } from "@/lib/auth/require";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search" };

export default async function SearchPage({ searchParams }: PageProps<"/search">) {
  await requireRole("viewer");
  const { q } = await searchParams;
  const raw = Array.isArray(q) ? (q[0] ?? "") : (q ?? "");
  const parsed = queryText.safeParse(raw);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Search the knowledge base</h1>
      <SearchBox initial={parsed.success ? parsed.data : ""} />
      {!parsed.success ? (
        <p role="alert" className="text-sm text-red-700">
          {parsed.error.issues[0]?.message}
        </p>
      ) : parsed.data.trim() ? (
        <LookupResults result={toLookupView(await lookupText(parsed.data))} />
      ) : (
        <p className="text-sm text-slate-600">Type words or an error code, or paste an NDR, log excerpt or event text.</p>
      )}
    </div>
  );
}
