/**
 * Banner recognition (the banners quoted in the source documents) and the
 * target policy (ranges, ports, environment).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { classifySmtpBanner, isMaskedBanner } from "../../lib/probes/banner";
import { DEFAULT_DENIED_CIDRS, PolicyConfigError, createTargetPolicy, normaliseAddress, parseCidr, parsePortList, policyFromEnv } from "../../lib/probes/policy";
import { ProbeInputError, parseHostPort } from "../../lib/probes/resolve";
import { maskBannerLine } from "../peers/index";

describe("banner classification", () => {
  test("PIX 5.1+ masked banner from KB 295725 (document 001)", () => {
    const b = classifySmtpBanner(["220 *********0***************************************************************** ************2*************"]);
    assert.equal(b.kind, "pix-masked");
    assert.equal(b.maskingStyle, "pix-5.1-or-later");
  });
  test("masked two-line banner from the Exchange 2007 topic (document 004)", () => {
    const b = classifySmtpBanner(["220*******************************0*2******0***********", "2002*******2***0*00"]);
    assert.equal(b.kind, "pix-masked");
  });
  test("PIX 4.4 masks every character", () => {
    const line = maskBannerLine("220 mail.example.com ESMTP Postfix 2.0", "masked-4.4");
    const b = classifySmtpBanner([line]);
    assert.equal(b.kind, "pix-masked");
    assert.equal(b.maskingStyle, "all-masked");
  });
  test("the older SMTP/cmap banner (document 004)", () => {
    assert.equal(classifySmtpBanner(["220 SMTP/cmap_____________________________________read"]).kind, "pix-cmap");
  });
  test("IIS SMTP service vs Exchange 2007 banners", () => {
    const iis = classifySmtpBanner(["220 hub.contoso.com Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready at  Tue, 9 Oct 2007 10:00:00 +0200"]);
    assert.equal(iis.kind, "iis-smtp");
    assert.equal(iis.version, "6.0.3790.3959");
    assert.equal(iis.announcedHost, "hub.contoso.com");
    assert.equal(classifySmtpBanner(["220 edge.contoso.com Microsoft ESMTP MAIL Service ready at Tue, 9 Oct 2007 10:00:00 +0200"]).kind, "exchange");
    assert.equal(classifySmtpBanner(["220 mail.example.com ESMTP Postfix (Debian/GNU)"]).kind, "postfix");
    assert.equal(classifySmtpBanner(["220 mx.example.net ESMTP Exim 4.96 Tue, 01 Jan 2030"]).version, "4.96");
  });
  test("ordinary banners are not masked; a few asterisks are not a mask", () => {
    assert.equal(isMaskedBanner("220 relaydesk-test.local ESMTP ready").masked, false);
    assert.equal(isMaskedBanner("220 ** welcome **").masked, false);
    assert.equal(classifySmtpBanner([]).kind, "empty");
  });
});

describe("target policy", () => {
  const policy = createTargetPolicy();
  test("cloud metadata, link-local, loopback, unspecified, multicast and broadcast are denied by default", () => {
    for (const a of ["169.254.169.254", "169.254.1.1", "127.0.0.1", "127.5.5.5", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "ff02::1", "fd00:ec2::254", "::ffff:169.254.169.254", "::ffff:7f00:1"]) {
      const d = policy.checkAddress(a);
      assert.equal(d.allowed, false, a);
    }
    const meta = policy.checkAddress("169.254.169.254");
    assert.ok(!meta.allowed && /169\.254\.0\.0\/16/.test(meta.reason));
  });
  test("ordinary addresses are allowed; names are refused (resolve first)", () => {
    assert.equal(policy.checkAddress("192.0.2.10").allowed, true);
    assert.equal(policy.checkAddress("2001:db8::25").allowed, true);
    assert.equal(policy.checkAddress("mail.example.com").allowed, false);
  });
  test("mail ports only by default", () => {
    for (const p of [25, 465, 587, 110, 995, 143, 993]) assert.equal(policy.checkPort(p).allowed, true);
    for (const p of [22, 80, 6379, 0, 70000]) assert.equal(policy.checkPort(p).allowed, false);
  });
  test("allow opens default-denied ranges; extra deny always wins", () => {
    const p = createTargetPolicy({ allowCidrs: ["127.0.0.0/8", "169.254.0.0/16"], denyCidrs: ["169.254.169.254/32", "10.0.0.0/8"], ports: [25] });
    assert.equal(p.checkAddress("127.0.0.1").allowed, true);
    assert.equal(p.checkAddress("169.254.1.1").allowed, true);
    assert.equal(p.checkAddress("169.254.169.254").allowed, false);
    assert.equal(p.checkAddress("10.1.2.3").allowed, false);
    assert.equal(p.checkAddress("::1").allowed, false);
  });
  test("policyFromEnv", () => {
    const p = policyFromEnv({ RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8, ::1/128", RELAYDESK_PROBE_DENY_CIDRS: "192.0.2.0/24", RELAYDESK_PROBE_PORTS: "25,2525-2527" });
    assert.equal(p.checkAddress("127.0.0.1").allowed, true);
    assert.equal(p.checkAddress("::1").allowed, true);
    assert.equal(p.checkAddress("192.0.2.1").allowed, false);
    assert.equal(p.checkPort(2526).allowed, true);
    assert.equal(p.checkPort(587).allowed, false);
    assert.equal(policyFromEnv({ RELAYDESK_PROBE_PORTS: "any" }).checkPort(8025).allowed, true);
    assert.equal(policyFromEnv({}).checkPort(25).allowed, true);
    assert.throws(() => policyFromEnv({ RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/33" }), PolicyConfigError);
    assert.throws(() => policyFromEnv({ RELAYDESK_PROBE_PORTS: "25,http" }), PolicyConfigError);
    assert.throws(() => parseCidr("example.com/8"), PolicyConfigError);
    assert.throws(() => parsePortList("0"), PolicyConfigError);
  });
  test("the default denied ranges, written out as rules, are what parseCidr makes of them", () => {
    for (const rule of DEFAULT_DENIED_CIDRS) assert.deepEqual(parseCidr(rule.cidr, rule.label), rule);
    // and the default policy applies each of them
    const p = createTargetPolicy({ ownAddresses: () => new Set() });
    for (const address of ["0.1.2.3", "127.1.2.3", "169.254.169.254", "239.1.1.1", "255.255.255.255", "::", "::1", "fe80::1", "ff02::1", "fd00:ec2::254"]) {
      assert.equal(p.checkAddress(address).allowed, false, address);
    }
    for (const address of ["1.0.0.1", "128.0.0.1", "169.253.0.1", "223.255.255.255", "2001:db8::1", "fec0::1", "fd00:ec2::253"]) {
      assert.equal(p.checkAddress(address).allowed, true, address);
    }
  });
  test("address normalisation", () => {
    assert.equal(normaliseAddress("::ffff:127.0.0.1"), "127.0.0.1");
    assert.equal(normaliseAddress("[0:0:0:0:0:0:0:1]"), "::1");
    assert.equal(normaliseAddress("FE80::1%eth0"), "fe80::1");
  });
});

describe("target parsing", () => {
  test("host, host:port, IPv4, IPv6 with and without brackets", () => {
    assert.deepEqual(parseHostPort("mail.example.com", 25), { host: "mail.example.com", port: 25, ipFamily: 0 });
    assert.deepEqual(parseHostPort("mail.example.com:587", 25), { host: "mail.example.com", port: 587, ipFamily: 0 });
    assert.deepEqual(parseHostPort("192.0.2.1:2525"), { host: "192.0.2.1", port: 2525, ipFamily: 4 });
    assert.deepEqual(parseHostPort("[2001:db8::1]:465"), { host: "2001:db8::1", port: 465, ipFamily: 6 });
    assert.deepEqual(parseHostPort("2001:db8::1", 25), { host: "2001:db8::1", port: 25, ipFamily: 6 });
  });
  test("malformed hosts and ports give clear errors", () => {
    for (const bad of ["", "smtp://host", "host:0", "host:99999", "host:abc", "bad host", "a..b", "256.1.1.1", "[::1", "user@host", "-x.example"]) {
      assert.throws(() => parseHostPort(bad, 25), ProbeInputError, bad);
    }
    assert.throws(() => parseHostPort("192.0.2.1"), /no port/);
  });
});
