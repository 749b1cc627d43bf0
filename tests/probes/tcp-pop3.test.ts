/**
 * TCP and POP3 probes: connect timing, repeated connects through the ISA 2000
 * Firewall-client emulator (a front that drops some attempts), POP3 CAPA /
 * STLS / QUIT and implicit TLS.
 */
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { probePop3 } from "../../lib/probes/pop3";
import { probeTcp } from "../../lib/probes/tcp";
import { createTestCertificates, startDroppingFront, startMailServer, startPop3Server, type RunningPeer } from "../peers/index";
import { FAST, checkInvariants, finding, has, ids, labPolicy, testLimiter } from "./helpers";

const certs = createTestCertificates();
const limiter = testLimiter();
const peers: RunningPeer[] = [];
after(async () => {
  for (const p of peers) await p.close();
});
const keep = <T extends RunningPeer>(p: T): T => {
  peers.push(p);
  return p;
};

/** A port with nothing listening (bound then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("TCP probe", () => {
  let mail: RunningPeer;
  before(async () => {
    mail = keep(await startMailServer({}));
  });

  test("single connect: timed connect step, no repeat findings", async () => {
    const r = await probeTcp({ target: `127.0.0.1:${mail.port}`, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    assert.equal(r.steps.length, 1);
    assert.equal(r.steps[0]?.name, "connect");
    assert.equal(r.steps[0]?.status, "ok");
    assert.deepEqual(ids(r), []);
    assert.ok(r.transcript.some((e) => e.dir === "client") === false, "nothing is sent");
  });

  test("repeated connects to a healthy server: tcp.connect.stable with a latency summary", async () => {
    const r = await probeTcp({ target: `127.0.0.1:${mail.port}`, count: 20, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    const f = finding(r, "tcp.connect.stable");
    const s = f.data as { attempts: number; failureRate: number; latencyMs: { p50: number; max: number } };
    assert.equal(s.attempts, 20);
    assert.equal(s.failureRate, 0);
    assert.ok(s.latencyMs.p50 >= 0 && s.latencyMs.max >= s.latencyMs.p50);
    assert.ok(!has(r, "tcp.connect.intermittent_failures"));
    assert.equal(r.steps.length, 20);
  });

  test("a front resetting every 4th attempt: tcp.connect.intermittent_failures, 25% failure", async () => {
    const front = keep(await startDroppingFront({ host: "127.0.0.1", port: mail.port }, { dropEvery: 4, mode: "reset" }));
    const r = await probeTcp({ target: `127.0.0.1:${front.port}`, count: 20, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    const f = finding(r, "tcp.connect.intermittent_failures");
    const s = f.data as { failureRate: number; failedAttempts: number[]; byOutcome: Record<string, number> };
    assert.equal(s.failureRate, 0.25);
    assert.deepEqual(s.failedAttempts, [4, 8, 12, 16, 20]);
    assert.equal(s.byOutcome.reset, 5);
    assert.ok(!has(r, "tcp.connect.stable"));
  });

  test("nothing listening: target.unreachable (refused)", async () => {
    const port = await closedPort();
    const r = await probeTcp({ target: `127.0.0.1:${port}`, count: 3, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    const f = finding(r, "target.unreachable");
    assert.equal((f.data as { byOutcome: Record<string, number> }).byOutcome.refused, 3);
  });

  test("count and interval are bounded", async () => {
    await assert.rejects(probeTcp({ target: `127.0.0.1:${mail.port}`, count: 501, policy: labPolicy }), /count/);
    await assert.rejects(probeTcp({ target: `127.0.0.1:${mail.port}`, intervalMs: 60_001, policy: labPolicy }), /intervalMs/);
    await assert.rejects(probeTcp({ target: "127.0.0.1", policy: labPolicy }), /no port/);
  });
});

describe("POP3 probe", () => {
  test("banner, CAPA, STLS (CAPA again inside TLS), QUIT", async () => {
    const pop = keep(await startPop3Server({}));
    const r = await probePop3({ target: `127.0.0.1:${pop.port}`, stls: true, tlsCa: [certs.caPem], tlsServername: "localhost", policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    assert.deepEqual(
      r.steps.map((s) => `${s.name}:${s.status}`),
      ["connect:ok", "banner:ok", "capa:ok", "stls:ok", "tls:ok", "capa_tls:ok", "quit:ok"],
    );
    const d = r.details.sessions[0]!;
    assert.ok(d.capabilities?.includes("STLS"));
    assert.ok(d.capabilitiesTls && !d.capabilitiesTls.includes("STLS"));
    assert.equal(d.tls?.authorized, true);
    assert.equal(d.close, "fin");
    assert.deepEqual(r.findings.filter((f) => f.severity !== "info"), []);
  });

  test("STLS not offered: pop3.stls.unavailable", async () => {
    const pop = keep(await startPop3Server({ stls: false }));
    const r = await probePop3({ target: `127.0.0.1:${pop.port}`, stls: true, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    assert.ok(has(r, "pop3.stls.unavailable"));
  });

  test("implicit TLS (POP3S) with a self-signed certificate", async () => {
    const pop = keep(await startPop3Server({ implicitTls: true, certificate: "self-signed" }));
    const r = await probePop3({ target: `127.0.0.1:${pop.port}`, tls: "implicit", tlsServername: "localhost", policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    assert.equal(r.steps[1]?.name, "tls");
    assert.ok(has(r, "pop3.tls.certificate_problem"));
    assert.equal(r.details.sessions[0]?.banner?.ok, true);
  });

  test("an SMTP server on the POP3 port: pop3.banner.error", async () => {
    const mail = keep(await startMailServer({}));
    const r = await probePop3({ target: `127.0.0.1:${mail.port}`, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    assert.ok(has(r, "pop3.banner.error"));
  });

  test("repeated connects through a front that blackholes every 3rd attempt: pop3.connect.intermittent_failures", async () => {
    const pop = keep(await startPop3Server({}));
    const front = keep(await startDroppingFront({ host: "127.0.0.1", port: pop.port }, { dropEvery: 3 }));
    const r = await probePop3({ target: `127.0.0.1:${front.port}`, count: 9, steps: { session: false }, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    const f = finding(r, "pop3.connect.intermittent_failures");
    const s = f.data as { failedAttempts: number[]; byOutcome: Record<string, number>; failureRate: number };
    assert.deepEqual(s.failedAttempts, [3, 6, 9]);
    assert.equal(s.byOutcome.timeout, 3);
    assert.equal(s.failureRate, 0.333);
    assert.ok(f.evidence.some((e) => /attempt 3\/9: connected in .* but no greeting within 300 ms \(timed out\)/.test(e)), f.evidence.join("\n"));
  });

  test("repeated connects to a healthy POP3 server: pop3.connect.stable", async () => {
    const pop = keep(await startPop3Server({}));
    const r = await probePop3({ target: `127.0.0.1:${pop.port}`, count: 10, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    assert.ok(has(r, "pop3.connect.stable"));
    assert.ok(!has(r, "pop3.connect.intermittent_failures"));
    assert.ok(r.steps.some((s) => s.name === "capa"), "the session ran before the repeats");
  });
});
