/**
 * Line splitting with a bounded buffer, shared by every peer that reads a
 * line-oriented protocol (SMTP commands and replies, POP3 commands).
 *
 * A line ends at LF; a CR right before it is stripped. A partial line is never
 * allowed to grow beyond `maxLineBytes`: the moment it would, the reader reports
 * one "overflow" (without waiting for an LF that may never come, as with the
 * "huge-line" hostile server) and discards bytes up to and including the next LF,
 * after which it reads normally again.
 */

export type LineEvent =
  /** `end` is the offset just past the LF inside the chunk given to push(). */
  | { kind: "line"; line: Buffer; end: number }
  /** The current line exceeded the limit; it is discarded up to the next LF. */
  | { kind: "overflow"; limit: number };

const LF = 0x0a;
const CR = 0x0d;

export class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  private discarding = false;

  constructor(readonly maxLineBytes: number) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) {
      throw new RangeError(`maxLineBytes must be a positive integer, got ${maxLineBytes}`);
    }
  }

  /** Bytes of an incomplete line currently held. */
  get pendingBytes(): number {
    return this.size;
  }

  /** Forgets any partial line (e.g. plaintext that arrived right before a TLS upgrade). */
  reset(): void {
    this.parts = [];
    this.size = 0;
    this.discarding = false;
  }

  push(chunk: Buffer): LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const stop = lf === -1 ? chunk.length : lf;
      const piece = chunk.subarray(start, stop);
      if (!this.discarding) {
        if (this.size + piece.length > this.maxLineBytes) {
          this.parts = [];
          this.size = 0;
          this.discarding = true;
          events.push({ kind: "overflow", limit: this.maxLineBytes });
        } else if (piece.length > 0) {
          this.parts.push(piece);
          this.size += piece.length;
        }
      }
      if (lf === -1) break;
      if (this.discarding) {
        this.discarding = false;
      } else {
        let line = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
        if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
        // copy so callers never pin the (possibly large) socket chunk
        events.push({ kind: "line", line: Buffer.from(line), end: lf + 1 });
      }
      this.parts = [];
      this.size = 0;
      start = lf + 1;
    }
    return events;
  }
}

/** First word of a command line, upper-cased ("mail from:<a>" -> "MAIL"). */
export function verbOf(line: Buffer | string): string {
  const text = typeof line === "string" ? line : line.toString("latin1");
  const match = /^\s*(\S*)/.exec(text);
  return (match?.[1] ?? "").toUpperCase();
}
