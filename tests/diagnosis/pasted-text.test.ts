// Regression: the wizard accepted 30,000 pasted characters that the live check then refused ("text is too long").
import assert from "node:assert/strict";
import { test } from "node:test";
import { KEEP_WHOLE_CHARS, MAX_TRIMMED_CHARS, trimToRecognised } from "@/lib/diagnosis/pasted-text";

test("short text is kept whole", () => {
  const r = trimToRecognised("  451 4.7.3 Cannot achieve Exchange Server authentication  ", ["451 4.7.3"]);
  assert.deepEqual(r, { text: "451 4.7.3 Cannot achieve Exchange Server authentication", trimmed: false, originalChars: 59 });
});

test("long text keeps the recognised lines and one line around each, within the URL budget", () => {
  const filler = Array.from({ length: 600 }, (_, i) => `Received: from relay${i}.example.net by gw.example.net; queue id ${i}`);
  filler.splice(300, 0, "Remote Server returned '451 4.7.3 Cannot achieve Exchange Server authentication'");
  const text = filler.join("\n");
  assert.ok(text.length > 30_000);
  const r = trimToRecognised(text, ["451 4.7.3"]);
  assert.equal(r.trimmed, true);
  assert.equal(r.originalChars, text.length);
  const lines = r.text.split("\n");
  assert.deepEqual(lines, [filler[299], filler[300], filler[301]]);
  assert.ok(r.text.length <= MAX_TRIMMED_CHARS);
});

test("gaps are marked and the result is bounded even when everything matches", () => {
  const text = Array.from({ length: 2_000 }, (_, i) => (i % 10 === 0 ? `0x800CCC79 error ${i}` : `noise ${i}`)).join("\n");
  const r = trimToRecognised(text, ["0x800CCC79"]);
  assert.ok(r.text.includes("…"));
  assert.ok(r.text.length <= MAX_TRIMMED_CHARS);
});

test("nothing recognised: the start of the text, bounded", () => {
  const r = trimToRecognised("x".repeat(KEEP_WHOLE_CHARS * 10), ["0x800CCC79"]);
  assert.equal(r.text.length, KEEP_WHOLE_CHARS);
});
