// Guards issue 11's client address for limits and audit: X-Forwarded-For counts only when the TCP
// peer is a trusted proxy (RELAYDESK_TRUSTED_PROXIES), and then the right-most address that is not
// a trusted proxy is the client; a forged header from an untrusted peer changes nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { clientAddress, parseTrustedProxies, trustedProxiesFromEnv } from "@/lib/http/client-address";
import { PolicyConfigError } from "@/lib/probes/policy";

const none = parseTrustedProxies(undefined);
const proxies = parseTrustedProxies("10.0.0.0/8, 127.0.0.1, ::1");
const h = (peer: string | null, forwarded?: string) => {
  const headers = new Headers();
  if (peer !== null) headers.set("x-relaydesk-peer", peer);
  if (forwarded !== undefined) headers.set("x-forwarded-for", forwarded);
  return headers;
};

test("no trusted proxy (the default): the peer's address, whatever X-Forwarded-For says", () => {
  assert.equal(clientAddress(h("203.0.113.5"), none), "203.0.113.5");
  assert.equal(clientAddress(h("203.0.113.5", "1.2.3.4"), none), "203.0.113.5");
  assert.equal(clientAddress(h("203.0.113.5", "1.2.3.4, 5.6.7.8"), none), "203.0.113.5");
  assert.equal(clientAddress(h("::ffff:203.0.113.5", "1.2.3.4"), none), "203.0.113.5", "IPv4-mapped peer as IPv4");
  // a peer that is a proxy but not configured as trusted is the client as far as we know
  assert.equal(clientAddress(h("10.0.0.5", "1.2.3.4"), none), "10.0.0.5");
});

test("an untrusted peer's forged X-Forwarded-For naming a trusted proxy changes nothing", () => {
  assert.equal(clientAddress(h("198.51.100.1", "10.0.0.5"), proxies), "198.51.100.1");
  assert.equal(clientAddress(h("198.51.100.1", "127.0.0.1, 10.0.0.5"), proxies), "198.51.100.1");
});

test("a trusted peer: the right-most X-Forwarded-For address that is not a trusted proxy", () => {
  assert.equal(clientAddress(h("127.0.0.1", "198.51.100.44"), proxies), "198.51.100.44");
  // the client forged 1.1.1.1 at the left; proxies appended the real address and their own
  assert.equal(clientAddress(h("127.0.0.1", "1.1.1.1, 198.51.100.44, 10.0.0.5"), proxies), "198.51.100.44");
  assert.equal(clientAddress(h("::1", "2001:db8::7, 10.1.2.3"), proxies), "2001:db8::7");
  // a proxy that adds the port
  assert.equal(clientAddress(h("127.0.0.1", "198.51.100.44:51234"), proxies), "198.51.100.44");
  assert.equal(clientAddress(h("127.0.0.1", "[2001:db8::9]:443"), proxies), "2001:db8::9");
  // no X-Forwarded-For at all: the trusted peer itself
  assert.equal(clientAddress(h("127.0.0.1"), proxies), "127.0.0.1");
  // only trusted proxies in the chain: the left-most of them
  assert.equal(clientAddress(h("127.0.0.1", "10.0.0.9, 10.0.0.5"), proxies), "10.0.0.9");
  // garbage stops the walk at the last address a trusted hop vouched for
  assert.equal(clientAddress(h("127.0.0.1", "1.1.1.1, not-an-ip, 10.0.0.5"), proxies), "10.0.0.5");
});

test("without the console server's peer header (next dev), the right-most X-Forwarded-For entry stands for the peer", () => {
  assert.equal(clientAddress(h(null, "203.0.113.5"), none), "203.0.113.5");
  assert.equal(clientAddress(h(null, "1.2.3.4, 203.0.113.5"), none), "203.0.113.5", "never the client-written left-most entry");
  assert.equal(clientAddress(h(null), none), null);
  assert.equal(clientAddress(h("garbage"), none), null);
});

test("RELAYDESK_TRUSTED_PROXIES: a bad entry is a clear configuration error", () => {
  assert.throws(() => parseTrustedProxies("10.0.0.0/8, proxy.example"), (e: unknown) => e instanceof PolicyConfigError && /not an IP range: "proxy.example"/.test(e.message));
  assert.throws(() => parseTrustedProxies("10.0.0.0/40"), PolicyConfigError);
  const set = trustedProxiesFromEnv({ RELAYDESK_TRUSTED_PROXIES: "192.0.2.0/24" });
  assert.equal(clientAddress(h("192.0.2.1", "198.51.100.2"), set), "198.51.100.2");
  // a bad value in the environment trusts no proxy (and fails no request)
  const broken = trustedProxiesFromEnv({ RELAYDESK_TRUSTED_PROXIES: "192.0.2.0/24, nonsense" });
  assert.equal(clientAddress(h("192.0.2.1", "198.51.100.2"), broken), "192.0.2.1");
});
