/**
 * Random (version 4) UUIDs, in crypto.randomUUID()'s format, for probe ids and the test messages'
 * Message-IDs. The 122 random bits come from the kernel's random source (/dev/urandom, read a pool
 * at a time through fs), which is as unpredictable as node:crypto's generator (itself seeded from
 * the kernel): loading node:crypto only for this cost ~2.5 ms of every command line start. Where
 * there is no /dev/urandom (Windows), crypto.randomUUID() makes them.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { randomUUID as cryptoRandomUUID } from "node:crypto";

const IDS_PER_READ = 32;
const pool = Buffer.alloc(16 * IDS_PER_READ);
let next = pool.length;
let urandom = true;

/** Refills the pool from /dev/urandom; false when it cannot be read in full. */
function refill(): boolean {
  let fd: number | undefined;
  try {
    fd = openSync("/dev/urandom", "r");
    let got = 0;
    while (got < pool.length) {
      const n = readSync(fd, pool, got, pool.length - got, null);
      if (n <= 0) return false;
      got += n;
    }
    next = 0;
    return true;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function randomUUID(): string {
  if (urandom && next >= pool.length && !refill()) urandom = false;
  if (!urandom) return cryptoRandomUUID();
  const at = next;
  next += 16;
  pool[at + 6] = (pool[at + 6]! & 0x0f) | 0x40; // version 4
  pool[at + 8] = (pool[at + 8]! & 0x3f) | 0x80; // variant 10xx (RFC 9562)
  const hex = pool.toString("hex", at, at + 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
