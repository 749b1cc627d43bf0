import { recordAudit, requestOrigin } from "@/lib/audit/record";
import { authorizeRequest } from "@/lib/auth/require";
import { getDb } from "@/lib/db/client";
import { publishedDocuments } from "@/lib/kb/documents";
import { articleDocKey } from "@/lib/kb/file-format";
import { kbFolderFiles } from "@/lib/kb/folder";
import { readKbRevision } from "@/lib/kb/revision-cache";
import { tarArchive } from "@/lib/kb/tar";

export const dynamic = "force-dynamic";

/**
 * GET /api/kb/export[?article=SLUG]: the published knowledge base (or one article) as a kb folder
 * in a tar archive — the same files `npx relaydesk kb export DIR` writes. Editors only.
 */
export async function GET(req: Request): Promise<Response> {
  const auth = await authorizeRequest(req, "editor");
  if (auth instanceof Response) return auth;
  const slug = new URL(req.url).searchParams.get("article");
  if (slug !== null && !/^[a-z0-9][a-z0-9-]{0,120}$/.test(slug)) {
    return Response.json({ error: { code: "BAD_REQUEST", message: "article must be an article slug" } }, { status: 400 });
  }
  const db = getDb();
  const [docs, revision] = await Promise.all([publishedDocuments(db), readKbRevision(db)]);
  let selected = docs;
  if (slug !== null) {
    const doc = docs.get(articleDocKey(slug));
    if (!doc) return Response.json({ error: { code: "NOT_FOUND", message: `no article "${slug}"` } }, { status: 404 });
    selected = new Map([[articleDocKey(slug), doc]]);
  }
  const files = new Map([...kbFolderFiles(selected)].map(([name, text]) => [`kb/${name}`, text] as const));
  const name = slug ? `relaydesk-kb-${slug}-rev${revision}.tar` : `relaydesk-kb-rev${revision}.tar`;
  await recordAudit({ action: "kb.export", actor: auth, target: slug ?? "all", detail: { revision, files: files.size }, ...requestOrigin(req.headers) });
  return new Response(new Uint8Array(tarArchive(files)), {
    headers: { "content-type": "application/x-tar", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
}
