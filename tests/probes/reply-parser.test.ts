/**
 * The reply parser and the bounded line reader: documented examples, and
 * property tests (fast-check) that arbitrary bytes never throw and never
 * exceed the bounds, and that chunking does not change the result.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { BoundedLineReader } from "../../lib/probes/line-reader";
import {
  SmtpReplyAssembler,
  parseEhloReply,
  parseEnhancedStatus,
  parsePop3Status,
  parseReplyLine,
  parseSmtpReplies,
} from "../../lib/probes/reply-parser";
import { safeText } from "../../lib/probes/sanitize";

const bytes = (s: string): Buffer => Buffer.from(s, "latin1");

describe("parseReplyLine", () => {
  test("well-formed final and continuation lines", () => {
    assert.deepEqual(parseReplyLine("250 OK"), { code: 250, separator: " ", text: "OK", wellFormed: true });
    assert.deepEqual(parseReplyLine("250-PIPELINING"), { code: 250, separator: "-", text: "PIPELINING", wellFormed: true });
    assert.deepEqual(parseReplyLine("220"), { code: 220, separator: "", text: "", wellFormed: true });
  });
  test("Mailguard's bare OK and masked banners are malformed but parsed", () => {
    assert.deepEqual(parseReplyLine("OK"), { code: null, separator: null, text: "OK", wellFormed: false });
    const masked = parseReplyLine("220*******************************0*2******0***********");
    assert.equal(masked.code, 220);
    assert.equal(masked.separator, null);
    assert.equal(masked.wellFormed, false);
  });
  test("codes outside 200..599 are not well formed", () => {
    assert.equal(parseReplyLine("999 what").wellFormed, false);
    assert.equal(parseReplyLine("099 what").wellFormed, false);
  });
});

describe("parseEnhancedStatus", () => {
  test("RFC 3463 codes at the start of the text", () => {
    assert.deepEqual(parseEnhancedStatus("5.7.1 External client does not have permissions"), { code: "5.7.1", class: 5, subject: 7, detail: 1 });
    assert.equal(parseEnhancedStatus("4.7.3")?.code, "4.7.3");
    assert.equal(parseEnhancedStatus("Error: 5.7.1"), null);
    assert.equal(parseEnhancedStatus("5.7.1x"), null);
  });
});

describe("SmtpReplyAssembler", () => {
  test("joins a multi-line EHLO reply and parses its extensions", () => {
    const a = new SmtpReplyAssembler(10);
    const lines = ["250-mail.example.com Hello", "250-PIPELINING", "250-AUTH LOGIN NTLM", "250-AUTH=LOGIN", "250-SIZE 10240000", "250-X-LINK2STATE", "250 XEXCH50"];
    let reply;
    for (const l of lines) {
      const out = a.push(l);
      if (out.type === "reply") reply = out.reply;
    }
    assert.ok(reply);
    assert.equal(reply.code, 250);
    assert.equal(reply.wellFormed, true);
    assert.deepEqual(reply.lines, lines);
    const ehlo = parseEhloReply(reply);
    assert.deepEqual(ehlo.keywords, ["PIPELINING", "AUTH", "SIZE", "X-LINK2STATE", "XEXCH50"]);
    assert.deepEqual(ehlo.authMechanisms, ["LOGIN", "NTLM"]);
    assert.equal(ehlo.sizeLimit, 10240000);
  });
  test("a different code ends a multi-line reply as malformed", () => {
    const a = new SmtpReplyAssembler(10);
    assert.equal(a.push("250-first").type, "none");
    const out = a.push("500 second");
    assert.equal(out.type, "reply");
    if (out.type === "reply") {
      assert.equal(out.reply.wellFormed, false);
      assert.match(out.reply.problems[0] ?? "", /code 500/);
    }
  });
  test("too many continuation lines is reported, not buffered", () => {
    const a = new SmtpReplyAssembler(3);
    assert.equal(a.push("220-a").type, "none");
    assert.equal(a.push("220-b").type, "none");
    const out = a.push("220-c");
    assert.equal(out.type, "too_many_lines");
    assert.equal(a.inProgress, false);
  });
});

describe("parsePop3Status", () => {
  test("+OK, -ERR and garbage", () => {
    assert.deepEqual(parsePop3Status("+OK ready"), { status: "+OK", text: "ready" });
    assert.deepEqual(parsePop3Status("+OK"), { status: "+OK", text: "" });
    assert.deepEqual(parsePop3Status("-ERR no"), { status: "-ERR", text: "no" });
    assert.equal(parsePop3Status("+OKAY").status, null);
    assert.equal(parsePop3Status("220 smtp").status, null);
  });
});

describe("BoundedLineReader", () => {
  test("splits on LF, strips CR, keeps partial lines until their LF", () => {
    const r = new BoundedLineReader({ maxLineLength: 100, maxTotalBytes: 1000 });
    assert.deepEqual(r.push(bytes("220 a\r\n250 b\n25")).map((e) => (e.type === "line" ? [e.bytes.toString(), e.bareLf] : e.type)), [
      ["220 a", false],
      ["250 b", true],
    ]);
    assert.equal(r.pendingBytes, 2);
    const ev = r.push(bytes("0 c\r\n"));
    assert.equal(ev.length, 1);
    assert.equal(ev[0]?.type === "line" && ev[0].bytes.toString(), "250 c");
  });
  test("a line over the limit is an overflow and everything after is ignored", () => {
    const r = new BoundedLineReader({ maxLineLength: 8, maxTotalBytes: 1000 });
    const ev = r.push(bytes("220 0123456789"));
    const last = ev.at(-1);
    assert.ok(last?.type === "overflow" && last.reason === "line_too_long");
    assert.deepEqual(r.push(bytes("\r\n250 ok\r\n")), []);
  });
  test("a CR waiting for its LF at the limit is not an overflow", () => {
    const r = new BoundedLineReader({ maxLineLength: 4, maxTotalBytes: 1000 });
    assert.deepEqual(r.push(bytes("abcd\r")), []);
    const ev = r.push(bytes("\n"));
    assert.equal(ev[0]?.type === "line" && ev[0].bytes.toString(), "abcd");
  });
  test("total byte budget", () => {
    const r = new BoundedLineReader({ maxLineLength: 100, maxTotalBytes: 10 });
    const ev = r.push(bytes("250 a\r\n250 b\r\n"));
    assert.equal(ev[0]?.type, "line");
    assert.equal(ev.at(-1)?.type, "overflow");
  });
});

describe("property tests", () => {
  const limits = { maxLineLength: 64, maxReplyLines: 5, maxTotalBytes: 2_048 };

  test("arbitrary bytes never throw and never exceed the bounds", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4_096 }), (input) => {
        const res = parseSmtpReplies(input, limits);
        let total = 0;
        for (const reply of res.replies) {
          assert.ok(reply.lines.length >= 1 && reply.lines.length <= limits.maxReplyLines);
          assert.equal(reply.lines.length, reply.texts.length);
          for (const line of reply.lines) {
            total += line.length;
            // display text of a line of at most 64 bytes: at most 4 chars per byte when escaped
            assert.ok(line.length <= limits.maxLineLength * 4 + 64);
            assert.ok(!/[\x00-\x1f\x7f]/.test(line));
          }
          assert.ok(reply.code === null || (reply.code >= 0 && reply.code <= 999));
        }
        assert.ok(total <= limits.maxTotalBytes * 4 + 64 * res.replies.length);
        assert.ok(res.pendingBytes <= limits.maxLineLength + 1);
      }),
      { numRuns: 500 },
    );
  });

  test("SMTP-shaped random input: never throws, never over maxReplyLines", () => {
    const line = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom(" ", "-", "", "*"), fc.string({ maxLength: 80 })).map(([c, s, t]) => `${String(c).padStart(3, "0")}${s}${t}`),
      fc.string({ maxLength: 100 }),
      fc.constant("OK"),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.constantFrom("\r\n", "\n", "\r"), (lines, eol) => {
        const res = parseSmtpReplies(Buffer.from(lines.join(eol) + eol, "utf8"), limits);
        for (const reply of res.replies) assert.ok(reply.lines.length <= limits.maxReplyLines);
        if (res.error === null) assert.ok(res.partialLines < limits.maxReplyLines);
      }),
      { numRuns: 500 },
    );
  });

  test("chunking does not change the lines a reader produces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1_000 }), fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 40 }), (input, cuts) => {
        const whole = new BoundedLineReader({ maxLineLength: 80, maxTotalBytes: 10_000 }).push(input);
        const r = new BoundedLineReader({ maxLineLength: 80, maxTotalBytes: 10_000 });
        const pieces = [];
        let at = 0;
        for (const c of cuts) {
          if (at >= input.length) break;
          pieces.push(...r.push(input.subarray(at, at + c)));
          at += c;
        }
        pieces.push(...r.push(input.subarray(at)));
        const norm = (evs: typeof whole): string[] => evs.map((e) => (e.type === "line" ? `L:${e.bytes.toString("hex")}` : `O:${e.reason}`));
        assert.deepEqual(norm(pieces), norm(whole));
      }),
      { numRuns: 400 },
    );
  });

  test("assembler fed line by line agrees with parseSmtpReplies", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(220, 250, 500), fc.boolean(), fc.string({ maxLength: 30 })), { maxLength: 30 }), (spec) => {
        const text = spec.map(([c, more, t]) => `${c}${more ? "-" : " "}${t.replace(/[\r\n]/g, "")}`).join("\r\n") + "\r\n";
        const res = parseSmtpReplies(Buffer.from(text, "utf8"), { maxReplyLines: 1_000 });
        const a = new SmtpReplyAssembler(1_000);
        let n = 0;
        for (const l of text.split("\r\n").slice(0, -1)) if (a.push(Buffer.from(l, "utf8")).type === "reply") n++;
        assert.equal(res.replies.length, n);
      }),
      { numRuns: 300 },
    );
  });

  test("safeText never returns control characters and stays bounded", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 5_000 }), fc.string({ maxLength: 5_000 })), fc.integer({ min: 1, max: 300 }), (input, max) => {
        const out = safeText(input, max);
        assert.ok(!/[\x00-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/.test(out));
        assert.ok(out.length <= max + 40);
      }),
      { numRuns: 500 },
    );
  });
});

describe("safeText", () => {
  test("escapes CR/LF, NUL, bidi overrides and invalid UTF-8; keeps valid UTF-8", () => {
    assert.equal(safeText("a\r\nb"), "a\\r\\nb");
    assert.equal(safeText(Buffer.from([0x32, 0x32, 0x30, 0x00])), "220\\x00");
    assert.equal(safeText(Buffer.from([0xff, 0x41])), "\\xffA");
    assert.equal(safeText("x\u202Ey"), "x\\u202ey");
    assert.equal(safeText("héllo"), "héllo");
    assert.match(safeText("A".repeat(50), 10), /^A{10}… \[truncated, 50 bytes\]$/);
  });
  test("a string with nothing to escape comes back as it is; any other is escaped code point by code point", () => {
    // the escape rule, written out once more as the reference for the fast path
    const reference = (text: string): string =>
      [...text]
        .map((ch) => {
          const cp = ch.codePointAt(0)!;
          const named: Record<number, string> = { 0x0d: "\\r", 0x0a: "\\n", 0x09: "\\t", 0x5c: "\\\\" };
          if (named[cp]) return named[cp];
          if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, "0")}`;
          const unsafe = (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp === 0xfeff || cp === 0xfffd;
          return unsafe ? `\\u${cp.toString(16).padStart(4, "0")}` : ch;
        })
        .join("");
    const special = fc.constantFrom("\r", "\n", "\t", "\\", "\x00", "\x1f", " ", "\x7f", "\x80", "\x9f", "\xa0", "\u200a", "\u200b", "\u200f", "\u2010", "\u2027", "\u2028", "\u202e", "\u202f", "\u205f", "\u2060", "\u206f", "\u2070", "\ufeff", "\ufffd", "\ufffe", "\ud83d\ude00", "\ud800", "é", "A");
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme", maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 }), fc.array(special, { maxLength: 20 }).map((a) => a.join(""))), (text) => {
        assert.equal(safeText(text, 10_000), reference(text));
      }),
      { numRuns: 5_000 },
    );
  });
});
