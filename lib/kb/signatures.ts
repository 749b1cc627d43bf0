import { drain, drainCooperatively } from "@/lib/cooperative";
import { classifySmtpBanner } from "@/lib/probes/banner";
import type { SignatureKind } from "./seed-schema";

/**
 * Signatures are the typed, normalized fingerprints of a symptom: an SMTP reply code, an
 * enhanced status code, an HRESULT, a Winsock error, an event ID, a banner shape, or a phrase.
 * This module normalizes the values the knowledge base stores and extracts the same typed
 * values from whatever a helpdesk user pastes (an NDR, a log excerpt, an event text).
 */

export interface ExtractedSignature {
  kind: SignatureKind;
  value: string;
  /** Text as it appeared in the input (trimmed to a readable length). */
  text: string;
  qualifier?: string;
}

/** Winsock symbolic names that appear in client error dialogs, mapped to their codes. */
export const WINSOCK_NAMES: Readonly<Record<string, string>> = {
  WSAEACCES: "10013",
  WSAEADDRINUSE: "10048",
  WSAEADDRNOTAVAIL: "10049",
  WSAENETDOWN: "10050",
  WSAENETUNREACH: "10051",
  WSAECONNABORTED: "10053",
  WSAECONNRESET: "10054",
  WSAENOBUFS: "10055",
  WSAETIMEDOUT: "10060",
  WSAECONNREFUSED: "10061",
  WSAEHOSTDOWN: "10064",
  WSAEHOSTUNREACH: "10065",
  WSAHOST_NOT_FOUND: "11001",
  WSATRY_AGAIN: "11002",
};

/** Lower-cases, folds whitespace runs to one space and trims trailing sentence punctuation. */
export function normalizePhrase(text: string): string {
  return trimPhrase(text.normalize("NFKC").toLowerCase().replace(/\s+/g, " "));
}

/** The end of normalizePhrase: cuts trailing dots and spaces, then surrounding spaces. */
export function trimPhrase(folded: string): string {
  // Trailing dots and spaces are cut with a scan from the end: the regex /[.\s]+$/ retries at
  // every position of a long dot-and-space run and is quadratic in it.
  let end = folded.length;
  while (end > 0 && (folded[end - 1] === "." || folded[end - 1] === " ")) end--;
  return folded.slice(0, end).trim();
}

/** Canonical form of a stored signature value, so lookups compare like with like. */
export function normalizeSignatureValue(kind: SignatureKind, display: string): string {
  const text = display.trim();
  switch (kind) {
    case "smtp-reply": {
      const match = /[2-5]\d\d/.exec(text);
      return match ? match[0] : text;
    }
    case "enhanced-status": {
      const match = /[245]\.\d{1,3}\.\d{1,3}/.exec(text);
      return match ? match[0] : text;
    }
    case "hresult": {
      const match = /0x[0-9a-f]{8}/i.exec(text);
      return match ? match[0].toLowerCase() : text.toLowerCase();
    }
    case "winsock": {
      const code = /\b1[01]\d{3}\b/.exec(text);
      if (code) return code[0];
      const name = /WSA[A-Z_]+/i.exec(text)?.[0]?.toUpperCase();
      return (name && WINSOCK_NAMES[name]) ?? text;
    }
    case "event-id": {
      const match = /\d{1,5}/.exec(text);
      return match ? String(Number(match[0])) : text;
    }
    case "banner":
      return classifyBanner(text) ?? normalizePhrase(text);
    case "log-line":
    case "symptom-sentence":
    case "keyword":
      return normalizePhrase(text);
  }
}

/**
 * The banner shapes the knowledge base has signatures for, as the probe engine recognizes them
 * (lib/probes/banner.ts, one classifier for both): `pix-masked` (PIX 5.1+ masks all but the "2"
 * and "0" characters, 4.4 masks everything), `pix-cmap` (earlier PIX devices,
 * `220 SMTP/cmap_____...read`) and `iis-smtp` (the IIS SMTP service).
 */
export function classifyBanner(line: string): "pix-masked" | "pix-cmap" | "iis-smtp" | null {
  const { kind } = classifySmtpBanner([line.trim()]);
  return kind === "pix-masked" || kind === "pix-cmap" || kind === "iis-smtp" ? kind : null;
}

const WINSOCK_CODES: ReadonlyMap<string, string> = new Map(Object.entries(WINSOCK_NAMES).map(([name, code]) => [code, name]));

const MAX_EXTRACT_INPUT = 256 * 1024;
const MAX_SIGNATURES = 200;

/** Characters of context kept on each side of a match (a pasted line can be 200 kB long). */
const CONTEXT_CHARS = 120;

function clip(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/**
 * The readable text around a match: its line, but never more than CONTEXT_CHARS before and after
 * it, so the work per match is bounded whatever the line length (whole lines made extraction
 * quadratic in the length of a one-line paste).
 */
function contextAround(text: string, index: number): string {
  const from = Math.max(0, index - CONTEXT_CHARS);
  const window = text.slice(from, Math.min(text.length, index + CONTEXT_CHARS));
  const at = index - from;
  const start = window.lastIndexOf("\n", at) + 1;
  const end = window.indexOf("\n", at);
  return clip(window.slice(start, end === -1 ? undefined : end));
}

/**
 * Extracts typed signatures from free text. Pure and bounded: input beyond 256 KiB is ignored,
 * at most 200 signatures are returned, each (kind, value, qualifier) once, in order of appearance.
 */
export function extractSignatures(input: string): ExtractedSignature[] {
  return drain(extractSignatureSteps(input));
}

/** The same extraction, giving the event loop a turn every few hundred matches (see lib/cooperative.ts). */
export function extractSignaturesCooperatively(input: string): Promise<ExtractedSignature[]> {
  return drainCooperatively(extractSignatureSteps(input));
}

/** Matches handled between two yields of the extraction. */
const MATCHES_PER_SLICE = 512;

export function* extractSignatureSteps(input: string): Generator<void, ExtractedSignature[]> {
  let work = 0;
  const text = input.length > MAX_EXTRACT_INPUT ? input.slice(0, MAX_EXTRACT_INPUT) : input;
  const found: ExtractedSignature[] = [];
  const seen = new Set<string>();
  // The display text is computed only for a signature that is kept (new, under the cap).
  const add = (sig: Omit<ExtractedSignature, "text">, text: () => string) => {
    const id = `${sig.kind}:${sig.value}:${sig.qualifier ?? ""}`;
    if (seen.has(id) || found.length >= MAX_SIGNATURES) return;
    seen.add(id);
    found.push({ ...sig, text: text() });
  };

  // SMTP replies: a code at a line/quote/# boundary followed by a space or dash and then either an
  // enhanced status code or text (so "2003" or "10060" never count, and neither does "25" alone).
  for (const m of text.matchAll(/(?:^|[\s'"#(>:\[])([2-5][0-5]\d)(?:[ -])(?=[245]\.\d{1,3}\.\d{1,3}|[A-Za-z*])/gm)) {
    if (++work % MATCHES_PER_SLICE === 0) yield;
    const code = m[1]!;
    add({ kind: "smtp-reply", value: code }, () => contextAround(text, m.index ?? 0));
  }
  // Enhanced status codes (RFC 3463): class 2, 4 or 5; not part of a longer dotted number.
  for (const m of text.matchAll(/(?<![\d.])([245]\.\d{1,3}\.\d{1,3})(?![\d]|\.\d)/g)) {
    if (++work % MATCHES_PER_SLICE === 0) yield;
    add({ kind: "enhanced-status", value: m[1]! }, () => contextAround(text, m.index ?? 0));
  }
  // HRESULTs: 0x followed by exactly eight hex digits.
  for (const m of text.matchAll(/\b0x([0-9a-fA-F]{8})\b/g)) {
    if (++work % MATCHES_PER_SLICE === 0) yield;
    add({ kind: "hresult", value: `0x${m[1]!.toLowerCase()}` }, () => m[0]);
  }
  // Winsock: symbolic names anywhere; bare codes only with socket/error wording nearby.
  for (const m of text.matchAll(/\b(WSA[A-Z_]{4,})\b/g)) {
    if (++work % MATCHES_PER_SLICE === 0) yield;
    const code = WINSOCK_NAMES[m[1]!];
    if (code) add({ kind: "winsock", value: code, qualifier: m[1] }, () => m[0]);
  }
  for (const m of text.matchAll(/\b(1[01]\d{3})\b/g)) {
    if (++work % MATCHES_PER_SLICE === 0) yield;
    const code = m[1]!;
    const name = WINSOCK_CODES.get(code);
    if (!name || seen.has(`winsock:${code}:${name}`)) continue;
    const start = m.index ?? 0;
    const context = text.slice(Math.max(0, start - 60), start + 60);
    if (/winsock|socket|wsa|error|timed out|connection/i.test(context)) {
      add({ kind: "winsock", value: code, qualifier: name }, () => clip(context));
    }
  }
  // Event IDs with their source when the pasted event shows one.
  const eventSource = /(?:Event\s+)?Source:\s*([^\r\n]+)/i.exec(text)?.[1]?.trim();
  for (const m of text.matchAll(/\bEvent\s*ID\s*[:#]?\s*(\d{1,5})\b/gi)) {
    if (++work % MATCHES_PER_SLICE === 0) yield;
    add({ kind: "event-id", value: String(Number(m[1]!)), qualifier: eventSource ? clip(eventSource.slice(0, 240), 60) : undefined }, () => m[0]);
  }
  // Banners: any line that looks like a PIX-masked, cmap or IIS SMTP greeting.
  for (const line of text.split(/\r?\n/)) {
    if (++work % MATCHES_PER_SLICE === 0) yield;
    // cheap filter first: every recognized shape has an asterisk, "cmap" or "ESMTP" in it
    if (line.length > 4096 || !/\*|cmap|ESMTP/i.test(line)) continue;
    const banner = classifyBanner(line);
    if (banner) add({ kind: "banner", value: banner }, () => clip(line));
  }
  return found;
}
