import type { NextRequest } from "next/server";
import { jsonError, jsonOk } from "@/lib/http/responses";
import { lookupBody, queryText } from "@/lib/kb/query-input";
import { lookupText } from "@/lib/search/service";
import type { LookupResult } from "@/lib/search/kb-index";

/** Largest POST body read; anything bigger is refused before it is buffered in full. */
const MAX_BODY_BYTES = 1_000_000;

function present(result: LookupResult) {
  return {
    signatures: result.signatures,
    articles: result.articles.map(({ slug, title, score, matched }) => ({ slug, title, score, matched })),
  };
}

/** GET /api/lookup?text=TEXT */
export async function GET(request: NextRequest) {
  const parsed = queryText.safeParse(request.nextUrl.searchParams.get("text") ?? "");
  if (!parsed.success) return jsonError(400, "invalid_text", parsed.error.issues[0]?.message ?? "invalid text");
  return jsonOk(present(await lookupText(parsed.data)));
}

/** POST /api/lookup { "text": "..." } for long pasted text. */
export async function POST(request: NextRequest) {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) return jsonError(413, "body_too_large", `Body is larger than ${MAX_BODY_BYTES} bytes`);
  const raw = await request.text();
  if (raw.length > MAX_BODY_BYTES) return jsonError(413, "body_too_large", `Body is larger than ${MAX_BODY_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return jsonError(400, "invalid_json", "Body must be JSON: { \"text\": \"...\" }");
  }
  const parsed = lookupBody.safeParse(json);
  if (!parsed.success) return jsonError(400, "invalid_text", parsed.error.issues[0]?.message ?? "invalid body");
  return jsonOk(present(await lookupText(parsed.data.text)));
}
