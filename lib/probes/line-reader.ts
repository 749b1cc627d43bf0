/**
 * Bounded line reader shared by the SMTP and POP3 sessions (compare smtp-server's
 * lib/smtp-stream.js with its 4 KiB command limit; nodemailer's client has no bound).
 *
 * It splits on LF (an optional CR before it is stripped), copies each line out of
 * the network chunk, and stops for good at the first overflow: a line longer than
 * `maxLineLength` bytes or more than `maxTotalBytes` bytes in total. After an
 * overflow everything is ignored, so a hostile peer cannot grow memory. Pure: no
 * I/O, no timers, never throws on any input.
 */
import { MAX_LINE_LENGTH, MAX_SESSION_BYTES } from "./constants";

export interface LineReaderLimits {
  /** Longest line in bytes, without CR/LF. */
  maxLineLength: number;
  /** Most bytes accepted in total (all pushes together). */
  maxTotalBytes: number;
}

export type LineReaderEvent =
  | { type: "line"; bytes: Buffer; bareLf: boolean }
  | { type: "overflow"; reason: "line_too_long" | "total_bytes"; sample: Buffer; bytesSeen: number };

export const DEFAULT_LINE_LIMITS: LineReaderLimits = {
  maxLineLength: MAX_LINE_LENGTH,
  maxTotalBytes: MAX_SESSION_BYTES,
};

const SAMPLE_BYTES = 200;

export class BoundedLineReader {
  private pending: Buffer = Buffer.alloc(0);
  private total = 0;
  private failed = false;
  readonly limits: LineReaderLimits;

  constructor(limits: Partial<LineReaderLimits> = {}) {
    this.limits = {
      maxLineLength: Math.max(1, limits.maxLineLength ?? DEFAULT_LINE_LIMITS.maxLineLength),
      maxTotalBytes: Math.max(1, limits.maxTotalBytes ?? DEFAULT_LINE_LIMITS.maxTotalBytes),
    };
  }

  /** Bytes received so far (including the ones still waiting for their LF). */
  get bytesSeen(): number {
    return this.total;
  }

  /** Bytes of an unfinished line waiting for its LF. */
  get pendingBytes(): number {
    return this.pending.length;
  }

  get overflowed(): boolean {
    return this.failed;
  }

  /** The unfinished line, if any (for "closed in the middle of a reply" evidence). */
  peekPending(): Buffer {
    return Buffer.from(this.pending);
  }

  /** Drops the unfinished line and returns how many bytes were dropped (STARTTLS buffer reset, RFC 3207 section 6). */
  discardPending(): number {
    const n = this.pending.length;
    this.pending = Buffer.alloc(0);
    return n;
  }

  push(chunk: Uint8Array): LineReaderEvent[] {
    if (this.failed || chunk.length === 0) return [];
    const events: LineReaderEvent[] = [];
    const { maxLineLength, maxTotalBytes } = this.limits;
    const allowance = maxTotalBytes - this.total;
    const overTotal = chunk.length > allowance;
    const accepted = overTotal ? chunk.subarray(0, Math.max(0, allowance)) : chunk;
    this.total += chunk.length;

    const buf = this.pending.length > 0 ? Buffer.concat([this.pending, accepted]) : Buffer.from(accepted.buffer, accepted.byteOffset, accepted.length);
    let start = 0;
    for (;;) {
      const lf = buf.indexOf(0x0a, start);
      if (lf === -1) {
        const rest = buf.subarray(start);
        // one extra byte allowed for a CR whose LF has not arrived yet
        if (rest.length > maxLineLength + 1 || (rest.length === maxLineLength + 1 && rest[rest.length - 1] !== 0x0d)) {
          return this.fail(events, "line_too_long", rest);
        }
        this.pending = Buffer.from(rest); // copy: never keep a reference to a large network chunk
        break;
      }
      let end = lf;
      const bareLf = !(end > start && buf[end - 1] === 0x0d);
      if (!bareLf) end -= 1;
      const line = buf.subarray(start, end);
      if (line.length > maxLineLength) {
        return this.fail(events, "line_too_long", line);
      }
      events.push({ type: "line", bytes: Buffer.from(line), bareLf });
      start = lf + 1;
    }
    if (overTotal) return this.fail(events, "total_bytes", chunk.subarray(Math.max(0, allowance)));
    return events;
  }

  private fail(events: LineReaderEvent[], reason: "line_too_long" | "total_bytes", sample: Uint8Array): LineReaderEvent[] {
    this.failed = true;
    this.pending = Buffer.alloc(0);
    events.push({
      type: "overflow",
      reason,
      sample: Buffer.from(sample.subarray(0, SAMPLE_BYTES)),
      bytesSeen: this.total,
    });
    return events;
  }
}
