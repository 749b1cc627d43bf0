/**
 * A tiny authoritative DNS responder over UDP for the probe tests (A, AAAA, MX,
 * PTR; NXDOMAIN, NODATA, SERVFAIL and "never answer"). Loopback only, port 0.
 * Enough of RFC 1035 for node:dns's c-ares resolver; no compression on output
 * except the pointer to the question name, no EDNS, no TCP.
 */
import dgram from "node:dgram";
import net from "node:net";

export interface ZoneRecords {
  A?: string[];
  AAAA?: string[];
  MX?: Array<{ preference: number; exchange: string }>;
  PTR?: string[];
}

export interface DnsTestServer {
  host: string;
  port: number;
  /** "127.0.0.1:port", ready for dnsServers / --dns-server. */
  address: string;
  queries: Array<{ name: string; type: string }>;
  close(): Promise<void>;
}

export interface DnsServerOptions {
  /** name (lower case, no trailing dot) -> records. Names absent here answer NXDOMAIN. */
  zone: Record<string, ZoneRecords>;
  servfail?: string[];
  /** Names whose queries are never answered (resolver timeout). */
  drop?: string[];
}

const TYPES: Record<number, keyof ZoneRecords> = { 1: "A", 28: "AAAA", 15: "MX", 12: "PTR" };

/** "192.0.2.1" -> "1.2.0.192.in-addr.arpa"; IPv6 -> nibble form under ip6.arpa. */
export function reverseName(address: string): string {
  if (net.isIPv4(address)) return `${address.split(".").reverse().join(".")}.in-addr.arpa`;
  const bytes = ipv6Bytes(address);
  const nibbles: string[] = [];
  for (const b of bytes) nibbles.push((b >> 4).toString(16), (b & 15).toString(16));
  return `${nibbles.reverse().join(".")}.ip6.arpa`;
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const h = head ? head.split(":").filter(Boolean) : [];
  const t = tail !== undefined && tail ? tail.split(":").filter(Boolean) : [];
  const fill = tail !== undefined ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array<string>(fill).fill("0"), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, "").split(".").filter(Boolean);
  const bufs = parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, "ascii")]));
  return Buffer.concat([...bufs, Buffer.from([0])]);
}

function decodeQuestion(msg: Buffer): { id: number; name: string; qtype: number; end: number; rd: boolean } | null {
  if (msg.length < 12) return null;
  const id = msg.readUInt16BE(0);
  const rd = (msg[2]! & 1) === 1;
  let off = 12;
  const labels: string[] = [];
  for (let guard = 0; guard < 128; guard++) {
    const len = msg[off];
    if (len === undefined) return null;
    off += 1;
    if (len === 0) break;
    if (len > 63 || off + len > msg.length) return null;
    labels.push(msg.subarray(off, off + len).toString("ascii"));
    off += len;
  }
  if (off + 4 > msg.length) return null;
  const qtype = msg.readUInt16BE(off);
  return { id, name: labels.join(".").toLowerCase(), qtype, end: off + 4, rd };
}

function rr(type: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // pointer to the question name
  head.writeUInt16BE(type, 2);
  head.writeUInt16BE(1, 4); // IN
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

export async function startDnsServer(opts: DnsServerOptions): Promise<DnsTestServer> {
  const socket = dgram.createSocket("udp4");
  const queries: Array<{ name: string; type: string }> = [];
  const zone = new Map(Object.entries(opts.zone).map(([k, v]) => [k.toLowerCase().replace(/\.$/, ""), v]));
  socket.on("message", (msg, rinfo) => {
    const q = decodeQuestion(msg);
    if (!q) return;
    const typeName = TYPES[q.qtype];
    queries.push({ name: q.name, type: typeName ?? String(q.qtype) });
    if (opts.drop?.includes(q.name)) return;
    let rcode = 0;
    const answers: Buffer[] = [];
    if (opts.servfail?.includes(q.name)) rcode = 2;
    else {
      const records = zone.get(q.name);
      if (!records) rcode = 3;
      else if (typeName) {
        if (typeName === "A") for (const a of records.A ?? []) answers.push(rr(1, Buffer.from(a.split(".").map(Number))));
        if (typeName === "AAAA") for (const a of records.AAAA ?? []) answers.push(rr(28, ipv6Bytes(a)));
        if (typeName === "MX") {
          for (const m of records.MX ?? []) {
            const pref = Buffer.alloc(2);
            pref.writeUInt16BE(m.preference, 0);
            answers.push(rr(15, Buffer.concat([pref, encodeName(m.exchange)])));
          }
        }
        if (typeName === "PTR") for (const p of records.PTR ?? []) answers.push(rr(12, encodeName(p)));
      }
    }
    const header = Buffer.alloc(12);
    header.writeUInt16BE(q.id, 0);
    header.writeUInt16BE(0x8000 | 0x0400 | (q.rd ? 0x0100 : 0) | 0x0080 | rcode, 2); // QR AA RD? RA rcode
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const reply = Buffer.concat([header, msg.subarray(12, q.end), ...answers]);
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => resolve());
  });
  const port = socket.address().port;
  let closed = false;
  return {
    host: "127.0.0.1",
    port,
    address: `127.0.0.1:${port}`,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        socket.close(() => resolve());
      }),
  };
}
