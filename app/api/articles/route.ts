import type { NextRequest } from "next/server";
import { authorizeRequest } from "@/lib/auth/require";
import { jsonError, jsonOk } from "@/lib/http/responses";
import { listArticleSummaries } from "@/lib/kb/articles";
import { queryText } from "@/lib/kb/query-input";
import { searchArticles } from "@/lib/search/service";

/** GET /api/articles?q=TEXT → { articles: [{ slug, title, summary, score }] }, best first. */
export async function GET(request: NextRequest) {
  const staff = await authorizeRequest(request, "viewer");
  if (staff instanceof Response) return staff;
  const raw = request.nextUrl.searchParams.get("q");
  if (raw === null || raw.trim() === "") {
    const articles = await listArticleSummaries();
    return jsonOk({ articles: articles.map((a) => ({ ...a, score: 0 })) });
  }
  const parsed = queryText.safeParse(raw);
  if (!parsed.success) return jsonError(400, "invalid_query", parsed.error.issues[0]?.message ?? "invalid query", request);
  const ranked = await searchArticles(parsed.data);
  return jsonOk({ articles: ranked.map(({ slug, title, summary, score }) => ({ slug, title, summary, score })) });
}
