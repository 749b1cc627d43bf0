/**
 * The machine's own interface addresses. A service bound to 0.0.0.0:25 on the console's host is
 * reachable through them even though 127.0.0.1 is denied, so the default policy denies them too.
 * They are enumerated when first needed and refreshed, because interfaces come and go (DHCP,
 * VPNs, containers).
 */
import os from "node:os";
import { normaliseAddress } from "./policy";

/** How long one enumeration is trusted. */
export const OWN_ADDRESSES_REFRESH_MS = 30_000;

let cached: { at: number; addresses: ReadonlySet<string> } | null = null;

/** Every address of every interface (loopback included), normalised. */
export function enumerateOwnAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) out.add(normaliseAddress(a.address));
  }
  return out;
}

/** The machine's own addresses, re-enumerated when the last look is older than the refresh interval. */
export function ownAddresses(now = Date.now()): ReadonlySet<string> {
  if (!cached || now - cached.at >= OWN_ADDRESSES_REFRESH_MS) cached = { at: now, addresses: enumerateOwnAddresses() };
  return cached.addresses;
}

/** Forgets the cached enumeration (tests; a caller that knows interfaces changed). */
export function refreshOwnAddresses(): void {
  cached = null;
}
