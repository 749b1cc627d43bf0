/**
 * The default recipient of the envelope test: postmaster at the target (RFC 5321 section 4.5.1:
 * every domain accepts mail for postmaster). Address literals go in brackets, IPv6 with the
 * "IPv6:" tag-free form the probe's mailbox rule accepts ([addr]).
 */
import { isIP } from "./ip-literal";

/** The host part of "HOST", "HOST:PORT", "[v6]:PORT" or a bare IPv6 literal. */
export function hostOfTarget(target: string): string {
  const t = target.trim();
  if (t.startsWith("[")) return t.slice(1, Math.max(1, t.indexOf("]")));
  const colons = (t.match(/:/g) ?? []).length;
  if (colons === 1) return t.slice(0, t.indexOf(":"));
  return t;
}

export function postmasterOf(host: string): string {
  const h = host.replace(/\.$/, "");
  return isIP(h) ? `postmaster@[${h}]` : `postmaster@${h}`;
}
