/**
 * The policy's range matcher (lib/probes/cidr-set.ts) against Node's net.BlockList, whose answers
 * it must give for every address and range: same family, and across families through the
 * IPv4-mapped form (an IPv4 address in an IPv6 range that holds ::ffff:a.b.c.d, and back).
 */
import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import fc from "fast-check";
import { CidrSet, type CidrRange } from "../../lib/probes/cidr-set";

const v4Text = (b: number[]): string => b.join(".");
const v6Text = (b: number[]): string => {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i]! << 8) | b[i + 1]!).toString(16));
  return groups.join(":");
};
const byte = fc.integer({ min: 0, max: 255 });
const v4 = fc.array(byte, { minLength: 4, maxLength: 4 });
const v6 = fc.oneof(
  fc.array(byte, { minLength: 16, maxLength: 16 }),
  // the IPv4-mapped space, where the families meet
  v4.map((b) => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...b]),
  fc.constantFrom(new Array<number>(16).fill(0), [...new Array<number>(15).fill(0), 1], [0xfe, 0x80, ...new Array<number>(14).fill(0)]),
);
const canonical = (text: string, family: 4 | 6): string => new net.SocketAddress({ address: text, family: family === 4 ? "ipv4" : "ipv6" }).address;
const range: fc.Arbitrary<CidrRange> = fc.oneof(
  fc.tuple(v4, fc.integer({ min: 0, max: 32 })).map(([b, prefix]) => ({ address: canonical(v4Text(b), 4), prefix, family: 4 as const })),
  fc.tuple(v6, fc.integer({ min: 0, max: 128 })).map(([b, prefix]) => ({ address: canonical(v6Text(b), 6), prefix, family: 6 as const })),
);
/** An address, often one near a range's own address (a few bits flipped), in any written form. */
function addressNear(ranges: CidrRange[]): fc.Arbitrary<{ address: string; family: 4 | 6 }> {
  const random = fc.oneof(v4.map((b) => ({ address: v4Text(b), family: 4 as const })), v6.map((b) => ({ address: v6Text(b), family: 6 as const })));
  if (ranges.length === 0) return random;
  const near = fc.tuple(fc.constantFrom(...ranges), fc.integer({ min: 0, max: 127 }), fc.boolean()).map(([r, bit, mapped]) => {
    const bytes = r.family === 4 ? r.address.split(".").map(Number) : expand(r.address).flatMap((g) => [g >> 8, g & 0xff]);
    const at = bit % (bytes.length * 8);
    bytes[at >> 3] = bytes[at >> 3]! ^ (0x80 >> (at & 7));
    if (r.family === 4) return mapped ? { address: `::ffff:${v4Text(bytes)}`, family: 6 as const } : { address: v4Text(bytes), family: 4 as const };
    return { address: v6Text(bytes), family: 6 as const };
  });
  return fc.oneof(random, near, near);
}
/** The eight 16-bit groups of an IPv6 address as SocketAddress writes it. */
function expand(v6: string): number[] {
  const [head, tail] = v6.includes("::") ? v6.split("::") : [v6, undefined];
  const parse = (s: string | undefined): number[] =>
    !s ? [] : s.split(":").flatMap((g) => (g.includes(".") ? ((p) => [(p[0]! << 8) | p[1]!, (p[2]! << 8) | p[3]!])(g.split(".").map(Number)) : [parseInt(g, 16)]));
  const h = parse(head);
  const t = parse(tail);
  return tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}

test("answers exactly as net.BlockList does, within and across families", () => {
  fc.assert(
    fc.property(
      fc.array(range, { maxLength: 5 }).chain((ranges) => fc.tuple(fc.constant(ranges), fc.array(addressNear(ranges), { minLength: 1, maxLength: 8 }))),
      ([ranges, addresses]) => {
        const list = new net.BlockList();
        for (const r of ranges) list.addSubnet(r.address, r.prefix, r.family === 4 ? "ipv4" : "ipv6");
        const set = new CidrSet(ranges);
        for (const { address, family } of addresses) {
          const expected = list.check(address, family === 4 ? "ipv4" : "ipv6");
          assert.equal(set.has(address, family), expected, `${address} in ${JSON.stringify(ranges)}`);
          const rule = set.matching(address, family);
          assert.equal(rule !== undefined, expected);
          if (rule) {
            const one = new net.BlockList();
            one.addSubnet(rule.address, rule.prefix, rule.family === 4 ? "ipv4" : "ipv6");
            assert.ok(one.check(address, family === 4 ? "ipv4" : "ipv6"), "the rule it names holds the address");
          }
        }
      },
    ),
    { numRuns: 5_000 },
  );
});

test("edges: /0, full-length prefixes, mapped forms both ways", () => {
  const all4 = new CidrSet([{ address: "0.0.0.0", prefix: 0, family: 4 }]);
  assert.equal(all4.has("255.255.255.255", 4), true);
  assert.equal(all4.has("::ffff:1.2.3.4", 6), true);
  assert.equal(all4.has("2001:db8::1", 6), false);
  const all6 = new CidrSet([{ address: "::", prefix: 0, family: 6 }]);
  assert.equal(all6.has("10.0.0.1", 4), true, "BlockList: an IPv4 address is in ::/0 through ::ffff:10.0.0.1");
  const host = new CidrSet([{ address: "fd00:ec2::254", prefix: 128, family: 6 }]);
  assert.equal(host.has("fd00:ec2::254", 6), true);
  assert.equal(host.has("fd00:ec2::255", 6), false);
  assert.equal(new CidrSet([]).has("127.0.0.1", 4), false);
});
