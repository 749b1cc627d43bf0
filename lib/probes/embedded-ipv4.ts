/**
 * IPv6 forms that carry an IPv4 address, so the target policy can judge the IPv4 address a
 * packet would end up at (a NAT64 gateway, a 6to4 relay or a dual-stack socket turns them into
 * IPv4). Each form with its source:
 *   ::ffff:a.b.c.d      IPv4-mapped (RFC 4291 §2.5.5.2)
 *   ::a.b.c.d           IPv4-compatible, deprecated (RFC 4291 §2.5.5.1)
 *   ::ffff:0:a.b.c.d    IPv4-translated (RFC 2765 §2.1)
 *   64:ff9b::/96        NAT64 well-known prefix (RFC 6052 §2.1), IPv4 in the last 32 bits
 *   64:ff9b:1::/48      NAT64 local-use prefix (RFC 8215), IPv4 in bits 48..63 and 72..87 (RFC 6052 §2.2)
 *   2002::/16           6to4 (RFC 3056 §2), IPv4 in bits 16..47
 *   2001::/32           Teredo (RFC 4380 §4), server IPv4 in bits 32..63, client IPv4 inverted in the last 32 bits
 */
import { isIPv4, isIPv6 } from "./ip-literal";

/** The 16 bytes of an IPv6 address, or null when `address` is not one. */
export function ipv6Bytes(address: string): Uint8Array | null {
  if (!isIPv6(address)) return null;
  let text = address.toLowerCase();
  const zone = text.indexOf("%");
  if (zone !== -1) text = text.slice(0, zone);
  const groups: number[] = [];
  const parseGroups = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const items = part.split(":");
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.includes(".")) {
        if (i !== items.length - 1 || !isIPv4(item)) return null;
        const [a, b, c, d] = item.split(".").map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else {
        out.push(parseInt(item, 16));
      }
    }
    return out;
  };
  const gap = text.indexOf("::");
  if (gap === -1) {
    const all = parseGroups(text);
    if (!all || all.length !== 8) return null;
    groups.push(...all);
  } else {
    const head = parseGroups(text.slice(0, gap));
    const tail = parseGroups(text.slice(gap + 2));
    if (!head || !tail || head.length + tail.length > 7) return null;
    groups.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  }
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

function ipv4At(bytes: Uint8Array, offsets: number[], invert = false): string {
  return offsets.map((o) => (invert ? bytes[o]! ^ 0xff : bytes[o]!)).join(".");
}

function zero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (bytes[i] !== 0) return false;
  return true;
}

export interface EmbeddedIPv4 {
  /** The IPv4 address the form carries. */
  address: string;
  /** The form's name, for the words of a refusal. */
  form: string;
}

/** Every IPv4 address an IPv6 address embeds (none for other IPv6 addresses and for IPv4). */
export function embeddedIPv4(address: string): EmbeddedIPv4[] {
  const b = ipv6Bytes(address);
  if (!b) return [];
  const last = [12, 13, 14, 15];
  if (zero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return [{ address: ipv4At(b, last), form: "IPv4-mapped" }];
  if (zero(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) {
    return [{ address: ipv4At(b, last), form: "IPv4-translated" }];
  }
  // ::/96 minus :: and ::1 (those are the unspecified and loopback addresses themselves)
  if (zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] === 0 || b[15] === 1))) {
    return [{ address: ipv4At(b, last), form: "IPv4-compatible" }];
  }
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
    if (zero(b, 4, 12)) return [{ address: ipv4At(b, last), form: "NAT64 64:ff9b::/96" }];
    if (b[4] === 0x00 && b[5] === 0x01) return [{ address: ipv4At(b, [6, 7, 9, 10]), form: "NAT64 64:ff9b:1::/48" }];
  }
  if (b[0] === 0x20 && b[1] === 0x02) return [{ address: ipv4At(b, [2, 3, 4, 5]), form: "6to4 2002::/16" }];
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) {
    return [
      { address: ipv4At(b, last, true), form: "Teredo client" },
      { address: ipv4At(b, [4, 5, 6, 7]), form: "Teredo server" },
    ];
  }
  return [];
}
