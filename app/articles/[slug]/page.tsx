import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleView } from "@/components/kb/article-view";
import { requireRole } from "@/lib/auth/require";
import { getArticle, getArticleLastChange, relatedArticles } from "@/lib/kb/articles";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: PageProps<"/articles/[slug]">): Promise<Metadata> {
  await requireRole("viewer");
  const article = await getArticle((await params).slug);
  return { title: article?.title ?? "Article not found" };
}

export default async function ArticlePage({ params }: PageProps<"/articles/[slug]">) {
  await requireRole("viewer");
  const { slug } = await params;
  const article = await getArticle(slug);
  if (!article) notFound();
  const [related, lastChange] = await Promise.all([relatedArticles(slug), getArticleLastChange(slug)]);
  return <ArticleView article={article} related={related} lastChange={lastChange} />;
}
