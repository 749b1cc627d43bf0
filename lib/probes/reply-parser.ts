/**
 * Pure parsers for server replies: SMTP reply lines and multi-line replies
 * (RFC 5321 section 4.2), EHLO extension lists, enhanced status codes
 * (RFC 3463), and POP3 status lines (RFC 1939). No I/O; never throws on any
 * input; every output is bounded by the limits given.
 */
import { MAX_REPLY_LINES, MAX_TRANSCRIPT_LINE_CHARS } from "./constants";
import { BoundedLineReader, type LineReaderLimits } from "./line-reader";
import { safeText } from "./sanitize";

export interface ParsedReplyLine {
  /** The 3-digit code, or null when the line does not start with three digits ("OK", garbage). */
  code: number | null;
  /** "-" continues a multi-line reply, " " or "" ends it, null when malformed. */
  separator: "-" | " " | "" | null;
  /** Display-safe text after the code and separator (the whole line when there is no code). */
  text: string;
  /** "ddd", "ddd text" or "ddd-text" with ddd in 200..599. */
  wellFormed: boolean;
}

export interface EnhancedStatus {
  /** e.g. "5.7.1" */
  code: string;
  class: 2 | 4 | 5;
  subject: number;
  detail: number;
}

export interface SmtpReply {
  /** Code of the first line, null when it had none. */
  code: number | null;
  /** Display-safe full lines, exactly as written to the transcript. */
  lines: string[];
  /** Display-safe text part of each line. */
  texts: string[];
  /** Every line well formed, same code throughout, proper continuation markers. */
  wellFormed: boolean;
  /** Human-readable notes on what was wrong with the reply, if anything. */
  problems: string[];
  /** RFC 3463 status from the first line's text, when present. */
  enhanced: EnhancedStatus | null;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function toBytes(line: Uint8Array | string): Uint8Array {
  return typeof line === "string" ? Buffer.from(line, "latin1") : line;
}

/** Parses one reply line (without its CR/LF). */
export function parseReplyLine(line: Uint8Array | string, maxChars: number = MAX_TRANSCRIPT_LINE_CHARS): ParsedReplyLine {
  const bytes = toBytes(line);
  if (bytes.length >= 3 && isDigit(bytes[0]) && isDigit(bytes[1]) && isDigit(bytes[2])) {
    const code = (bytes[0]! - 0x30) * 100 + (bytes[1]! - 0x30) * 10 + (bytes[2]! - 0x30);
    const inRange = code >= 200 && code <= 599;
    if (bytes.length === 3) return { code, separator: "", text: "", wellFormed: inRange };
    const sep = bytes[3];
    if (sep === 0x20 || sep === 0x2d) {
      return {
        code,
        separator: sep === 0x20 ? " " : "-",
        text: safeText(bytes.subarray(4), maxChars),
        wellFormed: inRange,
      };
    }
    return { code, separator: null, text: safeText(bytes.subarray(3), maxChars), wellFormed: false };
  }
  return { code: null, separator: null, text: safeText(bytes, maxChars), wellFormed: false };
}

/** RFC 3463 enhanced status code at the start of a reply text ("5.7.1 ..."). */
export function parseEnhancedStatus(text: string): EnhancedStatus | null {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/.exec(text);
  if (!m) return null;
  const cls = Number(m[1]) as 2 | 4 | 5;
  const subject = Number(m[2]);
  const detail = Number(m[3]);
  return { code: `${cls}.${subject}.${detail}`, class: cls, subject, detail };
}

export type AssemblerOutput =
  | { type: "none" }
  | { type: "reply"; reply: SmtpReply }
  | { type: "too_many_lines"; lines: string[] };

/**
 * Joins reply lines into replies: "ddd-" lines continue, "ddd " (or "ddd") ends.
 * A line without a code, or with a different code, ends a multi-line reply early
 * and marks it malformed; a line without a code on its own is a one-line
 * malformed reply (PIX Mailguard answers a bare "OK").
 */
export class SmtpReplyAssembler {
  private current: { parsed: ParsedReplyLine; display: string }[] = [];
  readonly maxLines: number;
  readonly maxChars: number;

  constructor(maxLines: number = MAX_REPLY_LINES, maxChars: number = MAX_TRANSCRIPT_LINE_CHARS) {
    this.maxLines = Math.max(1, Math.floor(maxLines));
    this.maxChars = maxChars;
  }

  get inProgress(): boolean {
    return this.current.length > 0;
  }

  /** Display lines of an unfinished multi-line reply. */
  partialLines(): string[] {
    return this.current.map((l) => l.display);
  }

  reset(): void {
    this.current = [];
  }

  /** Feeds one line; `display` is the transcript text of that line when the caller already made it. */
  push(line: Uint8Array | string, display?: string): AssemblerOutput {
    const bytes = toBytes(line);
    const parsed = parseReplyLine(bytes, this.maxChars);
    const shown = display ?? safeText(bytes, this.maxChars);
    if (this.current.length === 0) {
      if (parsed.code !== null && parsed.separator === "-") {
        if (this.maxLines === 1) return this.overflow([{ parsed, display: shown }]);
        this.current.push({ parsed, display: shown });
        return { type: "none" };
      }
      return { type: "reply", reply: buildReply([{ parsed, display: shown }], []) };
    }
    if (this.current.length >= this.maxLines) {
      return this.overflow([...this.current, { parsed, display: shown }]);
    }
    const first = this.current[0]!.parsed;
    this.current.push({ parsed, display: shown });
    if (parsed.code !== null && parsed.code === first.code && parsed.separator === "-") {
      if (this.current.length >= this.maxLines) return this.overflow(this.current);
      return { type: "none" };
    }
    const problems: string[] = [];
    if (parsed.code === null) problems.push("a line without a reply code ended a multi-line reply");
    else if (parsed.code !== first.code) problems.push(`a line with code ${parsed.code} ended a multi-line ${first.code} reply`);
    const lines = this.current;
    this.current = [];
    return { type: "reply", reply: buildReply(lines, problems) };
  }

  private overflow(lines: Array<{ parsed?: ParsedReplyLine; display: string }>): AssemblerOutput {
    this.current = [];
    return { type: "too_many_lines", lines: lines.map((l) => l.display) };
  }
}

function buildReply(lines: { parsed: ParsedReplyLine; display: string }[], problems: string[]): SmtpReply {
  const first = lines[0]!.parsed;
  const last = lines[lines.length - 1]!.parsed;
  const notes = [...problems];
  if (first.code === null) notes.push("no reply code");
  else if (!first.wellFormed) notes.push(first.separator === null ? "no space or hyphen after the reply code" : `reply code ${first.code} out of range`);
  const allWell = lines.every((l) => l.parsed.wellFormed && l.parsed.code === first.code);
  const endsRight = last.separator === " " || last.separator === "";
  return {
    code: first.code,
    lines: lines.map((l) => l.display),
    texts: lines.map((l) => l.parsed.text),
    wellFormed: allWell && endsRight && notes.length === 0,
    problems: notes,
    enhanced: first.code === null ? null : parseEnhancedStatus(first.text),
  };
}

export interface ParseRepliesResult {
  replies: SmtpReply[];
  /** Set when a bound was hit; parsing stops there. */
  error: "line_too_long" | "total_bytes" | "too_many_lines" | null;
  /** Bytes of an unfinished last line. */
  pendingBytes: number;
  /** Lines of an unfinished multi-line reply. */
  partialLines: number;
}

export interface ReplyLimits extends LineReaderLimits {
  maxReplyLines: number;
}

/** Parses a whole byte stream into SMTP replies with the given bounds (used by tests and tools). */
export function parseSmtpReplies(bytes: Uint8Array, limits: Partial<ReplyLimits> = {}): ParseRepliesResult {
  const reader = new BoundedLineReader(limits);
  const assembler = new SmtpReplyAssembler(limits.maxReplyLines ?? MAX_REPLY_LINES);
  const replies: SmtpReply[] = [];
  for (const ev of reader.push(bytes)) {
    if (ev.type === "overflow") {
      return { replies, error: ev.reason, pendingBytes: 0, partialLines: 0 };
    }
    const out = assembler.push(ev.bytes);
    if (out.type === "reply") replies.push(out.reply);
    else if (out.type === "too_many_lines") {
      return { replies, error: "too_many_lines", pendingBytes: reader.pendingBytes, partialLines: 0 };
    }
  }
  return { replies, error: null, pendingBytes: reader.pendingBytes, partialLines: assembler.partialLines().length };
}

export interface EhloExtension {
  /** Upper-case keyword, e.g. "AUTH", "SIZE", "X-LINK2STATE". */
  keyword: string;
  params: string[];
}

export interface EhloInfo {
  /** Text of the first line (domain and greeting). */
  greeting: string;
  extensions: EhloExtension[];
  /** Upper-case keywords, de-duplicated, in order. */
  keywords: string[];
  /** SASL mechanisms from AUTH (and the old AUTH= form). */
  authMechanisms: string[];
  /** SIZE limit in bytes when advertised with a number. */
  sizeLimit: number | null;
}

/** Extension list of a (multi-line) EHLO reply; lines after the first are "keyword params...". */
export function parseEhloReply(reply: Pick<SmtpReply, "texts">): EhloInfo {
  const extensions: EhloExtension[] = [];
  const keywords: string[] = [];
  const auth = new Set<string>();
  let sizeLimit: number | null = null;
  for (const text of reply.texts.slice(1)) {
    const trimmed = text.trim();
    if (!trimmed) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*)(=|\s+|$)(.*)$/.exec(trimmed);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    const params = (m[3] ?? "").split(/[\s]+/).filter(Boolean);
    extensions.push({ keyword, params });
    if (!keywords.includes(keyword)) keywords.push(keyword);
    if (keyword === "AUTH") for (const p of params) auth.add(p.toUpperCase());
    if (keyword === "SIZE" && params[0] && /^\d{1,15}$/.test(params[0])) sizeLimit = Number(params[0]);
  }
  return { greeting: reply.texts[0] ?? "", extensions, keywords, authMechanisms: [...auth], sizeLimit };
}

export interface Pop3Status {
  status: "+OK" | "-ERR" | null;
  /** Display-safe text after the status indicator (the whole line when there is none). */
  text: string;
}

/** POP3 status line: "+OK text" or "-ERR text" (RFC 1939 section 3). */
export function parsePop3Status(line: Uint8Array | string, maxChars: number = MAX_TRANSCRIPT_LINE_CHARS): Pop3Status {
  const bytes = toBytes(line);
  const head = Buffer.from(bytes.subarray(0, 4)).toString("latin1").toUpperCase();
  if (head.startsWith("+OK") && (bytes.length === 3 || bytes[3] === 0x20)) {
    return { status: "+OK", text: safeText(bytes.subarray(4), maxChars) };
  }
  if (head === "-ERR" && (bytes.length === 4 || bytes[4] === 0x20)) {
    return { status: "-ERR", text: safeText(bytes.subarray(5), maxChars) };
  }
  return { status: null, text: safeText(bytes, maxChars) };
}
