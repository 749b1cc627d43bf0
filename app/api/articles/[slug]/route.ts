import { authorizeRequest } from "@/lib/auth/require";
import { jsonError, jsonOk } from "@/lib/http/responses";
import { getArticle, relatedArticles } from "@/lib/kb/articles";

/** GET /api/articles/SLUG → the whole structured article; 404 JSON for an unknown slug. */
export async function GET(request: Request, context: RouteContext<"/api/articles/[slug]">) {
  const staff = await authorizeRequest(request, "viewer");
  if (staff instanceof Response) return staff;
  const { slug } = await context.params;
  const article = await getArticle(slug);
  if (!article) return jsonError(404, "article_not_found", `No article with slug "${slug.slice(0, 120)}"`, request);
  return jsonOk({ ...article, related: await relatedArticles(slug) });
}
