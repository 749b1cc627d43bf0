import type { NextRequest } from "next/server";
import { authorizeRequest } from "@/lib/auth/require";
import { readJsonBody, refuseForeignHost } from "@/lib/http/body";
import { jsonError, jsonOk } from "@/lib/http/responses";
import { lookupBody, queryText } from "@/lib/kb/query-input";
import { lookupText } from "@/lib/search/service";
import type { LookupResult } from "@/lib/search/kb-index";

/** Largest POST body read; counted while reading, so anything bigger is refused before it is buffered. */
const MAX_BODY_BYTES = 1_000_000;

function present(result: LookupResult) {
  return {
    signatures: result.signatures,
    articles: result.articles.map(({ slug, title, score, matched }) => ({ slug, title, score, matched })),
  };
}

/** GET /api/lookup?text=TEXT */
export async function GET(request: NextRequest) {
  const foreign = refuseForeignHost(request);
  if (foreign) return foreign;
  const staff = await authorizeRequest(request, "viewer");
  if (staff instanceof Response) return staff;
  const parsed = queryText.safeParse(request.nextUrl.searchParams.get("text") ?? "");
  if (!parsed.success) return jsonError(400, "invalid_text", parsed.error.issues[0]?.message ?? "invalid text", request);
  return jsonOk(present(await lookupText(parsed.data)));
}

/** POST /api/lookup { "text": "..." } for long pasted text. */
export async function POST(request: NextRequest) {
  const foreign = refuseForeignHost(request);
  if (foreign) return foreign;
  const staff = await authorizeRequest(request, "viewer");
  if (staff instanceof Response) return staff;
  const body = await readJsonBody(request, MAX_BODY_BYTES, '{ "text": "..." }');
  if (!body.ok) return body.response;
  const parsed = lookupBody.safeParse(body.json);
  if (!parsed.success) return jsonError(400, "invalid_text", parsed.error.issues[0]?.message ?? "invalid body", request);
  return jsonOk(present(await lookupText(parsed.data.text)));
}
