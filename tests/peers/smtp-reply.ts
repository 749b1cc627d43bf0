/**
 * Reads server output as SMTP reply lines and tells where replies end
 * (RFC 5321 section 4.2: "ddd-text" continues a reply, "ddd text" or a bare
 * "ddd" ends it). The proxies relay each line as soon as it arrives (a reply
 * that never ends, like the endless-multiline hostile server, still streams
 * through) and use the final lines to keep their own injected answers in order
 * and to see the reply code of STARTTLS or DATA.
 *
 * A line that does not start with three digits counts as a final line with
 * code 0, so a garbage-speaking upstream cannot stall a proxy.
 */
import { LineReader } from "./line-reader";

export interface SmtpReplyLine {
  /** The line as received, without CRLF. */
  text: string;
  /** Reply code, 0 when the line is not an SMTP reply line. */
  code: number;
  /** True for the last line of a reply. */
  final: boolean;
}

export type ReplyEvent = ({ kind: "line" } & SmtpReplyLine) | { kind: "overflow"; limit: number };

export class SmtpReplyReader {
  private readonly reader: LineReader;

  constructor(maxLineBytes = 8_192) {
    this.reader = new LineReader(maxLineBytes);
  }

  push(chunk: Buffer): ReplyEvent[] {
    return this.reader.push(chunk).map((event): ReplyEvent => {
      if (event.kind === "overflow") return event;
      const text = event.line.toString("latin1");
      const match = /^(\d{3})([ -]|$)/.exec(text);
      if (match === null) return { kind: "line", text, code: 0, final: true };
      return { kind: "line", text, code: Number(match[1]), final: match[2] !== "-" };
    });
  }
}

/** Serialises reply lines back to wire form. */
export function replyToWire(lines: readonly string[]): string {
  return lines.map((line) => `${line}\r\n`).join("");
}

/**
 * Normalises a scripted reply ("250 OK", or several lines separated by LF or
 * CRLF) to wire form with CRLF line ends.
 */
export function scriptToWire(text: string): string {
  const lines = text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
  return replyToWire(lines);
}
