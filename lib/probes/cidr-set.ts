/**
 * A set of IP ranges and the test "is this address in one of them", answering exactly as Node's
 * net.BlockList (addSubnet, then check) does, including across families: an IPv4 address is also
 * in an IPv6 range that holds its IPv4-mapped form (::ffff:a.b.c.d), and an IPv4-mapped IPv6
 * address is also in the IPv4 ranges that hold its IPv4 address. tests/probes/cidr-set.test.ts
 * holds it to BlockList's answers with fast-check. A policy is made on every command line start:
 * loading BlockList and building one (a SocketAddress per range) cost ~1 ms of it.
 */
import { ipv6Bytes } from "./embedded-ipv4";

export interface CidrRange {
  /** Canonical address of the range (as parseCidr makes it). */
  address: string;
  prefix: number;
  family: 4 | 6;
}

/** The 4 bytes of a dotted-quad IPv4 address (already known to be one). */
function ipv4Bytes(address: string): Uint8Array {
  const out = new Uint8Array(4);
  let part = 0;
  let value = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 46) {
      out[part++] = value;
      value = 0;
    } else {
      value = value * 10 + (c - 48);
    }
  }
  out[part] = value;
  return out;
}

/** True when the first `prefix` bits of a and b agree (both of the same length). */
function samePrefix(a: Uint8Array, b: Uint8Array, prefix: number): boolean {
  const whole = prefix >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (a[whole]! & mask) === (b[whole]! & mask);
}

/** An address in both forms it can be matched in: its IPv4 bytes and its IPv6 bytes. */
interface Forms {
  v4: Uint8Array | null;
  v6: Uint8Array | null;
}

function isMapped(v6: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (v6[i] !== 0) return false;
  return v6[10] === 0xff && v6[11] === 0xff;
}

function formsOf(address: string, family: 4 | 6): Forms {
  if (family === 4) {
    const v4 = ipv4Bytes(address);
    const v6 = new Uint8Array(16);
    v6[10] = 0xff;
    v6[11] = 0xff;
    v6.set(v4, 12);
    return { v4, v6 };
  }
  const v6 = ipv6Bytes(address);
  return { v4: v6 && isMapped(v6) ? v6.slice(12) : null, v6 };
}

export class CidrSet<R extends CidrRange = CidrRange> {
  private bytes: Uint8Array[] | undefined;

  constructor(readonly rules: readonly R[]) {}

  private ruleBytes(): Uint8Array[] {
    return (this.bytes ??= this.rules.map((r) => (r.family === 4 ? ipv4Bytes(r.address) : ipv6Bytes(r.address)!)));
  }

  private matches(index: number, forms: Forms): boolean {
    const rule = this.rules[index]!;
    const form = rule.family === 4 ? forms.v4 : forms.v6;
    return form !== null && samePrefix(form, this.ruleBytes()[index]!, rule.prefix);
  }

  /** True when the address (an IP address of `family`) is in one of the ranges. */
  has(address: string, family: 4 | 6): boolean {
    return this.matching(address, family) !== undefined;
  }

  /** The first range the address is in, if any. */
  matching(address: string, family: 4 | 6): R | undefined {
    if (this.rules.length === 0) return undefined;
    const forms = formsOf(address, family);
    for (let i = 0; i < this.rules.length; i++) if (this.matches(i, forms)) return this.rules[i];
    return undefined;
  }
}
