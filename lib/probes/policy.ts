/**
 * Target policy: which ports and addresses a probe may talk to. It is checked on
 * the port before anything happens and on every resolved address after DNS; the
 * probe then connects to that exact checked address (never to a name again), so
 * a name that resolves differently the second time cannot slip through.
 *
 * Configured the same way for the CLI and the server, from the environment (the console server
 * uses the policy an admin saved at /admin/policy instead once there is one: lib/probe-policy/):
 *   RELAYDESK_PROBE_ALLOW_CIDRS  ranges allowed even though denied by default (e.g. 127.0.0.0/8 for a lab)
 *   RELAYDESK_PROBE_DENY_CIDRS   extra denied ranges (always denied, even when also allowed)
 *   RELAYDESK_PROBE_PORTS        allowed ports: "25,587,2525", ranges "1024-2048", or "any"
 *
 * Besides the ranges below, the machine's own interface addresses are denied by default (a
 * service on 0.0.0.0 is reachable through them), and an IPv6 address that embeds an IPv4 address
 * (mapped, compatible, translated, NAT64, 6to4, Teredo) is judged by the IPv4 address as well.
 */
import net from "node:net";
import { CidrSet } from "./cidr-set";
import { embeddedIPv4 } from "./embedded-ipv4";
import { ownAddresses } from "./own-addresses";

import { isIP, isIPv4, isIPv6 } from "./ip-literal";

export interface CidrRule {
  cidr: string;
  address: string;
  prefix: number;
  family: 4 | 6;
  label: string;
}

/**
 * Denied unless RELAYDESK_PROBE_ALLOW_CIDRS opens them. Written out as parsed rules (canonical
 * address, prefix, family), which is what parseCidr makes of each `cidr` (tests/probes/
 * banner-policy.test.ts holds them to that): parsing them again on every start cost the command
 * line the IPv6 canonicalisation of five addresses.
 */
export const DEFAULT_DENIED_CIDRS: readonly Readonly<CidrRule>[] = [
  { cidr: "0.0.0.0/8", address: "0.0.0.0", prefix: 8, family: 4, label: "'this network' / unspecified" },
  { cidr: "127.0.0.0/8", address: "127.0.0.0", prefix: 8, family: 4, label: "loopback" },
  { cidr: "169.254.0.0/16", address: "169.254.0.0", prefix: 16, family: 4, label: "link-local (includes cloud metadata 169.254.169.254)" },
  { cidr: "224.0.0.0/4", address: "224.0.0.0", prefix: 4, family: 4, label: "multicast" },
  { cidr: "240.0.0.0/4", address: "240.0.0.0", prefix: 4, family: 4, label: "reserved (includes broadcast 255.255.255.255)" },
  { cidr: "::/128", address: "::", prefix: 128, family: 6, label: "unspecified" },
  { cidr: "::1/128", address: "::1", prefix: 128, family: 6, label: "loopback" },
  { cidr: "fe80::/10", address: "fe80::", prefix: 10, family: 6, label: "link-local" },
  { cidr: "ff00::/8", address: "ff00::", prefix: 8, family: 6, label: "multicast" },
  { cidr: "fd00:ec2::254/128", address: "fd00:ec2::254", prefix: 128, family: 6, label: "cloud metadata (IPv6)" },
];

/** Mail ports (SMTP 25/465/587, POP3 110/995, IMAP 143/993). */
export const DEFAULT_ALLOWED_PORTS: readonly number[] = [25, 465, 587, 110, 995, 143, 993];

export interface PolicyConfig {
  allowCidrs: string[];
  denyCidrs: string[];
  ports: number[] | "any";
  /** The machine's own addresses (default: the interfaces, re-enumerated every 30 s). */
  ownAddresses: () => ReadonlySet<string>;
  /**
   * Where the policy comes from, named in refusals so the reader knows what to change: the
   * environment (the default) or the policy an admin saved in the console (lib/probe-policy/).
   */
  source: PolicySource;
}

/** How refusal reasons name the policy, so the reader knows what to change. */
export interface PolicySource {
  /** The allowed ranges (rule labels). */
  allowName: string;
  /** The denied ranges (rule labels). */
  denyName: string;
  /** Ends a refusal for an address outside the allowed ranges. */
  allowHint: string;
  /** Ends a refusal for a port outside the allowed ports. */
  portsHint: string;
}

/** The environment's policy (the CLI; the console until an admin saves a policy). */
export const ENV_POLICY_SOURCE: PolicySource = {
  allowName: "RELAYDESK_PROBE_ALLOW_CIDRS",
  denyName: "RELAYDESK_PROBE_DENY_CIDRS",
  allowHint: "set RELAYDESK_PROBE_ALLOW_CIDRS to allow it",
  portsHint: "set RELAYDESK_PROBE_PORTS to change",
};

export type PolicyDecision = { allowed: true } | { allowed: false; reason: string };

export class PolicyConfigError extends Error {
  readonly code = "EPOLICYCONFIG";
}

/** Parses "a.b.c.d/n", "v6::/n" or a bare address (a /32 or /128). Throws PolicyConfigError. */
export function parseCidr(text: string, label = "configured"): CidrRule {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  const addrPart = slash === -1 ? trimmed : trimmed.slice(0, slash);
  const address = normaliseAddress(addrPart);
  const family = isIP(address);
  if (family !== 4 && family !== 6) throw new PolicyConfigError(`not an IP range: ${JSON.stringify(text)}`);
  const max = family === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(max) : trimmed.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    throw new PolicyConfigError(`bad prefix length in ${JSON.stringify(text)} (0..${max})`);
  }
  const prefix = Number(prefixText);
  return { cidr: `${address}/${prefix}`, address, prefix, family, label };
}

/** Lower-cases, strips IPv6 brackets/zone, and turns IPv4-mapped IPv6 (::ffff:a.b.c.d) into IPv4. */
export function normaliseAddress(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  const zone = a.indexOf("%");
  if (zone !== -1) a = a.slice(0, zone);
  if (!isIPv6(a)) return a;
  const canonical = new net.SocketAddress({ address: a, family: "ipv6" }).address;
  const mapped = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(canonical);
  return mapped && isIPv4(mapped[1]!) ? mapped[1]! : canonical;
}

export class TargetPolicy {
  private readonly defaultDeny: CidrSet<CidrRule>;
  private readonly allow: CidrSet<CidrRule>;
  private readonly deny: CidrSet<CidrRule>;
  readonly ports: ReadonlySet<number> | "any";
  private readonly own: () => ReadonlySet<string>;
  readonly source: PolicySource;

  constructor(config: Partial<PolicyConfig> = {}) {
    this.own = config.ownAddresses ?? (() => ownAddresses());
    this.source = config.source ?? ENV_POLICY_SOURCE;
    this.defaultDeny = new CidrSet(DEFAULT_DENIED_CIDRS);
    this.allow = new CidrSet((config.allowCidrs ?? []).map((c) => parseCidr(c, this.source.allowName)));
    this.deny = new CidrSet((config.denyCidrs ?? []).map((c) => parseCidr(c, `denied by ${this.source.denyName}`)));
    const ports = config.ports ?? [...DEFAULT_ALLOWED_PORTS];
    if (ports !== "any") {
      for (const p of ports) {
        if (!Number.isInteger(p) || p < 1 || p > 65535) throw new PolicyConfigError(`bad port in policy: ${p}`);
      }
    }
    this.ports = ports === "any" ? "any" : new Set(ports);
  }

  checkPort(port: number): PolicyDecision {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { allowed: false, reason: `port ${port} is not a valid TCP port` };
    if (this.ports === "any" || this.ports.has(port)) return { allowed: true };
    return {
      allowed: false,
      reason: `port ${port} is not an allowed probe port (allowed: ${[...this.ports].sort((a, b) => a - b).join(", ")}; ${this.source.portsHint})`,
    };
  }

  /**
   * Checks one IP address (after DNS resolution). Names are refused: resolve first. An IPv6
   * address that embeds an IPv4 address is allowed only when both are.
   */
  checkAddress(address: string): PolicyDecision {
    const a = normaliseAddress(address);
    const fam = isIP(a);
    if (fam !== 4 && fam !== 6) return { allowed: false, reason: `${JSON.stringify(address)} is not an IP address` };
    // the interfaces are enumerated (once per check) only for an address the allowed ranges do
    // not cover: an allowed range overrides the own-address rule anyway
    let own: ReadonlySet<string> | undefined;
    const ownAddresses = (): ReadonlySet<string> => (own ??= this.own());
    const direct = this.checkOne(a, fam, ownAddresses);
    if (!direct.allowed) return direct;
    for (const inner of embeddedIPv4(a)) {
      const d = this.checkOne(inner.address, 4, ownAddresses);
      if (!d.allowed) return { allowed: false, reason: `${a} is the ${inner.form} form of ${inner.address}: ${d.reason}` };
    }
    return { allowed: true };
  }

  private checkOne(a: string, fam: 4 | 6, own: () => ReadonlySet<string>): PolicyDecision {
    const denied = this.deny.matching(a, fam);
    if (denied) return { allowed: false, reason: `${a} is in ${denied.cidr} (${denied.label})` };
    const deniedByDefault = this.defaultDeny.matching(a, fam);
    if (deniedByDefault && !this.allow.has(a, fam)) {
      return { allowed: false, reason: `${a} is in ${deniedByDefault.cidr} (${deniedByDefault.label}); ${this.source.allowHint}` };
    }
    if (!this.allow.has(a, fam) && own().has(a)) {
      return { allowed: false, reason: `${a} is an address of this machine; ${this.source.allowHint}` };
    }
    return { allowed: true };
  }

  describe(): { allowCidrs: string[]; denyCidrs: string[]; defaultDenied: string[]; ports: number[] | "any" } {
    return {
      allowCidrs: this.allow.rules.map((r) => r.cidr),
      denyCidrs: this.deny.rules.map((r) => r.cidr),
      defaultDenied: this.defaultDeny.rules.map((r) => r.cidr),
      ports: this.ports === "any" ? "any" : [...this.ports].sort((a, b) => a - b),
    };
  }
}

export function createTargetPolicy(config: Partial<PolicyConfig> = {}): TargetPolicy {
  return new TargetPolicy(config);
}

/** Splits a list of ranges or ports written with commas, semicolons, spaces or new lines. */
export function splitList(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Parses RELAYDESK_PROBE_PORTS: "any", or a list of ports and ranges. Throws PolicyConfigError. */
export function parsePortList(value: string, name = "RELAYDESK_PROBE_PORTS"): number[] | "any" {
  const items = splitList(value);
  if (items.length === 1 && items[0]!.toLowerCase() === "any") return "any";
  const ports = new Set<number>();
  for (const item of items) {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item);
    if (!m) throw new PolicyConfigError(`${name}: ${JSON.stringify(item)} is not a port or range`);
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    if (lo < 1 || hi > 65535 || lo > hi) throw new PolicyConfigError(`${name}: bad port or range ${JSON.stringify(item)} (ports are 1 to 65535)`);
    if (hi - lo > 65535) throw new PolicyConfigError(`${name}: range too large`);
    for (let p = lo; p <= hi; p++) ports.add(p);
  }
  if (ports.size === 0) throw new PolicyConfigError(`${name} is empty (use a list of ports or 'any')`);
  return [...ports];
}

/** The policy from the environment (CLI and server use this same function). Throws PolicyConfigError. */
export function policyFromEnv(env: Record<string, string | undefined> = process.env): TargetPolicy {
  const portsValue = env.RELAYDESK_PROBE_PORTS;
  return new TargetPolicy({
    allowCidrs: splitList(env.RELAYDESK_PROBE_ALLOW_CIDRS),
    denyCidrs: splitList(env.RELAYDESK_PROBE_DENY_CIDRS),
    ports: portsValue !== undefined && portsValue.trim() !== "" ? parsePortList(portsValue) : [...DEFAULT_ALLOWED_PORTS],
  });
}

/** A port list as parsePortList reads it back, consecutive ports joined into ranges ("25,587,2525-2530"). */
export function formatPortList(ports: readonly number[] | "any"): string {
  if (ports === "any") return "any";
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(",");
}
