/**
 * lib/probes/ip-literal.ts must answer exactly as node:net's isIP / isIPv4 / isIPv6: a fixed
 * corpus of edge cases, every string built from a grammar-shaped alphabet, and fast-check.
 */
import assert from "node:assert/strict";
import net from "node:net";
import { describe, test } from "node:test";
import fc from "fast-check";
import { isIP, isIPv4, isIPv6 } from "../../lib/probes/ip-literal";

function agree(s: string): void {
  assert.equal(isIPv4(s), net.isIPv4(s), `isIPv4(${JSON.stringify(s)})`);
  assert.equal(isIPv6(s), net.isIPv6(s), `isIPv6(${JSON.stringify(s)})`);
  assert.equal(isIP(s), net.isIP(s), `isIP(${JSON.stringify(s)})`);
}

const CORPUS = [
  "", ".", ":", "::", ":::", "::::", "0", "1", "1.2.3", "1.2.3.4", "1.2.3.4.", ".1.2.3.4", "1.2.3.4.5", "0.0.0.0", "255.255.255.255",
  "256.1.1.1", "1.256.1.1", "01.2.3.4", "1.2.3.04", "00.0.0.0", "1.2.3.-4", "1.2.3.4 ", " 1.2.3.4", "1..3.4", "127.0.0.1", "249.1.1.1",
  "250.1.1.1", "199.1.1.1", "200.1.1.1", "300.1.1.1", "1.2.3.1234", "1.2.3.0x1", "١.٢.٣.٤", "1.2.3.4\n", "::1", "::1\n", "1::", "1:2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7", "::1:2:3:4:5:6:7:8", "1::2:3:4:5:6:7",
  "1::2:3:4:5:6:7:8", "1:2::3:4:5:6:7", "1:::2", "1::2::3", "::ffff:1.2.3.4", "::ffff:01.2.3.4", "::ffff:1.2.3.4:1", "1:2:3:4:5:6:1.2.3.4",
  "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5::1.2.3.4", "1:2:3:4:5:6::1.2.3.4", "1.2.3.4::", "1.2.3.4::1", "::1.2.3.4", "::1:1.2.3.4",
  "1::1.2.3.4", "1:2:3:4::5:1.2.3.4", "12345::", "ffff::", "FFFF::", "gggg::", "fe80::1%eth0", "fe80::1%", "fe80::1%%", "fe80::1%eth0%1",
  "fe80::1%a.b:c-d", "fe80::1%a_b", "fe80::1%a b", "fe80::1%::", "1.2.3.4%eth0", "::%1", "%1", "::1%1\n", "[::1]", "::1/128", ":1::",
  "1:", ":1", "::1:", "1::2:", "0000:0000:0000:0000:0000:0000:0000:0000", "00000::", "fc00::", "fc00::/7", "2001:db8::1", "64:ff9b::1.2.3.4",
  "a:b:c:d:e:f:1.2.3", "a:b:c:d:e:f:1.2.3.4.5", "::0.0.0.0", "::255.255.255.255", "::256.0.0.0", "1:2:3:4:5:6:7:8%z", "1:2:3:4:5:6:7::%z",
];

describe("ip-literal: same answers as node:net", () => {
  test("edge-case corpus", () => {
    for (const s of CORPUS) agree(s);
  });

  test("every string of up to 4 characters over the grammar's alphabet, and longer ones from its pieces", () => {
    const alphabet = ["0", "1", "9", "a", "F", "g", ":", ".", "%", "-", "2", "5"];
    let level = [""];
    for (let len = 1; len <= 4; len++) {
      const next: string[] = [];
      for (const p of level) for (const c of alphabet) next.push(p + c);
      for (const s of next) agree(s);
      level = next;
    }
    const pieces = ["", "1", "ff", "ffff", "fffff", "0", "00", "255", "256", "1.2.3.4", "01.2.3.4", ":", "::", ".", "%z", "%", "a:", ":a"];
    for (const a of pieces) for (const b of pieces) for (const c of pieces) for (const d of pieces) agree(a + b + c + d);
  });

  test("fast-check: random strings and address-shaped strings", () => {
    const hexGroup = fc.oneof({ weight: 8, arbitrary: fc.stringMatching(/^[0-9a-fA-F]{1,4}$/) }, { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-fA-F]{0,5}$/) });
    const v4Part = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 255 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 300 }) });
    const v4 = fc.tuple(v4Part, v4Part, v4Part, v4Part, fc.boolean()).map(
      ([a, b, c, d, zero]) => `${a}.${b}.${c}.${zero ? "0" : ""}${d}`,
    );
    const v6 = fc
      .tuple(
        fc.oneof(fc.array(hexGroup, { maxLength: 7 }), fc.array(hexGroup, { minLength: 6, maxLength: 9 })),
        fc.nat({ max: 10 }),
        fc.boolean(),
        fc.option(v4, { nil: undefined, freq: 2 }),
        fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-zA-Z.:_%-]{0,4}$/) }),
      )
      .map(([gs, at, gap, tail, zone]) => {
        const parts = [...gs];
        if (gap) parts.splice(Math.min(at, parts.length), 0, "");
        let s = parts.join(":");
        if (gap && (s.startsWith(":") || s === "")) s = `:${s}`;
        if (gap && (s.endsWith(":") || s === ":")) s = `${s}:`;
        if (tail !== undefined) s = `${s}${s.endsWith(":") || s === "" ? "" : ":"}${tail}`;
        return zone === undefined ? s : `${s}%${zone}`;
      });
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: "grapheme-ascii", maxLength: 50 }), v4, v6), (s) => agree(s)), { numRuns: 50_000 });
    // most generated addresses must be valid ones, or the property test would only see rejections
    let valid = 0;
    for (const s of fc.sample(v6, 2000)) if (net.isIPv6(s)) valid++;
    let zoned = 0;
    for (const s of fc.sample(v6, 2000)) if (net.isIPv6(s) && s.includes("%")) zoned++;
    assert.ok(zoned > 20, `only ${zoned} of 2000 generated IPv6 strings were valid with a zone`);
    assert.ok(valid > 200, `only ${valid} of 2000 generated IPv6 strings were valid`);
  });
});
