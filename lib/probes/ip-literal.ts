/**
 * net.isIP / isIPv4 / isIPv6, answered by a scanner instead of Node's regular expressions. The
 * first call of net.isIPv6 compiles a ~1 KB regular expression (~7 ms, once per process), which
 * the target policy paid on every command-line start. Same answers as Node's functions for every
 * string (tests/probes/ip-literal.test.ts compares them on a large corpus and with fast-check).
 *
 * Node's grammar (lib/internal/net.js): an IPv4 address is four decimal parts 0-255 without
 * leading zeros; an IPv6 address is eight groups of 1-4 hex digits, the last two of which may be
 * an IPv4 address, or fewer groups with one "::" standing for at least one group, then optionally
 * a zone: "%" and one or more of [0-9a-zA-Z.:-].
 */

/** Index just after a decimal part 0-255 (no leading zero) starting at i, or -1. */
function v4Part(s: string, i: number): number {
  const start = i;
  while (i < s.length && i - start < 3) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  const len = i - start;
  if (len === 0) return -1;
  if (len > 1 && s.charCodeAt(start) === 48) return -1;
  if (len === 3 && Number(s.slice(start, i)) > 255) return -1;
  return i;
}

/** True when s[from, to) is exactly an IPv4 address as Node's isIPv4 accepts it. */
function isV4Range(s: string, from: number, to: number): boolean {
  let i = from;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= to || s.charCodeAt(i) !== 46) return false;
      i++;
    }
    i = v4Part(s, i);
    if (i === -1 || i > to) return false;
  }
  return i === to;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isZoneChar(c: number): boolean {
  // [0-9a-zA-Z.:-]
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
}

/**
 * Counts the groups of s[from, to), a ":"-separated list of 1-4 hex digit groups whose last
 * element may be an IPv4 address when allowV4. Returns -1 when it is not such a list; an IPv4
 * address counts as two groups. An empty range is zero groups.
 */
function groups(s: string, from: number, to: number, allowV4: boolean): number {
  if (from === to) return 0;
  let count = 0;
  let i = from;
  for (;;) {
    const start = i;
    while (i < to && isHex(s.charCodeAt(i))) i++;
    if (i < to && s.charCodeAt(i) === 46) {
      // an IPv4 address: only as the last element
      return allowV4 && isV4Range(s, start, to) ? count + 2 : -1;
    }
    const len = i - start;
    if (len < 1 || len > 4) return -1;
    count++;
    if (i === to) return count;
    if (s.charCodeAt(i) !== 58) return -1;
    i++;
    if (i === to) return -1; // a trailing single ":"
  }
}

export function isIPv4(s: string): boolean {
  return isV4Range(s, 0, s.length);
}

export function isIPv6(s: string): boolean {
  let end = s.indexOf("%");
  if (end !== -1) {
    if (end === s.length - 1) return false;
    for (let i = end + 1; i < s.length; i++) if (!isZoneChar(s.charCodeAt(i))) return false;
  } else {
    end = s.length;
  }
  const gap = s.indexOf("::");
  if (gap === -1 || gap >= end) {
    // no "::": eight groups, the last two possibly an IPv4 address
    return groups(s, 0, end, true) === 8;
  }
  // one "::" standing for at least one group
  if (s.indexOf("::", gap + 1) !== -1 && s.indexOf("::", gap + 1) < end) return false;
  const left = groups(s, 0, gap, false);
  if (left === -1) return false;
  const right = groups(s, gap + 2, end, true);
  if (right === -1) return false;
  return left + right <= 7;
}

/** 4, 6 or 0, like net.isIP. */
export function isIP(s: string): 0 | 4 | 6 {
  if (isIPv4(s)) return 4;
  if (isIPv6(s)) return 6;
  return 0;
}
