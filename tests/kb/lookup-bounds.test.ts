/**
 * Guards issue 9 item 1 as properties (fast-check): a lookup of any text up to the body limit
 * finishes within a time budget, and the cooperative path (the one request handlers use, which
 * yields to the event loop between slices) gives exactly the result of the synchronous one and
 * never holds the loop for long.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();
const { getDb } = await import("@/lib/db/client");
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const kbSeedData = (await import("@/lib/kb/shipped")).shippedKbInput();
const { getKbIndex, MAX_QUERY_CHARS } = await import("@/lib/search/service");

before(async () => {
  await loadKbSeed(getDb(), kbSeedData);
});
after(async () => {
  await getDb().$disconnect();
  database.cleanup();
});

/** Pieces that each exercise one extractor or a known quadratic trap, repeated to any length. */
const piece = fc.constantFrom(
  "550 5.7.1 ",
  "5.7.1 ",
  "421 4.4.2 ",
  "0x800CCC79 ",
  "WSAETIMEDOUT ",
  "error 10060 ",
  "Event ID: 1032 ",
  "Source: MSExchange ",
  "220 *****0****2*** ",
  ". ",
  "   ",
  "\n",
  "connection ",
  "a.",
  "x",
  "é",
  "ｆｕｌｌ",
);
const longText = fc
  .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1_000, max: MAX_QUERY_CHARS }), fc.string({ maxLength: 50 }))
  .map(([pieces, length, tail]) => {
    const unit = pieces.join("");
    return (unit.repeat(Math.ceil(length / unit.length)) + tail).slice(0, MAX_QUERY_CHARS);
  });

test("a lookup of any text up to the limit finishes within its budget (1 s)", async () => {
  const index = await getKbIndex();
  let slowest = 0;
  await fc.assert(
    fc.asyncProperty(longText, async (text) => {
      const t0 = performance.now();
      await index.lookupCooperatively(text);
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      assert.ok(ms < 1_000, `${text.length} characters took ${ms.toFixed(0)} ms: ${JSON.stringify(text.slice(0, 60))}`);
    }),
    { numRuns: 25 },
  );
  console.log(`slowest lookup: ${slowest.toFixed(0)} ms`);
});

test("the cooperative lookup equals the synchronous one and gives the event loop turns", async () => {
  const index = await getKbIndex();
  await fc.assert(
    fc.asyncProperty(fc.oneof(longText, fc.string({ maxLength: 2_000 })), async (text) => {
      assert.deepEqual(await index.lookupCooperatively(text), index.lookup(text));
    }),
    { numRuns: 15 },
  );
  const text = "550 5.7.1 ".repeat(20_000);
  let turns = 0;
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    turns++;
  }, 1);
  await index.lookupCooperatively(text);
  clearInterval(timer);
  assert.ok(turns > 3, `the event loop ran ${turns} timers during the lookup`);
  console.log(`200 KB one-line lookup: ${turns} timer turns, longest gap ${longest.toFixed(1)} ms`);
});
