/**
 * SMTP probe against real loopback peers: a correct ESMTP server (smtp-server
 * with STARTTLS), the PIX Mailguard front, the ISA/TMG TLS-reset proxy and
 * scripted Exchange/IIS answers. Each finding has a test that produces it and
 * the clean-server tests show it absent.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { SMTPServer } from "smtp-server";
import { probeSmtp } from "../../lib/probes/smtp";
import type { SmtpProbeOptions } from "../../lib/probes/options";
import {
  createTestCertificates,
  startIsaTlsResetProxy,
  startMailServer,
  startMailguardFront,
  startScriptedSmtpServer,
  type RunningMailServer,
  type RunningPeer,
} from "../peers/index";
import { FAST, checkInvariants, finding, has, ids, labPolicy, problemIds, testLimiter } from "./helpers";

const certs = createTestCertificates();
const limiter = testLimiter();

function probe(port: number, extra: Partial<SmtpProbeOptions> = {}) {
  return probeSmtp({
    target: `127.0.0.1:${port}`,
    policy: labPolicy,
    limiter,
    timeouts: FAST,
    tlsCa: [certs.caPem],
    tlsServername: "localhost",
    ...extra,
  });
}

const CLEAN_REFUTING = [
  "smtp.banner.clear",
  "smtp.ehlo.accepted",
  "smtp.unknown_command.rejected",
  "smtp.esmtp.extensions_present",
  "smtp.close.graceful_after_tls",
  "smtp.data.split_terminator_ok",
] as const;

describe("clean ESMTP server (smtp-server with STARTTLS)", () => {
  let server: RunningMailServer;
  before(async () => {
    server = await startMailServer({});
  });
  after(() => server.close());

  test("full probe: only info findings, all clean findings present, EHLO again inside TLS", async () => {
    const r = await probe(server.port, {
      starttls: true,
      checkTlsRequired: true,
      envelope: { from: "probe@relaydesk.invalid", to: "postmaster@relaydesk-test.local" },
      splitData: { from: "probe@relaydesk.invalid", to: "user@relaydesk-test.local", confirm: true, segmentGapMs: 20 },
      timeouts: { ...FAST, dataMs: 1_500 },
    });
    checkInvariants(r);
    assert.deepEqual(problemIds(r), [], `unexpected problem findings; all: ${ids(r).join(", ")}`);
    for (const id of CLEAN_REFUTING) assert.ok(has(r, id), `missing ${id}; got ${ids(r).join(", ")}`);
    for (const id of ["smtp.starttls.established", "smtp.tls.certificate_valid", "smtp.envelope.accepted", "smtp.starttls.not_required_for_mail"] as const) assert.ok(has(r, id), id);
    const names = r.steps.map((s) => s.name);
    for (const n of ["connect", "banner", "ehlo", "unknown_command", "tls_required", "starttls", "ehlo_tls", "envelope", "quit", "close_without_tls", "split_data"]) assert.ok(names.includes(n), n);
    assert.ok(r.steps.every((s) => s.status !== "failed"), JSON.stringify(r.steps));
    // EHLO sent again after the handshake (RFC 3207 4.2)
    const ehloLines = r.transcript.filter((e) => e.dir === "client" && e.text.startsWith("EHLO"));
    assert.ok(ehloLines.length >= 2);
    const tls = r.details.sessions[0]?.tls;
    assert.ok(tls && tls.authorized && /TLSv1\.[23]/.test(tls.protocol ?? ""));
    assert.ok(tls.certificate?.subjectAltNames.some((s) => s.includes("localhost")));
    // the envelope test did not deliver; the split test delivered exactly one message (split accepted, no control)
    assert.equal(server.messages.length, 1);
    assert.equal(r.target.addresses[0]?.address, "127.0.0.1");
    assert.equal(r.target.addresses[0]?.family, 4);
  });

  test("default steps send nothing beyond banner, EHLO, the invalid command and QUIT", async () => {
    const r = await probe(server.port);
    checkInvariants(r);
    const sent = r.transcript.filter((e) => e.dir === "client").map((e) => e.text);
    assert.deepEqual(sent, ["EHLO relaydesk.invalid", "goodmorning", "QUIT"]);
    assert.ok(has(r, "smtp.close.graceful"));
    assert.deepEqual(problemIds(r), []);
    assert.ok(!has(r, "smtp.starttls.unavailable"));
  });

  test("custom HELO name and invalid command are used", async () => {
    const r = await probe(server.port, { heloName: "probe.example.org", unknownCommand: "wiz" });
    const sent = r.transcript.filter((e) => e.dir === "client").map((e) => e.text);
    assert.deepEqual(sent, ["EHLO probe.example.org", "wiz", "QUIT"]);
    assert.ok(has(r, "smtp.unknown_command.rejected"));
  });

  test("invalid option values are refused before anything is sent", async () => {
    await assert.rejects(probe(server.port, { heloName: "bad name\r\nRCPT" }), /HELO/);
    await assert.rejects(probe(server.port, { unknownCommand: "x\r\nDATA" }), /unknownCommand/);
    await assert.rejects(probe(server.port, { envelope: { from: "a@b.c>\r\nDATA", to: "x@y.z" } }), /envelope/);
    // splitData without explicit confirmation is refused
    await assert.rejects(probe(server.port, { splitData: { from: "a@b.c", to: "x@y.z" } as never }), /confirm/);
    await assert.rejects(probe(server.port, { timeouts: { commandMs: -1 } }), /commandMs/);
  });
});

describe("PIX Mailguard front", () => {
  let server: RunningMailServer;
  const fronts: RunningPeer[] = [];
  before(async () => {
    server = await startMailServer({});
  });
  after(async () => {
    for (const f of fronts) await f.close();
    await server.close();
  });
  const front = async (opts: Parameters<typeof startMailguardFront>[1] = {}) => {
    const f = await startMailguardFront({ host: "127.0.0.1", port: server.port }, opts);
    fronts.push(f);
    return f;
  };

  test("masked banner, EHLO 500, HELO fallback, goodmorning answered OK, ESMTP and STARTTLS gone", async () => {
    const f = await front();
    const r = await probe(f.port, { starttls: true });
    checkInvariants(r);
    assert.deepEqual(finding(r, "smtp.banner.masked").evidence, [r.details.sessions[0]!.banner!.lines[0]]);
    assert.deepEqual(finding(r, "smtp.ehlo.rejected").evidence, ["EHLO relaydesk.invalid", "500 Unrecognized command"]);
    assert.deepEqual(finding(r, "smtp.unknown_command.accepted").evidence, ["goodmorning", "OK"]);
    const missing = finding(r, "smtp.esmtp.missing");
    assert.deepEqual((missing.data as { missing: string[] }).missing, ["PIPELINING", "8BITMIME", "STARTTLS"]);
    assert.ok(has(r, "smtp.starttls.unavailable"));
    for (const id of ["smtp.banner.clear", "smtp.ehlo.accepted", "smtp.unknown_command.rejected", "smtp.esmtp.extensions_present"] as const) assert.ok(!has(r, id), id);
    assert.ok(r.transcript.some((e) => e.dir === "client" && e.text === "HELO relaydesk.invalid"));
  });

  test("later PIX answers 500 Command unrecognized: not 'accepted', but EHLO still rejected", async () => {
    const f = await front({ okToUnknown: false });
    const r = await probe(f.port);
    checkInvariants(r);
    assert.ok(has(r, "smtp.unknown_command.rejected"));
    assert.ok(!has(r, "smtp.unknown_command.accepted"));
    assert.ok(has(r, "smtp.ehlo.rejected"));
  });

  test("PIX 4.4 all-asterisk banner and the old SMTP/cmap banner", async () => {
    const r44 = await probe((await front({ bannerStyle: "masked-4.4" })).port);
    checkInvariants(r44);
    assert.equal((finding(r44, "smtp.banner.masked").data as { style: string }).style, "all-masked");
    const rc = await probe((await front({ bannerStyle: "cmap" })).port);
    checkInvariants(rc);
    assert.deepEqual(finding(rc, "smtp.banner.pix_cmap").evidence, ["220 SMTP/cmap_____________________________________read"]);
    assert.ok(!has(rc, "smtp.banner.clear"));
  });

  test("split CRLF.CRLF is lost while the single-segment message goes through (CSCds90792)", async () => {
    const before = server.messages.length;
    const f = await front();
    const r = await probe(f.port, {
      steps: { unknownCommand: false },
      splitData: { from: "sender@relaydesk.invalid", to: "user@relaydesk-test.local", confirm: true, segmentGapMs: 50 },
    });
    checkInvariants(r);
    const lost = finding(r, "smtp.data.split_terminator_lost");
    assert.equal(lost.severity, "critical");
    assert.ok(lost.evidence.some((e) => /3 TCP segments/.test(e)));
    assert.ok(lost.evidence.some((e) => /^no reply to the end of data within 400 ms$/.test(e)));
    assert.ok(lost.evidence.some((e) => /^250 /.test(e)));
    assert.ok(!has(r, "smtp.data.split_terminator_ok"));
    assert.equal(server.messages.length - before, 1, "only the control message is delivered");
    assert.ok(f.events.some((e) => e.kind === "terminator-split-lost"));
  });
});

describe("ISA 2006 / TMG 2010 SMTP filter", () => {
  let server: RunningMailServer;
  let isa: RunningPeer;
  before(async () => {
    server = await startMailServer({});
    isa = await startIsaTlsResetProxy({ host: "127.0.0.1", port: server.port });
  });
  after(async () => {
    await isa.close();
    await server.close();
  });

  test("reset after a TLS session, FIN without TLS: smtp.close.reset_after_tls", async () => {
    const r = await probe(isa.port, { starttls: true });
    checkInvariants(r);
    const f = finding(r, "smtp.close.reset_after_tls");
    assert.deepEqual(f.data, { withTls: "reset", withoutTls: "fin", implicitTls: false });
    assert.ok(f.evidence.includes("221 Bye"));
    assert.ok(!has(r, "smtp.close.graceful_after_tls"));
    assert.ok(!has(r, "smtp.close.reset"));
    assert.equal(r.details.sessions[0]?.close?.main, "reset");
    assert.equal(r.details.sessions[0]?.close?.withoutTls, "fin");
  });

  test("without STARTTLS the same proxy closes gracefully", async () => {
    const r = await probe(isa.port);
    checkInvariants(r);
    assert.ok(has(r, "smtp.close.graceful"));
    assert.ok(!has(r, "smtp.close.reset_after_tls"));
  });
});

describe("scripted Exchange / IIS answers", () => {
  const peers: RunningPeer[] = [];
  after(async () => {
    for (const p of peers) await p.close();
  });
  const scripted = async (opts: Parameters<typeof startScriptedSmtpServer>[0]) => {
    const p = await startScriptedSmtpServer(opts);
    peers.push(p);
    return p;
  };

  test("IIS SMTP service banner", async () => {
    const p = await scripted({ banner: "220 hub.contoso.com Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready at  Tue, 9 Oct 2007 10:00:00 +0200", ehlo: ["PIPELINING", "8BITMIME", "STARTTLS", "X-EXPS GSSAPI NTLM", "X-LINK2STATE"] });
    const r = await probe(p.port);
    checkInvariants(r);
    const f = finding(r, "smtp.banner.iis_smtp");
    assert.equal((f.data as { version: string }).version, "6.0.3790.3959");
    assert.ok(r.details.sessions[0]?.ehlo?.keywords.includes("X-LINK2STATE"));
  });

  test("451 5.7.3 Cannot achieve Exchange Server authentication", async () => {
    const p = await scripted({ banner: "220 edge.contoso.com Microsoft ESMTP MAIL Service ready", ehlo: ["PIPELINING", "8BITMIME", "STARTTLS"], replies: { MAIL: "451 5.7.3 Cannot achieve Exchange Server authentication" } });
    const r = await probe(p.port, { envelope: { from: "a@contoso.com", to: "b@contoso.com" } });
    checkInvariants(r);
    assert.deepEqual(finding(r, "smtp.auth.exchange_auth_unavailable").evidence, ["MAIL FROM:<a@contoso.com>", "451 5.7.3 Cannot achieve Exchange Server authentication"]);
    assert.ok(!has(r, "smtp.envelope.accepted"));
    assert.ok(r.transcript.some((e) => e.dir === "client" && e.text === "RSET"));
    assert.ok(!r.transcript.some((e) => e.dir === "client" && e.text === "DATA"));
  });

  test("550 5.7.1 External client does not have permissions", async () => {
    const p = await scripted({ banner: "220 edge.contoso.com Microsoft ESMTP MAIL Service ready", ehlo: ["PIPELINING"], replies: { RCPT: "550 5.7.1 External client does not have permissions to submit to this server" } });
    const r = await probe(p.port, { envelope: { from: "a@contoso.com", to: "b@contoso.com" } });
    checkInvariants(r);
    const f = finding(r, "smtp.client.blocked");
    assert.equal(f.evidence[1], "550 5.7.1 External client does not have permissions to submit to this server");
  });

  test("the real server answers the same envelope with its own scripted errors too", async () => {
    const server = await startMailServer({ rcptReply: "550 5.7.1 relaying denied from local server" });
    peers.push(server);
    const r = await probe(server.port, { envelope: { from: "a@contoso.com", to: "b@contoso.com" } });
    checkInvariants(r);
    // only the document's "does not have permissions to submit" text is the Edge block; relaying denied is its own finding
    assert.ok(has(r, "smtp.relay.denied"));
    assert.ok(!has(r, "smtp.client.blocked"));
  });

  test("421 in the greeting is reported as such", async () => {
    const p = await scripted({ banner: "421 4.3.2 Service not available, closing transmission channel" });
    const r = await probe(p.port);
    checkInvariants(r);
    assert.ok(has(r, "smtp.reply.service_unavailable"));
    assert.ok(!has(r, "smtp.banner.clear"));
  });

  test("554 greeting: rejected, then QUIT", async () => {
    const p = await scripted({ banner: "554 5.7.1 No SMTP service here" });
    const r = await probe(p.port);
    checkInvariants(r);
    assert.ok(has(r, "smtp.greeting.rejected"));
    assert.ok(r.transcript.some((e) => e.dir === "client" && e.text === "QUIT"));
  });
});

describe("STARTTLS variants", () => {
  const peers: RunningPeer[] = [];
  after(async () => {
    for (const p of peers) await p.close();
  });
  const server = async (opts: Parameters<typeof startMailServer>[0]) => {
    const s = await startMailServer(opts);
    peers.push(s);
    return s;
  };

  test("no STARTTLS advertised: smtp.starttls.unavailable and smtp.esmtp.missing", async () => {
    const s = await server({ starttls: false });
    const r = await probe(s.port, { starttls: true });
    checkInvariants(r);
    assert.ok(has(r, "smtp.starttls.unavailable"));
    assert.deepEqual((finding(r, "smtp.esmtp.missing").data as { missing: string[] }).missing, ["STARTTLS"]);
  });

  for (const [cert, kind, words] of [
    ["self-signed", "self_signed", /self-signed/],
    ["expired", "expired", /expired/],
    ["wrong-name", "name_mismatch", /not for localhost/],
  ] as const) {
    test(`certificate problem in words: ${cert}`, async () => {
      const s = await server({ certificate: cert });
      const r = await probe(s.port, { starttls: true });
      checkInvariants(r);
      const f = finding(r, "smtp.tls.certificate_problem");
      const problems = (f.data as { problems: Array<{ kind: string; words: string }> }).problems;
      assert.ok(problems.some((p) => p.kind === kind && words.test(p.words)), JSON.stringify(problems));
      assert.ok(!has(r, "smtp.tls.certificate_valid"));
      assert.ok(has(r, "smtp.starttls.established"));
    });
  }

  test("unknown issuer when the CA is not trusted", async () => {
    const s = await server({});
    const r = await probe(s.port, { starttls: true, tlsCa: [] });
    const f = finding(r, "smtp.tls.certificate_problem");
    assert.ok((f.data as { problems: Array<{ kind: string }> }).problems.some((p) => p.kind === "unknown_issuer"));
  });

  test("server insists on STARTTLS before MAIL FROM", async () => {
    const s = await server({ requireTlsForMail: true });
    const r = await probe(s.port, { starttls: true, checkTlsRequired: true });
    checkInvariants(r);
    assert.deepEqual(finding(r, "smtp.starttls.required_for_mail").evidence, ["MAIL FROM:<>", "530 5.7.0 Must issue a STARTTLS command first"]);
    assert.ok(!has(r, "smtp.starttls.not_required_for_mail"));
  });

  test("STARTTLS refused: smtp.starttls.failed", async () => {
    const p = await startScriptedSmtpServer({ banner: "220 mail.example.com ESMTP", ehlo: ["STARTTLS"], replies: { STARTTLS: "454 4.7.0 TLS not available due to temporary reason" } });
    peers.push(p);
    const r = await probe(p.port, { starttls: true });
    checkInvariants(r);
    assert.deepEqual(finding(r, "smtp.starttls.failed").evidence, ["STARTTLS", "454 4.7.0 TLS not available due to temporary reason"]);
  });

  test("STARTTLS 220 but no TLS server behind it: handshake failure is smtp.starttls.failed", async () => {
    const p = await startScriptedSmtpServer({ banner: "220 mail.example.com ESMTP", ehlo: ["STARTTLS"], replies: { STARTTLS: "220 2.0.0 go ahead" } });
    peers.push(p);
    const r = await probe(p.port, { starttls: true, timeouts: { ...FAST, tlsMs: 400 } });
    checkInvariants(r);
    assert.ok(has(r, "smtp.starttls.failed"));
    assert.ok(!has(r, "smtp.starttls.established"));
  });

  test("implicit TLS (port 465 style) with EHLO inside TLS", async () => {
    const smtp = new SMTPServer({ secure: true, key: certs.valid.key, cert: certs.valid.cert, authOptional: true, logger: false, disableReverseLookup: true });
    smtp.on("error", () => undefined);
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const port = (smtp.server.address() as { port: number }).port;
    try {
      const r = await probe(port, { tls: "implicit" });
      checkInvariants(r);
      assert.equal(r.steps[1]?.name, "tls");
      assert.ok(has(r, "smtp.tls.certificate_valid"));
      assert.ok(has(r, "smtp.banner.clear"));
      assert.ok(has(r, "smtp.esmtp.extensions_present"), "STARTTLS is not expected on implicit TLS");
      assert.ok(has(r, "smtp.close.graceful_after_tls"));
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});

describe("greeting timing", () => {
  test("a late greeting is a greeting delay with the delay in ms", async () => {
    const s = await startMailServer({ greetingDelayMs: 400 });
    try {
      const r = await probe(s.port, { greetingDelayThresholdMs: 300 });
      checkInvariants(r);
      const f = finding(r, "server.greeting_delayed");
      assert.ok((f.data as { delayMs: number }).delayMs >= 400);
      assert.ok(has(r, "smtp.banner.clear"));
      const clean = await probe(s.port, { greetingDelayThresholdMs: 3_000 });
      assert.ok(!has(clean, "server.greeting_delayed"));
    } finally {
      await s.close();
    }
  });
});
