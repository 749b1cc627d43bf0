/**
 * Pasted text the wizard starts from travels in the /diagnose URL (so Back, Forward and reload
 * keep it). Long text is trimmed to what was recognised: the lines holding a recognised
 * signature and the lines around them. Client-safe and pure; linear in the text.
 */

/** Text up to this length is kept whole. */
export const KEEP_WHOLE_CHARS = 1_500;
/** The trimmed text is at most this long (it has to fit in a URL). */
export const MAX_TRIMMED_CHARS = 2_000;
/** Lines kept before and after a recognised line. */
const CONTEXT_LINES = 1;

export interface TrimmedText {
  text: string;
  /** True when lines were dropped. */
  trimmed: boolean;
  originalChars: number;
}

/** Keeps the recognised lines (containing one of `recognised`, case-insensitive) with context. */
export function trimToRecognised(text: string, recognised: readonly string[]): TrimmedText {
  const originalChars = text.length;
  const whole = text.trim();
  if (whole.length <= KEEP_WHOLE_CHARS) return { text: whole, trimmed: false, originalChars };
  const needles = [...new Set(recognised.map((r) => r.trim().toLowerCase()).filter((r) => r.length >= 3))];
  const lines = whole.split(/\r?\n/);
  const keep = new Uint8Array(lines.length);
  lines.forEach((line, i) => {
    const lower = line.toLowerCase();
    if (needles.some((n) => lower.includes(n))) {
      for (let j = Math.max(0, i - CONTEXT_LINES); j <= Math.min(lines.length - 1, i + CONTEXT_LINES); j++) keep[j] = 1;
    }
  });
  let out = "";
  let gap = false;
  for (let i = 0; i < lines.length; i++) {
    if (!keep[i]) {
      gap = out.length > 0;
      continue;
    }
    const line = lines[i]!.trim().slice(0, 300);
    const add = `${gap ? "…\n" : ""}${line}\n`;
    if (out.length + add.length > MAX_TRIMMED_CHARS) break;
    out += add;
    gap = false;
  }
  if (!out.trim()) out = whole.slice(0, KEEP_WHOLE_CHARS);
  return { text: out.trim(), trimmed: true, originalChars };
}
