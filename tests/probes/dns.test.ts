/**
 * DNS probe and name resolution for the other probes, against a tiny UDP DNS
 * responder on loopback: MX hosts, several addresses, IPv4/IPv6 selection,
 * PTR and forward confirmation, and the policy checked on every resolved
 * address (a name resolving to the metadata address is refused without a
 * connection).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SMTPServer } from "smtp-server";
import { probeDns } from "../../lib/probes/dns";
import { createTargetPolicy } from "../../lib/probes/policy";
import { probeSmtp } from "../../lib/probes/smtp";
import { probeTcp } from "../../lib/probes/tcp";
import { startMailServer, type RunningPeer } from "../peers/index";
import { startDnsServer, reverseName, type DnsTestServer } from "./dns-server";
import { FAST, checkInvariants, finding, has, ids, labPolicy, testLimiter } from "./helpers";

const limiter = testLimiter();
let dns: DnsTestServer;
let mx1: RunningPeer;
let port: number;
const extra: SMTPServer[] = [];
const connections: string[] = [];

async function smtpOn(host: string, p: number): Promise<void> {
  const s = new SMTPServer({ authOptional: true, logger: false, disableReverseLookup: true, disabledCommands: ["STARTTLS"], onConnect: (session, cb) => (connections.push(host), cb()) });
  s.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    s.server.once("error", reject);
    s.listen(p, host, () => resolve());
  });
  extra.push(s);
}

before(async () => {
  mx1 = await startMailServer({ host: "127.0.0.2" });
  port = mx1.port;
  await smtpOn("127.0.0.3", port);
  await smtpOn("::1", port);
  dns = await startDnsServer({
    zone: {
      "example.test": { MX: [{ preference: 20, exchange: "mx2.example.test" }, { preference: 10, exchange: "mx1.example.test" }] },
      "mx1.example.test": { A: ["127.0.0.2"], AAAA: ["::1"] },
      "mx2.example.test": { A: ["127.0.0.3"] },
      [reverseName("127.0.0.2")]: { PTR: ["mx1.example.test"] },
      [reverseName("127.0.0.3")]: { PTR: ["elsewhere.example.test"] },
      "elsewhere.example.test": { A: ["192.0.2.99"] },
      "nomx.test": { A: ["127.0.0.3"] },
      "lonely.test": { MX: [{ preference: 10, exchange: "ghost.lonely.test" }] },
      "ghost.lonely.test": {},
      "metadata.test": { A: ["169.254.169.254"] },
      "mixed.test": { A: ["169.254.169.254", "127.0.0.2"] },
      "nullmx.test": { MX: [{ preference: 0, exchange: "" }] },
    },
    servfail: ["broken.test"],
    drop: ["slow.test"],
  });
});

after(async () => {
  await dns.close();
  await mx1.close();
  for (const s of extra) await new Promise<void>((r) => s.close(() => r()));
});

const dnsServers = () => [dns.address];

describe("DNS probe (probe mx)", () => {
  test("MX hosts, addresses, PTR, forward-confirmed and mismatching reverse DNS", async () => {
    const r = await probeDns({ target: "example.test", dnsServers: dnsServers(), policy: labPolicy, timeouts: { dnsMs: 500 } });
    checkInvariants(r);
    assert.deepEqual(finding(r, "dns.mx.found").evidence, ["MX? example.test", "MX 10 mx1.example.test", "MX 20 mx2.example.test"]);
    assert.deepEqual(r.details.hosts.map((h) => h.exchange), ["mx1.example.test", "mx2.example.test"]);
    assert.deepEqual(r.details.hosts[0]?.addresses.map((a) => a.address), ["127.0.0.2", "::1"]);
    const confirmed = r.findings.filter((f) => f.id === "dns.ptr.confirmed").map((f) => (f.data as { address: string }).address);
    const mismatch = r.findings.filter((f) => f.id === "dns.ptr.mismatch").map((f) => (f.data as { address: string }).address);
    const missing = r.findings.filter((f) => f.id === "dns.ptr.missing").map((f) => (f.data as { address: string }).address);
    assert.deepEqual(confirmed, ["127.0.0.2"]);
    assert.deepEqual(mismatch, ["127.0.0.3"]);
    assert.deepEqual(missing, ["::1"]);
    assert.ok(!has(r, "dns.mx.missing"));
  });

  test("no MX: implicit MX; null MX; MX host without address; NXDOMAIN; SERVFAIL; timeout", async () => {
    const go = (target: string) => probeDns({ target, dnsServers: dnsServers(), policy: labPolicy, timeouts: { dnsMs: 300 } });
    const nomx = await go("nomx.test");
    assert.ok(has(nomx, "dns.mx.missing"));
    assert.equal(nomx.details.implicitMx, true);
    assert.ok(has(await go("nullmx.test"), "dns.mx.null"));
    assert.ok(has(await go("lonely.test"), "dns.mx.unresolvable"));
    assert.ok(has(await go("nowhere.test"), "dns.domain.not_found"));
    assert.ok(has(await go("broken.test"), "dns.resolution_failed"));
    const slow = await go("slow.test");
    assert.ok(has(slow, "dns.resolution_failed"));
    assert.equal(slow.steps[0]?.status, "timeout");
    for (const r of [nomx, slow]) checkInvariants(r);
    await assert.rejects(probeDns({ target: "not a domain", dnsServers: dnsServers() }), /bad domain/);
  });
});

describe("SMTP probe of a mail domain (MX) and address selection", () => {
  const smtp = (extraOpts: Record<string, unknown>) =>
    probeSmtp({ target: "example.test", mx: true, port, dnsServers: dnsServers(), policy: labPolicy, limiter, timeouts: FAST, steps: { unknownCommand: false }, ...extraOpts });

  test("default: the first address of the most preferred MX, and it says which", async () => {
    const r = await smtp({});
    checkInvariants(r);
    assert.equal(r.target.resolvedFrom, "mx");
    assert.deepEqual(r.target.mx, [{ exchange: "mx1.example.test", preference: 10 }, { exchange: "mx2.example.test", preference: 20 }]);
    const tested = r.target.addresses.filter((a) => a.tested);
    assert.deepEqual(tested.map((a) => [a.address, a.host, a.mxPreference, a.family]), [["127.0.0.2", "mx1.example.test", 10, 4]]);
    assert.equal(r.target.addresses.length, 3);
    assert.ok(r.steps.every((s) => s.address === undefined || s.address === "127.0.0.2"));
    assert.ok(has(r, "smtp.banner.clear"));
  });

  test("all addresses: each MX host and address is tested and labelled", async () => {
    const r = await smtp({ addresses: "all" });
    checkInvariants(r);
    assert.deepEqual(r.details.sessions.map((s) => s.address), ["127.0.0.2", "::1", "127.0.0.3"]);
    assert.equal(r.findings.filter((f) => f.id === "smtp.banner.clear").length, 3);
    assert.deepEqual([...new Set(r.steps.filter((s) => s.name === "banner").map((s) => s.address))], ["127.0.0.2", "::1", "127.0.0.3"]);
  });

  test("IPv6 only, and an explicit address", async () => {
    const v6 = await smtp({ family: 6 });
    assert.deepEqual(v6.target.addresses.filter((a) => a.tested).map((a) => a.address), ["::1"]);
    assert.ok(has(v6, "smtp.banner.clear"));
    const pick = await smtp({ address: "127.0.0.3" });
    assert.deepEqual(pick.details.sessions.map((s) => s.address), ["127.0.0.3"]);
    await assert.rejects(smtp({ address: "127.0.0.9" }), /not one of the addresses/);
  });

  test("a domain without MX falls back to its address (implicit MX)", async () => {
    const r = await probeSmtp({ target: "nomx.test", mx: true, port, dnsServers: dnsServers(), policy: labPolicy, limiter, timeouts: FAST });
    assert.equal(r.target.resolvedFrom, "implicit-mx");
    assert.ok(has(r, "smtp.banner.clear"));
  });
});

describe("policy on resolved addresses (no rebinding tricks)", () => {
  test("a name resolving to the metadata address is refused and never connected to", async () => {
    const before = connections.length;
    const r = await probeSmtp({ target: "metadata.test", port, dnsServers: dnsServers(), policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    assert.ok(has(r, "target.denied_by_policy"));
    assert.ok(r.errors.some((e) => e.code === "EDENIED"));
    assert.equal(r.steps.some((s) => s.name === "connect"), false);
    assert.equal(connections.length, before);
  });

  test("of several addresses only the allowed ones are tested; the denied one is reported", async () => {
    const r = await probeTcp({ target: `mixed.test:${port}`, dnsServers: dnsServers(), policy: labPolicy, limiter, timeouts: FAST, addresses: "all" });
    checkInvariants(r);
    const f = finding(r, "target.denied_by_policy");
    assert.equal(f.severity, "warning");
    assert.deepEqual(r.target.addresses.map((a) => [a.address, a.tested, Boolean(a.denied)]), [
      ["169.254.169.254", false, true],
      ["127.0.0.2", true, false],
    ]);
    assert.equal(r.steps.find((s) => s.name === "connect")?.address, "127.0.0.2");
  });

  test("default policy denies loopback and non-mail ports; unresolvable names are findings", async () => {
    const strict = await probeTcp({ target: `127.0.0.2:${port}`, limiter, timeouts: FAST, policy: createTargetPolicy({ ports: "any" }) });
    assert.ok(has(strict, "target.denied_by_policy"));
    const badPort = await probeSmtp({ target: "127.0.0.2:8080", limiter, timeouts: FAST, policy: createTargetPolicy({ allowCidrs: ["127.0.0.0/8"] }) });
    assert.match(finding(badPort, "target.denied_by_policy").evidence[0] ?? "", /port 8080 is not an allowed probe port/);
    const nx = await probeSmtp({ target: "nowhere.test", dnsServers: dnsServers(), policy: labPolicy, limiter, timeouts: FAST });
    assert.ok(has(nx, "target.resolution_failed"), ids(nx).join(","));
  });
});
