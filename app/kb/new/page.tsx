import type { Metadata } from "next";
import Link from "next/link";
import { DocumentEditor } from "@/components/kb/document-editor";
import type { JsonSchema } from "@/components/kb/schema-form";
import { requireRole } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { editorContext, newArticleTemplate } from "@/lib/kb/editor-data";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "New article" };

export default async function NewArticlePage() {
  await requireRole("editor");
  const db = getDb();
  const [{ schema, hints }, initial] = await Promise.all([editorContext(db, "article"), newArticleTemplate(db)]);
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/kb" className="text-sky-800 hover:underline">
          Knowledge base
        </Link>{" "}
        / new article
      </nav>
      <h1 className="text-2xl font-semibold tracking-tight">New article</h1>
      <DocumentEditor docKey="new" kind="article" initial={initial} headNumber={0} schema={schema as JsonSchema} hints={hints} />
    </div>
  );
}
