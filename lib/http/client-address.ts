/**
 * The client address of a request, for the per-IP limits and the audit log. The console server
 * (scripts/serve.mjs) gives the TCP peer's address in x-relaydesk-peer. X-Forwarded-For counts
 * only when that peer is a trusted proxy (RELAYDESK_TRUSTED_PROXIES, ranges; none by default):
 * the chain is read from the right, skipping trusted proxies, and the first address that is not
 * one is the client (the left-most entries are whatever the client wrote, so they never count on
 * their own). Without x-relaydesk-peer (`next dev`), the right-most X-Forwarded-For entry, which
 * Next fills in with the peer's address when the client sent none, stands in for the peer.
 */
import { CidrSet } from "@/lib/probes/cidr-set";
import { normaliseAddress, parseCidr, PolicyConfigError, splitList, type CidrRule } from "@/lib/probes/policy";
import { isIP } from "@/lib/probes/ip-literal";

export const PEER_HEADER = "x-relaydesk-peer";

/** Most X-Forwarded-For entries read (from the right): a longer chain is not walked further. */
const MAX_HOPS = 20;

/** Trusted proxy ranges, parsed. Throws PolicyConfigError on a bad entry. */
export function parseTrustedProxies(value: string | undefined): CidrSet<CidrRule> {
  return new CidrSet(splitList(value).map((c) => parseCidr(c, "RELAYDESK_TRUSTED_PROXIES")));
}

let fromEnv: { text: string | undefined; set: CidrSet<CidrRule> } | null = null;

/**
 * RELAYDESK_TRUSTED_PROXIES, parsed once per distinct value. A bad value is logged and trusts no
 * proxy (the peer's address counts): the safe reading, and no request fails over it.
 */
export function trustedProxiesFromEnv(env: Record<string, string | undefined> = process.env): CidrSet<CidrRule> {
  const text = env.RELAYDESK_TRUSTED_PROXIES;
  if (fromEnv === null || fromEnv.text !== text) {
    let set: CidrSet<CidrRule>;
    try {
      set = parseTrustedProxies(text);
    } catch (error) {
      if (!(error instanceof PolicyConfigError)) throw error;
      console.error(`relaydesk: RELAYDESK_TRUSTED_PROXIES ignored, no proxy is trusted: ${error.message}`);
      set = new CidrSet([]);
    }
    fromEnv = { text, set };
  }
  return fromEnv.set;
}

/** An address as the rules compare it, or null when the text is not an IP address. */
function addressOf(text: string): string | null {
  let t = text.trim();
  // "1.2.3.4:5678" and "[v6]:port" (some proxies add the port)
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(t);
  if (v4port) t = v4port[1]!;
  const v6port = /^\[([^\]]+)\]:\d{1,5}$/.exec(t);
  if (v6port) t = v6port[1]!;
  const a = normaliseAddress(t);
  return isIP(a) ? a : null;
}

function trusted(set: CidrSet<CidrRule>, address: string): boolean {
  const family = isIP(address);
  return (family === 4 || family === 6) && set.has(address, family);
}

/**
 * The client's address: the peer, unless the peer is a trusted proxy; then, walking
 * X-Forwarded-For from the right, the first address that is not a trusted proxy (or the left-most
 * one read, when all are). An entry that is not an address stops the walk: what lies left of it
 * cannot be trusted either, so the last trusted hop's view counts.
 */
export function clientAddress(headers: Headers, trustedProxies: CidrSet<CidrRule> = trustedProxiesFromEnv()): string | null {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const peerHeader = headers.get(PEER_HEADER);
  let peer: string | null;
  if (peerHeader !== null) peer = addressOf(peerHeader);
  else peer = forwarded.length > 0 ? addressOf(forwarded.pop()!) : null;
  if (peer === null || !trusted(trustedProxies, peer)) return peer;
  let client = peer;
  for (let i = forwarded.length - 1, hops = 0; i >= 0 && hops < MAX_HOPS; i--, hops++) {
    const hop = addressOf(forwarded[i]!);
    if (hop === null) break;
    client = hop;
    if (!trusted(trustedProxies, hop)) break;
  }
  return client;
}
