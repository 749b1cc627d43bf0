/**
 * Request bodies read with a byte limit counted from the stream: a chunked body (no
 * Content-Length) is refused as soon as it passes the limit, so a 100 MB upload costs the server
 * at most the limit in memory. Then the text must be UTF-8, its JSON nesting shallow, and its
 * JSON valid: each failure is a 4xx in the project's error shape.
 */
import { foreignHostRefusal } from "./origin";
import { jsonError } from "./responses";

/** Deepest JSON nesting accepted; request bodies here are a few levels deep. */
export const MAX_JSON_DEPTH = 32;

export type BodyText = { ok: true; text: string } | { ok: false; response: Response };
export type BodyJson = { ok: true; json: unknown } | { ok: false; response: Response };

function tooLarge(request: Request, maxBytes: number): Response {
  return jsonError(413, "body_too_large", `Body is larger than ${maxBytes} bytes`, request);
}

/** Reads at most `maxBytes` of the body as UTF-8 text; stops reading (and cancels the stream) beyond that. */
export async function readBodyText(request: Request, maxBytes: number): Promise<BodyText> {
  const foreign = refuseForeignHost(request);
  if (foreign) return { ok: false, response: foreign };
  const read = await readBodyBytes(request, maxBytes);
  if (!read.ok) return read;
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(read.bytes) };
  } catch {
    return { ok: false, response: jsonError(400, "invalid_encoding", "Body must be UTF-8 text", request) };
  }
}

/** Reads at most `maxBytes` of the body; stops reading (and cancels the stream) beyond that. */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; response: Response }> {
  const declared = request.headers.get("content-length");
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > maxBytes)) {
    await request.body?.cancel().catch(() => undefined);
    return { ok: false, response: tooLarge(request, maxBytes) };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body) {
    const reader = request.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => undefined);
          return { ok: false, response: tooLarge(request, maxBytes) };
        }
        chunks.push(value);
      }
    } catch {
      return { ok: false, response: jsonError(400, "body_unreadable", "The request body could not be read", request) };
    } finally {
      reader.releaseLock();
    }
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/** Deepest nesting of JSON text (brackets outside strings), in one pass; stops past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Parses JSON text that is no deeper than MAX_JSON_DEPTH; a 400 for anything else. */
export function parseJsonText(request: Request, text: string, example: string): BodyJson {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    return { ok: false, response: jsonError(400, "body_too_deep", `JSON is nested more than ${MAX_JSON_DEPTH} levels deep`, request) };
  }
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return { ok: false, response: jsonError(400, "invalid_json", `Body must be JSON, e.g. ${example}`, request) };
  }
}

/** A bounded, shallow JSON body. */
export async function readJsonBody(request: Request, maxBytes: number, example: string): Promise<BodyJson> {
  const body = await readBodyText(request, maxBytes);
  if (!body.ok) return body;
  return parseJsonText(request, body.text, example);
}

/**
 * The Host check of proxy.ts, for the body-taking routes it does not run in front of (see its
 * matcher). Requests built in-process without a Host header (tests) are not checked.
 */
export function refuseForeignHost(request: Request): Response | null {
  if (!request.headers.has("host")) return null;
  const refusal = foreignHostRefusal(request);
  return refusal ? jsonError(refusal.status, refusal.code, refusal.message, request) : null;
}
