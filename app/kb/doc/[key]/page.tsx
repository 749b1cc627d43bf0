import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DocumentEditor } from "@/components/kb/document-editor";
import type { JsonSchema } from "@/components/kb/schema-form";
import { requireRole } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { getKbDocument, parseDocKey } from "@/lib/kb/documents";
import { editorContext } from "@/lib/kb/editor-data";
import { docFile } from "@/lib/kb/file-format";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Edit knowledge" };

export default async function EditDocumentPage({ params }: PageProps<"/kb/doc/[key]">) {
  await requireRole("editor");
  const key = parseDocKey(decodeURIComponent((await params).key));
  if (!key) notFound();
  const db = getDb();
  const doc = await getKbDocument(db, key);
  if (!doc.content) notFound();
  const { schema, hints } = await editorContext(db, doc.kind);
  const title = typeof doc.content.title === "string" ? doc.content.title : docFile(key);
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/kb" className="text-sky-800 hover:underline">
          Knowledge base
        </Link>{" "}
        / <span className="font-mono">{docFile(key)}</span>
      </nav>
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Edit: {title}</h1>
        <p className="text-sm text-slate-700">
          Revision {doc.headNumber}
          {doc.headState ? ` (${doc.headState})` : ""}
          {doc.publishedNumber !== null && doc.publishedNumber !== doc.headNumber ? `; revision ${doc.publishedNumber} is published` : ""}
          {doc.updatedBy ? ` · last saved by ${doc.updatedBy}` : ""}
          {doc.kind === "article" ? (
            <>
              {" · "}
              <Link href={`/articles/${key.slice("article:".length)}`} className="text-sky-800 hover:underline">
                published page
              </Link>
            </>
          ) : null}
        </p>
      </header>
      <DocumentEditor docKey={key} kind={doc.kind} initial={doc.content} headNumber={doc.headNumber} schema={schema as JsonSchema} hints={hints} />
    </div>
  );
}
