/**
 * DNS probe for a mail domain: MX records (or the implicit MX), each MX host's
 * A/AAAA addresses, each address's PTR names, and whether forward and reverse
 * agree (forward-confirmed reverse DNS). Talks to DNS servers only; nothing is
 * sent to the mail hosts.
 */
import net from "node:net";
import { dnsOptionsSchema, resolveTimeouts, validateOptions, type DnsProbeOptions } from "./options";
import { DnsError, ProbeInputError, ProbeResolver, isHostname } from "./resolve";
import { ProbeRun } from "./run";
import type { ProbeResult, ProbeTarget, TestedAddress } from "./types";

export interface DnsAddressInfo {
  address: string;
  family: 4 | 6;
  ptr: string[] | null;
  /** True when a PTR name resolves back to this address; null when not checked. */
  forwardConfirmed: boolean | null;
  /** Whether the probe policy would allow connecting to it. */
  policyAllowed: boolean;
  policyReason?: string;
}

export interface DnsDetails {
  domain: string;
  implicitMx: boolean;
  nullMx: boolean;
  hosts: Array<{ exchange: string; preference: number | null; addresses: DnsAddressInfo[]; error?: string }>;
}

/** Runs a DNS probe of a mail domain. Throws ProbeInputError for invalid options. */
export async function probeDns(options: DnsProbeOptions): Promise<ProbeResult<DnsDetails>> {
  const { config: cfg, runtime } = validateOptions(dnsOptionsSchema, options, "DNS probe");
  const domain = cfg.target.toLowerCase().replace(/\.$/, "");
  if (!isHostname(domain) || net.isIP(domain)) throw new ProbeInputError(`bad domain ${JSON.stringify(cfg.target)}: give a mail domain such as example.com`);
  const t = resolveTimeouts(cfg.timeouts);
  const run = new ProbeRun("dns", runtime, t.probeMs);
  const rec = run.rec;
  const details: DnsDetails = { domain, implicitMx: false, nullMx: false, hosts: [] };
  const target: ProbeTarget = { input: cfg.target, host: domain, port: 25, addresses: [], resolvedFrom: "mx" };
  let completed = false;
  const resolver = new ProbeResolver({ ...(cfg.dnsServers ? { dnsServers: cfg.dnsServers } : {}), timeoutMs: t.dnsMs, signal: run.signal });
  try {
    // --- MX -----------------------------------------------------------------
    const mxStep = rec.startStep("mx");
    const q = rec.client(`MX? ${domain}`);
    let mx: Array<{ exchange: string; priority: number }> = [];
    try {
      mx = (await resolver.mx(domain)).sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
    } catch (err) {
      const e = err as DnsError;
      if (run.checkAborted("mx")) {
        mxStep.end("failed", "aborted");
        return run.rec.result(target, details, false);
      }
      if (e.code === "ENODATA") {
        const line = rec.server(`no MX records for ${domain}`);
        rec.finding("dns.mx.missing", [q, line], { domain });
        details.implicitMx = true;
        target.resolvedFrom = "implicit-mx";
        mxStep.end("ok", "no MX records (implicit MX)");
      } else {
        const line = rec.server(e.message);
        rec.finding(e.code === "ENOTFOUND" ? "dns.domain.not_found" : "dns.resolution_failed", [q, line], { domain, code: e.code });
        rec.error("EDNS", e.message, "mx");
        mxStep.end(e.code === "ETIMEOUT" ? "timeout" : "failed", e.message);
        return run.rec.result(target, details, true);
      }
    }
    if (mx.length > 0) {
      const lines = mx.map((m) => rec.server(`MX ${m.priority} ${m.exchange || "."}`));
      if (mx.length === 1 && (mx[0]!.exchange === "" || mx[0]!.exchange === ".")) {
        details.nullMx = true;
        rec.finding("dns.mx.null", [q, ...lines], { domain });
        mxStep.end("ok", "null MX");
        completed = true;
        return run.rec.result(target, details, completed);
      }
      rec.finding("dns.mx.found", [q, ...lines], { domain, mx: mx.map((m) => ({ exchange: m.exchange, preference: m.priority })) });
      target.mx = mx.map((m) => ({ exchange: m.exchange, preference: m.priority }));
      mxStep.end("ok", `${mx.length} MX record(s)`);
    }

    // --- hosts and addresses --------------------------------------------------
    const hosts: Array<{ exchange: string; preference: number | null }> = details.implicitMx ? [{ exchange: domain, preference: null }] : mx.slice(0, cfg.maxHosts).map((m) => ({ exchange: m.exchange, preference: m.priority }));
    for (const h of hosts) {
      if (run.checkAborted()) break;
      const step = rec.startStep(`resolve ${h.exchange}`);
      const qa = rec.client(`${cfg.family === 4 ? "A" : cfg.family === 6 ? "AAAA" : "A/AAAA"}? ${h.exchange}`);
      const entry: DnsDetails["hosts"][number] = { exchange: h.exchange, preference: h.preference, addresses: [] };
      details.hosts.push(entry);
      let list: Array<{ address: string; family: 4 | 6 }> = [];
      try {
        list = await resolver.addresses(h.exchange, cfg.family);
      } catch (err) {
        const e = err as DnsError;
        entry.error = e.message;
        const line = rec.server(e.message);
        if (e.code === "ENODATA" || e.code === "ENOTFOUND") {
          rec.finding("dns.mx.unresolvable", [qa, line], { exchange: h.exchange, code: e.code });
          step.end("failed", "no address");
        } else {
          rec.finding("dns.resolution_failed", [qa, line], { name: h.exchange, code: e.code });
          step.end(e.code === "ETIMEOUT" ? "timeout" : "failed", e.message);
        }
        continue;
      }
      const al = rec.server(`${h.exchange}: ${list.map((a) => a.address).join(", ") || "(none)"}`);
      if (list.length === 0) {
        rec.finding("dns.mx.unresolvable", [qa, al], { exchange: h.exchange });
        step.end("failed", "no address");
        continue;
      }
      step.end("ok", `${list.length} address(es)`);
      for (const a of list) {
        const decision = run.policy.checkAddress(a.address);
        const info: DnsAddressInfo = { address: a.address, family: a.family, ptr: null, forwardConfirmed: null, policyAllowed: decision.allowed };
        if (!decision.allowed) info.policyReason = decision.reason;
        entry.addresses.push(info);
        const ta: TestedAddress = { address: a.address, family: a.family, host: h.exchange, tested: false };
        if (h.preference !== null) ta.mxPreference = h.preference;
        if (!decision.allowed) ta.denied = decision.reason;
        target.addresses.push(ta);
        if (cfg.ptr && !run.signal.aborted) await checkPtr(run, resolver, info, cfg.family);
      }
    }
    completed = !run.signal.aborted;
  } catch (err) {
    rec.error("EINTERNAL", `internal error: ${(err as Error).message}`);
  } finally {
    resolver.cancel();
    run.dispose();
  }
  return run.rec.result(target, details, completed);
}

async function checkPtr(run: ProbeRun, resolver: ProbeResolver, info: DnsAddressInfo, family: 4 | 6 | "any"): Promise<void> {
  const rec = run.rec;
  const step = rec.startStep(`ptr ${info.address}`);
  const q = rec.client(`PTR? ${info.address}`);
  let names: string[];
  try {
    names = (await resolver.ptr(info.address)).map((n) => n.toLowerCase().replace(/\.$/, ""));
  } catch (err) {
    const e = err as DnsError;
    const line = rec.server(e.message);
    if (e.code === "ENOTFOUND" || e.code === "ENODATA") {
      info.ptr = [];
      rec.finding("dns.ptr.missing", [q, line], { address: info.address });
      step.end("ok", "no PTR");
    } else {
      rec.finding("dns.resolution_failed", [q, line], { name: info.address, code: e.code });
      step.end(e.code === "ETIMEOUT" ? "timeout" : "failed", e.message);
    }
    return;
  }
  info.ptr = names;
  const pl = rec.server(`${info.address}: PTR ${names.join(", ") || "(none)"}`);
  if (names.length === 0) {
    rec.finding("dns.ptr.missing", [q, pl], { address: info.address });
    step.end("ok", "no PTR");
    return;
  }
  step.end("ok", names.join(", "));
  const fwd = rec.startStep(`forward ${info.address}`);
  const evidence = [q, pl];
  let confirmed = false;
  for (const name of names.slice(0, 5)) {
    const fq = rec.client(`${info.family === 4 ? "A" : "AAAA"}? ${name}`);
    evidence.push(fq);
    try {
      const back = await resolver.addresses(name, family === "any" ? info.family : family);
      evidence.push(rec.server(`${name}: ${back.map((b) => b.address).join(", ") || "(none)"}`));
      if (back.some((b) => b.address === info.address)) {
        confirmed = true;
        break;
      }
    } catch (err) {
      evidence.push(rec.server(`${name}: ${(err as Error).message}`));
    }
  }
  info.forwardConfirmed = confirmed;
  if (confirmed) rec.finding("dns.ptr.confirmed", evidence, { address: info.address, names });
  else rec.finding("dns.ptr.mismatch", evidence, { address: info.address, names });
  fwd.end("ok", confirmed ? "forward-confirmed" : "mismatch");
}
