/**
 * Transcript text must be safe to show in a terminal and in the web console:
 * control characters (C0, DEL, C1), bidi overrides and invalid UTF-8 bytes are
 * escaped, and long lines are cut with a visible marker.
 */
import { MAX_TRANSCRIPT_LINE_CHARS } from "./constants";

const utf8 = new TextDecoder("utf-8", { fatal: true });

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

/** Escapes one code point when it is not safe to display as is; returns it unchanged otherwise. */
function escapeCodePoint(cp: number, ch: string): string {
  if (cp === 0x0d) return "\\r";
  if (cp === 0x0a) return "\\n";
  if (cp === 0x09) return "\\t";
  if (cp === 0x5c) return "\\\\";
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex2(cp)}`;
  if (cp >= 0x80 && cp <= 0x9f) return `\\u${cp.toString(16).padStart(4, "0")}`;
  // bidi controls, zero-width and line/paragraph separators, BOM, replacement char
  if (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0xfeff ||
    cp === 0xfffd
  ) {
    return `\\u${cp.toString(16).padStart(4, "0")}`;
  }
  return ch;
}

/** Every code point escapeCodePoint changes (all in the BMP, so UTF-16 code units will do). */
const NEEDS_ESCAPE_RE = /[\x00-\x1f\x5c\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]/;

function escapeString(text: string): string {
  // most lines need no escape: one native test instead of a loop over their characters
  if (!NEEDS_ESCAPE_RE.test(text)) return text;
  let out = "";
  for (const ch of text) {
    out += escapeCodePoint(ch.codePointAt(0) ?? 0, ch);
  }
  return out;
}

function escapeBytesAscii(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    if (b >= 0x80) out += `\\x${hex2(b)}`;
    else out += escapeCodePoint(b, String.fromCharCode(b));
  }
  return out;
}

/**
 * Safe display text for bytes or a string. Valid UTF-8 is decoded and its unsafe
 * code points escaped; anything else is shown byte by byte (\xNN for non-ASCII).
 * Never throws; the result is at most `maxChars` characters plus the marker.
 */
export function safeText(input: Uint8Array | string, maxChars: number = MAX_TRANSCRIPT_LINE_CHARS): string {
  const limit = Math.max(1, Math.floor(maxChars));
  let totalBytes: number;
  let sliced: boolean;
  let escaped: string;
  if (typeof input === "string") {
    totalBytes = Buffer.byteLength(input, "utf8");
    // only escape what can be shown (plus slack): bounded work on huge inputs
    sliced = input.length > limit * 2 + 16;
    escaped = escapeString(sliced ? input.slice(0, limit * 2 + 16) : input);
  } else {
    totalBytes = input.length;
    sliced = input.length > limit * 4 + 16;
    const head = sliced ? input.subarray(0, limit * 4 + 16) : input;
    escaped = escapeBytes(head, sliced);
  }
  if (!sliced && escaped.length <= limit) return escaped;
  return `${cutAtCodePoint(escaped, limit)}… [truncated, ${totalBytes} bytes]`;
}

function escapeBytes(head: Uint8Array, sliced: boolean): string {
  // a sliced head may end inside a multi-byte sequence: retry without up to 3 trailing bytes
  const tries = sliced ? 4 : 1;
  for (let drop = 0; drop < tries && drop < head.length; drop++) {
    try {
      return escapeString(utf8.decode(drop === 0 ? head : head.subarray(0, head.length - drop)));
    } catch {
      // not valid UTF-8 (yet)
    }
  }
  return escapeBytesAscii(head);
}

function cutAtCodePoint(text: string, max: number): string {
  let end = Math.min(max, text.length);
  const code = text.charCodeAt(end - 1);
  if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1; // do not split a surrogate pair
  return text.slice(0, end);
}

/** Safe display of a single word supplied by a user or a server (for messages). */
export function quote(text: string, maxChars = 200): string {
  return JSON.stringify(safeText(text, maxChars));
}
