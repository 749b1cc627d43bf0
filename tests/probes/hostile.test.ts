/**
 * Hostile and broken servers: every one ends in a finding within its
 * deadline, never in a hang, a crash or unbounded memory. Also cancellation
 * (AbortSignal), the whole-probe deadline, the event stream and the
 * concurrency limits.
 */
import assert from "node:assert/strict";
import net from "node:net";
import { after, describe, test } from "node:test";
import { ProbeLimiter } from "../../lib/probes/semaphore";
import { probeSmtp } from "../../lib/probes/smtp";
import type { ProbeEvent } from "../../lib/probes/types";
import { probePop3 } from "../../lib/probes/pop3";
import { startHostileServer, startMailServer, startScriptedSmtpServer, type HostileKind, type RunningPeer } from "../peers/index";
import { FAST, checkInvariants, finding, has, ids, labPolicy, testLimiter } from "./helpers";

const limiter = testLimiter();
const peers: RunningPeer[] = [];
after(async () => {
  for (const p of peers) await p.close();
});

async function hostile(kind: HostileKind, delayMs?: number): Promise<RunningPeer> {
  const p = await startHostileServer(kind, delayMs === undefined ? {} : { delayMs });
  peers.push(p);
  return p;
}

/** A raw server for byte-exact edge cases: `onConnection` gets each socket. */
async function rawServer(onConnection: (s: net.Socket) => void): Promise<RunningPeer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.on("close", () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const peer: RunningPeer = {
    host: "127.0.0.1",
    port: (server.address() as net.AddressInfo).port,
    events: [],
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  peers.push(peer);
  return peer;
}

const run = (port: number, extra: Parameters<typeof probeSmtp>[0] extends infer O ? Partial<O> : never = {}) =>
  probeSmtp({ target: `127.0.0.1:${port}`, policy: labPolicy, limiter, timeouts: { ...FAST, greetingMs: 600, commandMs: 600 }, ...extra });

describe("hostile servers produce findings, not hangs", () => {
  test("silent: server.silent after the greeting deadline", async () => {
    const t0 = Date.now();
    const r = await run((await hostile("silent")).port);
    checkInvariants(r);
    assert.ok(has(r, "server.silent"));
    assert.equal(r.steps.find((s) => s.name === "banner")?.status, "timeout");
    assert.ok(Date.now() - t0 < 2_000);
    assert.ok(r.steps.filter((s) => s.status === "skipped").map((s) => s.name).includes("quit"));
  });

  test("slow greeting: greeting delay when it comes, silence when it comes after the deadline", async () => {
    const slow = await hostile("slow-greeting", 300);
    const r = await run(slow.port, { greetingDelayThresholdMs: 200 });
    checkInvariants(r);
    assert.ok(has(r, "server.greeting_delayed"));
    const late = await run(slow.port, { timeouts: { ...FAST, greetingMs: 150 } });
    assert.ok(has(late, "server.silent"));
  });

  test("endless multi-line reply: bounded, server.protocol_violation", async () => {
    const r = await run((await hostile("endless-multiline")).port);
    checkInvariants(r);
    const f = finding(r, "server.protocol_violation");
    assert.equal((f.data as { problem: string }).problem, "reply with too many lines");
    assert.ok(r.transcript.length < 200, `transcript bounded (${r.transcript.length})`);
  });

  test("binary garbage: escaped in the transcript, server.protocol_violation", async () => {
    const r = await run((await hostile("binary-garbage")).port);
    checkInvariants(r);
    assert.ok(has(r, "server.protocol_violation"), ids(r).join(","));
    assert.ok(r.transcript.some((e) => e.dir === "server" && e.text.includes("\\x00")));
  });

  test("huge line: server.line_too_long, reading stops, memory stays bounded", async () => {
    const before = process.memoryUsage().rss;
    const r = await run((await hostile("huge-line")).port);
    checkInvariants(r);
    const f = finding(r, "server.line_too_long");
    assert.match(f.evidence.at(-1) ?? "", /line longer than 4096 bytes; reading stopped/);
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024);
    assert.ok(r.durationMs < 2_000);
  });

  test("reset on connect: server.reset", async () => {
    const r = await run((await hostile("reset-on-connect")).port);
    checkInvariants(r);
    assert.ok(has(r, "server.reset"), ids(r).join(","));
  });

  test("reset after EHLO: server.reset with the EHLO as evidence", async () => {
    const r = await run((await hostile("reset-after-ehlo")).port);
    checkInvariants(r);
    const f = finding(r, "server.reset");
    assert.equal(f.evidence[0], "EHLO relaydesk.invalid");
  });

  test("close in the middle of a reply: server.protocol_violation with the partial reply", async () => {
    const r = await run((await hostile("close-mid-reply")).port);
    checkInvariants(r);
    const f = finding(r, "server.protocol_violation");
    assert.ok(f.evidence.some((e) => e.startsWith("250-")));
  });

  test("trickling greeting: delay when it completes, reply timeout with the partial line when it does not", async () => {
    const fast = await hostile("trickle", 4);
    const r = await run(fast.port, { greetingDelayThresholdMs: 100 });
    checkInvariants(r);
    assert.ok(has(r, "server.greeting_delayed"), ids(r).join(","));
    const slow = await hostile("trickle", 40);
    const r2 = await run(slow.port, { timeouts: { ...FAST, greetingMs: 300 } });
    checkInvariants(r2);
    const f = finding(r2, "server.reply_timeout");
    assert.ok(f.evidence.some((e) => e.endsWith("[incomplete line]")));
  });

  test("data after the STARTTLS 220 is discarded and reported (RFC 3207 section 6)", async () => {
    const p = await rawServer((s) => {
      s.write("220 evil.example ESMTP\r\n");
      let buf = "";
      s.on("data", (d) => {
        buf += d.toString("latin1");
        if (buf.includes("EHLO")) {
          buf = "";
          s.write("250-evil.example\r\n250 STARTTLS\r\n");
        } else if (buf.includes("STARTTLS")) {
          buf = "";
          s.write("220 go ahead\r\n250 injected\r\n");
        }
      });
    });
    const r = await run(p.port, { starttls: true, steps: { unknownCommand: false }, timeouts: { ...FAST, tlsMs: 300 } });
    checkInvariants(r);
    const f = r.findings.find((x) => x.id === "server.protocol_violation" && (x.data as { problem: string }).problem === "data after STARTTLS 220");
    assert.ok(f, ids(r).join(","));
  });

  test("bare LF line ends and odd codes are handled", async () => {
    const p = await rawServer((s) => {
      s.write("220 lf.example ESMTP\n");
      s.on("data", (d) => {
        const t = d.toString();
        if (t.startsWith("EHLO")) s.write("250-lf.example\n250 8BITMIME\n");
        else if (t.startsWith("QUIT")) s.end("221 bye\n");
        else s.write("999 what\n");
      });
    });
    const r = await run(p.port);
    checkInvariants(r);
    assert.ok(has(r, "smtp.ehlo.accepted"));
    assert.equal(r.details.sessions[0]?.unknownCommand?.verdict, "other");
  });
});

describe("cancellation, deadlines and events", () => {
  test("AbortSignal cancels a probe waiting for a silent server", async () => {
    const p = await hostile("silent");
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const t0 = Date.now();
    const r = await run(p.port, { signal: ctl.signal, timeouts: { ...FAST, greetingMs: 10_000 } });
    assert.ok(Date.now() - t0 < 1_000);
    assert.equal(r.completed, false);
    assert.ok(r.errors.some((e) => e.code === "EABORTED"));
    assert.ok(!has(r, "server.silent"));
    checkInvariants(r);
  });

  test("the whole-probe deadline ends a probe whose steps would wait longer", async () => {
    const p = await hostile("silent");
    const t0 = Date.now();
    const r = await run(p.port, { timeouts: { ...FAST, greetingMs: 10_000, probeMs: 200 } });
    assert.ok(Date.now() - t0 < 1_000);
    assert.ok(r.errors.some((e) => e.code === "EDEADLINE"));
    assert.equal(r.completed, false);
  });

  test("onEvent streams transcript, step start/end and findings as they happen", async () => {
    const s = await startMailServer({});
    peers.push(s);
    const events: ProbeEvent[] = [];
    const r = await run(s.port, { onEvent: (e) => events.push(e) });
    const transcript = events.filter((e) => e.type === "transcript");
    assert.equal(transcript.length, r.transcript.length);
    assert.ok(events.every((e) => e.probeId === r.id));
    const starts = events.filter((e) => e.type === "step" && e.phase === "start");
    const ends = events.filter((e) => e.type === "step" && e.phase === "end");
    assert.equal(ends.length, r.steps.length);
    assert.equal(starts.length, r.steps.length);
    assert.equal(events.filter((e) => e.type === "finding").length, r.findings.length);
    // order: the banner step starts before the banner line arrives, which comes before the banner finding
    const idx = (pred: (e: ProbeEvent) => boolean) => events.findIndex(pred);
    const bannerStart = idx((e) => e.type === "step" && e.phase === "start" && e.name === "banner");
    const bannerLine = idx((e) => e.type === "transcript" && e.entry.dir === "server");
    const bannerFinding = idx((e) => e.type === "finding" && e.finding.id === "smtp.banner.clear");
    assert.ok(bannerStart < bannerLine && bannerLine < bannerFinding);
  });

  test("a listener that throws does not break the probe", async () => {
    const s = await startMailServer({});
    peers.push(s);
    const r = await run(s.port, {
      onEvent: () => {
        throw new Error("listener bug");
      },
    });
    assert.ok(has(r, "smtp.banner.clear"));
  });

  test("per-target limit: probes of one target run one at a time", async () => {
    const slow = await hostile("slow-greeting", 150);
    const one = new ProbeLimiter({ maxConcurrent: 10, maxPerTarget: 1 });
    const t0 = Date.now();
    const rs = await Promise.all([0, 1, 2].map(() => run(slow.port, { limiter: one, steps: { unknownCommand: false, ehlo: false } })));
    const took = Date.now() - t0;
    for (const r of rs) assert.ok(has(r, "smtp.banner.clear"));
    assert.ok(took >= 3 * 150, `serialised (${took} ms)`);
    const many = new ProbeLimiter({ maxConcurrent: 10, maxPerTarget: 10 });
    const t1 = Date.now();
    await Promise.all([0, 1, 2].map(() => run(slow.port, { limiter: many, steps: { unknownCommand: false, ehlo: false } })));
    assert.ok(Date.now() - t1 < took, "in parallel when allowed");
  });
});

/** A line-based raw responder: `answer(line)` returns what to write (or does it itself). */
function lineServer(greeting: string, answer: (line: string, s: net.Socket) => void): Promise<RunningPeer> {
  return rawServer((s) => {
    s.write(greeting);
    let buf = "";
    s.on("data", (d: Buffer) => {
      buf += d.toString("latin1");
      let i: number;
      while ((i = buf.indexOf("\n")) !== -1) {
        const line = buf.slice(0, i).replace(/\r$/, "");
        buf = buf.slice(i + 1);
        answer(line, s);
      }
    });
  });
}

const ehloOk = (line: string, s: net.Socket): boolean => {
  if (/^EHLO/i.test(line)) {
    s.write("250-raw.example\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 STARTTLS\r\n");
    return true;
  }
  return false;
};

describe("the remaining findings, each from a server that shows it", () => {
  test("RST instead of FIN after QUIT on a plain session: smtp.close.reset (graceful on the clean server)", async () => {
    const p = await lineServer("220 raw.example ESMTP\r\n", (line, s) => {
      if (ehloOk(line, s)) return;
      if (/^QUIT/i.test(line)) {
        s.write("221 bye\r\n");
        setTimeout(() => s.resetAndDestroy(), 5);
      } else s.write("500 unrecognized\r\n");
    });
    const r = await run(p.port);
    checkInvariants(r);
    const f = finding(r, "smtp.close.reset");
    assert.ok(f.evidence.some((e) => /reset \(RST\)/.test(e)));
    assert.ok(!has(r, "smtp.close.graceful"));
  });

  test("RST arriving together with the 221 (libuv reports it as EOF) is still smtp.close.reset", async () => {
    // The ISA/TMG case: the reset lands with the final bytes, and libuv's hang-up shortcut turns it
    // into an EOF; only the confirming write after the EOF tells it from a FIN.
    for (let i = 0; i < 5; i++) {
      const p = await lineServer("220 raw.example ESMTP\r\n", (line, s) => {
        if (ehloOk(line, s)) return;
        if (/^QUIT/i.test(line)) {
          s.write("221 bye\r\n");
          s.resetAndDestroy();
        } else s.write("500 unrecognized\r\n");
      });
      const r = await run(p.port);
      checkInvariants(r);
      assert.ok(has(r, "smtp.close.reset"), `attempt ${i + 1}: ${r.findings.map((f) => f.id).join(", ")}`);
      assert.ok(!has(r, "smtp.close.graceful"));
    }
  });

  test("an invalid command that gets no answer: smtp.unknown_command.blocked", async () => {
    const p = await lineServer("220 raw.example ESMTP\r\n", (line, s) => {
      if (ehloOk(line, s)) return;
      if (/^QUIT/i.test(line)) s.end("221 bye\r\n");
      // anything else: silence
    });
    const r = await run(p.port, { timeouts: { ...FAST, commandMs: 200 } });
    checkInvariants(r);
    assert.deepEqual(finding(r, "smtp.unknown_command.blocked").evidence.slice(0, 1), ["goodmorning"]);
  });

  test("FIN right after EHLO without a reply: server.closed_early", async () => {
    const p = await lineServer("220 raw.example ESMTP\r\n", (_line, s) => s.end());
    const r = await run(p.port);
    checkInvariants(r);
    assert.ok(has(r, "server.closed_early"));
  });

  test("nothing listening: target.unreachable", async () => {
    const p = await rawServer(() => undefined);
    await p.close();
    const r = await run(p.port);
    checkInvariants(r);
    assert.ok(has(r, "target.unreachable"));
    assert.equal(r.steps[0]?.status, "failed");
  });

  test("implicit TLS against a plaintext server: tls.handshake_failed", async () => {
    const s = await startMailServer({});
    peers.push(s);
    const r = await run(s.port, { tls: "implicit", timeouts: { ...FAST, tlsMs: 500 } });
    checkInvariants(r);
    assert.ok(has(r, "tls.handshake_failed"), ids(r).join(","));
  });

  test("another envelope refusal: smtp.envelope.rejected; DATA refused: smtp.data.not_accepted", async () => {
    const p = await startScriptedSmtpServer({ banner: "220 mail.example.com ESMTP", ehlo: ["PIPELINING"], replies: { RCPT: "550 5.1.1 User unknown", DATA: "554 5.6.1 Body type not supported by Remote Host" } });
    peers.push(p);
    const r = await run(p.port, { envelope: { from: "a@example.com", to: "nobody@example.com" } });
    checkInvariants(r);
    assert.deepEqual(finding(r, "smtp.envelope.rejected").evidence, ["RCPT TO:<nobody@example.com>", "550 5.1.1 User unknown"]);
    const q = await startScriptedSmtpServer({ banner: "220 mail.example.com ESMTP", ehlo: ["PIPELINING"], replies: { DATA: "554 5.6.1 Body type not supported by Remote Host" } });
    peers.push(q);
    const d = await run(q.port, { steps: { unknownCommand: false }, splitData: { from: "a@example.com", to: "b@example.com", confirm: true, segmentGapMs: 10 } });
    checkInvariants(d);
    assert.ok(has(d, "smtp.data.not_accepted"), ids(d).join(","));
    assert.ok(!has(d, "smtp.data.split_terminator_lost"));
  });

  test("POP3 STLS refused: pop3.stls.failed", async () => {
    const p = await lineServer("+OK raw POP3\r\n", (line, s) => {
      if (/^CAPA/i.test(line)) s.write("+OK\r\nUSER\r\nSTLS\r\n.\r\n");
      else if (/^STLS/i.test(line)) s.write("-ERR not now\r\n");
      else if (/^QUIT/i.test(line)) s.end("+OK bye\r\n");
      else s.write("-ERR\r\n");
    });
    const r = await probePop3({ target: `127.0.0.1:${p.port}`, stls: true, policy: labPolicy, limiter, timeouts: FAST });
    checkInvariants(r);
    assert.deepEqual(finding(r, "pop3.stls.failed").evidence, ["STLS", "-ERR not now"]);
  });
});
