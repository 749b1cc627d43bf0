/**
 * Target parsing and name resolution. A probe resolves once, checks every
 * address against the policy, and connects to the checked address itself.
 */
import dns from "node:dns";
import { DNS_TIMEOUT_MS } from "./constants";
import { isIP, isIPv6 } from "./ip-literal";
import { normaliseAddress } from "./policy";

export class ProbeInputError extends Error {
  readonly code = "EINVALID";
}

export interface HostPort {
  host: string;
  port: number;
  /** 4 or 6 for an address literal, 0 for a name. */
  ipFamily: 0 | 4 | 6;
}

const HOSTNAME_RE = /^(?=.{1,253}$)(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function isHostname(host: string): boolean {
  return HOSTNAME_RE.test(host);
}

function parsePort(text: string, input: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new ProbeInputError(`bad port in ${JSON.stringify(input)}: ${JSON.stringify(text)} is not a number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new ProbeInputError(`bad port in ${JSON.stringify(input)}: ${port} is outside 1..65535`);
  return port;
}

/**
 * "host", "host:port", "1.2.3.4:25", "[2001:db8::1]:25", "2001:db8::1".
 * Throws ProbeInputError with a clear message for anything else.
 */
export function parseHostPort(input: string, defaultPort?: number): HostPort {
  const raw = input.trim();
  if (!raw) throw new ProbeInputError("no target given");
  if (raw.length > 300) throw new ProbeInputError("target is too long");
  if (/[\s/@\\?#]/.test(raw)) throw new ProbeInputError(`bad target ${JSON.stringify(input)}: give HOST or HOST:PORT (no scheme, path, user or spaces)`);
  let host: string;
  let portText: string | undefined;
  if (raw.startsWith("[")) {
    const close = raw.indexOf("]");
    if (close === -1) throw new ProbeInputError(`bad target ${JSON.stringify(input)}: missing ']'`);
    host = raw.slice(1, close);
    const rest = raw.slice(close + 1);
    if (rest) {
      if (!rest.startsWith(":")) throw new ProbeInputError(`bad target ${JSON.stringify(input)}: expected ':PORT' after ']'`);
      portText = rest.slice(1);
    }
    if (!isIPv6(host)) throw new ProbeInputError(`bad target ${JSON.stringify(input)}: ${JSON.stringify(host)} is not an IPv6 address`);
  } else if (isIPv6(raw)) {
    host = raw;
  } else {
    const colon = raw.lastIndexOf(":");
    if (colon !== -1) {
      if (raw.indexOf(":") !== colon) throw new ProbeInputError(`bad target ${JSON.stringify(input)}: write IPv6 addresses with a port as [addr]:port`);
      host = raw.slice(0, colon);
      portText = raw.slice(colon + 1);
    } else {
      host = raw;
    }
  }
  let port: number;
  if (portText !== undefined) port = parsePort(portText, input);
  else if (defaultPort !== undefined) port = defaultPort;
  else throw new ProbeInputError(`no port in ${JSON.stringify(input)}: give HOST:PORT`);

  const ipFamily = isIP(host);
  if (ipFamily === 4 || ipFamily === 6) {
    return { host: normaliseAddress(host), port, ipFamily: isIP(normaliseAddress(host)) as 4 | 6 };
  }
  if (/^[0-9.]+$/.test(host)) throw new ProbeInputError(`bad target ${JSON.stringify(input)}: ${JSON.stringify(host)} is not a valid IPv4 address`);
  if (!isHostname(host)) throw new ProbeInputError(`bad target ${JSON.stringify(input)}: ${JSON.stringify(host)} is not a valid host name`);
  return { host: host.toLowerCase().replace(/\.$/, ""), port, ipFamily: 0 };
}

export interface ResolverOptions {
  /** DNS servers ("1.2.3.4", "1.2.3.4:5353", "[::1]:5353"); the system configuration when absent. */
  dnsServers?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * DNS servers an operator configured for every probe (CLI and server alike) in
 * RELAYDESK_DNS_SERVERS, comma-separated ("10.0.0.53", "10.0.0.53:5353", "[::1]:5353");
 * undefined means the system resolver configuration. An explicit `dnsServers` option wins.
 */
export function dnsServersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const list = (env.RELAYDESK_DNS_SERVERS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
}

export class DnsError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly question: string,
  ) {
    super(message);
  }
}

/** Words for common resolver error codes. */
export function dnsErrorWords(code: string): string {
  switch (code) {
    case "ENOTFOUND":
      return "the name does not exist (NXDOMAIN)";
    case "ENODATA":
      return "no records of this type";
    case "ETIMEOUT":
    case "ETIMEDOUT":
      return "the DNS query timed out";
    case "ESERVFAIL":
      return "the DNS server failed (SERVFAIL)";
    case "EREFUSED":
      return "the DNS server refused the query";
    case "ECONNREFUSED":
      return "the DNS server could not be reached";
    case "ECANCELLED":
      return "the query was cancelled";
    default:
      return code;
  }
}

/**
 * Thin wrapper over node:dns promises Resolver with a deadline and cancellation.
 * Without configured servers, addresses come from the system resolver
 * (getaddrinfo, so /etc/hosts applies) and MX/PTR from the system DNS servers.
 */
export class ProbeResolver {
  private readonly resolver: dns.promises.Resolver;
  readonly custom: boolean;
  readonly timeoutMs: number;

  constructor(private readonly options: ResolverOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DNS_TIMEOUT_MS;
    this.resolver = new dns.promises.Resolver({ timeout: Math.max(50, Math.floor(this.timeoutMs)), tries: 1 });
    const servers = options.dnsServers && options.dnsServers.length > 0 ? options.dnsServers : dnsServersFromEnv();
    this.custom = Boolean(servers);
    if (servers) {
      try {
        this.resolver.setServers(servers);
      } catch (err) {
        throw new ProbeInputError(`bad DNS server list ${JSON.stringify(servers)}: ${(err as Error).message}`);
      }
    }
  }

  private async guard<T>(question: string, run: () => Promise<T>): Promise<T> {
    const signal = this.options.signal;
    if (signal?.aborted) throw new DnsError("cancelled", "ECANCELLED", question);
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.resolver.cancel();
        reject(new DnsError(`${question}: the DNS query timed out after ${this.timeoutMs} ms`, "ETIMEOUT", question));
      }, this.timeoutMs + 250);
      onAbort = () => {
        this.resolver.cancel();
        reject(new DnsError(`${question}: cancelled`, "ECANCELLED", question));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([run(), limit]);
    } catch (err) {
      if (err instanceof DnsError) throw err;
      const code = (err as NodeJS.ErrnoException).code ?? "EDNS";
      throw new DnsError(`${question}: ${dnsErrorWords(code)}`, code, question);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  async addresses(host: string, family: 4 | 6 | "any"): Promise<Array<{ address: string; family: 4 | 6 }>> {
    if (!this.custom) {
      const list = await this.guard(`lookup ${host}`, () =>
        dns.promises.lookup(host, { all: true, verbatim: true, family: family === "any" ? 0 : family }),
      );
      return dedupe(list.map((a) => ({ address: normaliseAddress(a.address), family: a.family === 6 ? 6 : 4 })));
    }
    const out: Array<{ address: string; family: 4 | 6 }> = [];
    const errors: DnsError[] = [];
    if (family !== 6) {
      try {
        for (const a of await this.guard(`A ${host}`, () => this.resolver.resolve4(host))) out.push({ address: normaliseAddress(a), family: 4 });
      } catch (err) {
        errors.push(err as DnsError);
      }
    }
    if (family !== 4) {
      try {
        for (const a of await this.guard(`AAAA ${host}`, () => this.resolver.resolve6(host))) out.push({ address: normaliseAddress(a), family: 6 });
      } catch (err) {
        errors.push(err as DnsError);
      }
    }
    if (out.length === 0 && errors.length > 0) {
      // prefer the most telling error: NXDOMAIN, then timeouts/failures, then "no data"
      const order = ["ENOTFOUND", "ETIMEOUT", "ESERVFAIL", "EREFUSED", "ECONNREFUSED"];
      errors.sort((a, b) => rank(order, a.code) - rank(order, b.code));
      throw errors[0]!;
    }
    return dedupe(out);
  }

  mx(domain: string): Promise<Array<{ exchange: string; priority: number }>> {
    return this.guard(`MX ${domain}`, () => this.resolver.resolveMx(domain));
  }

  ptr(address: string): Promise<string[]> {
    return this.guard(`PTR ${address}`, () => this.resolver.reverse(address));
  }

  cancel(): void {
    this.resolver.cancel();
  }
}

function rank(order: string[], code: string): number {
  const i = order.indexOf(code);
  return i === -1 ? order.length : i;
}

function dedupe<T extends { address: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.address) ? false : (seen.add(a.address), true)));
}
