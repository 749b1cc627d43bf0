/** Probe ids: version 4 UUIDs in crypto.randomUUID()'s format, from the kernel's random source. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { randomUUID } from "@/lib/probes/random-id";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("ids are version 4 UUIDs, distinct across several refills of the pool", () => {
  const ids = Array.from({ length: 1000 }, () => randomUUID());
  for (const id of ids) assert.match(id, UUID_V4);
  assert.equal(new Set(ids).size, ids.length);
});

test("the random bits are spread evenly (no constant or stuck positions)", () => {
  // every hex digit position outside the fixed version/variant digits takes many values
  const ids = Array.from({ length: 2000 }, () => randomUUID().replace(/-/g, ""));
  for (let pos = 0; pos < 32; pos++) {
    const seen = new Set(ids.map((id) => id[pos]));
    if (pos === 12) assert.deepEqual([...seen], ["4"]);
    else if (pos === 16) assert.equal(seen.size, 4, "variant digit is one of 8, 9, a, b");
    else assert.equal(seen.size, 16, `position ${pos}`);
  }
});
