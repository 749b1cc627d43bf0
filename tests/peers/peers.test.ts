/**
 * Checks every test peer with raw sockets. Run:
 *   node --import tsx --test tests/peers/peers.test.ts
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import tls from "node:tls";
import {
  CMAP_BANNER,
  FWX_E_CONNECTION_KILLED,
  HOSTILE_BANNER,
  HUGE_LINE_BYTES,
  LineReader,
  SmtpReplyReader,
  createDropSchedule,
  createTestCertificates,
  maskBannerLine,
  startDroppingFront,
  startHostileServer,
  startIsaTlsResetProxy,
  startMailServer,
  startMailguardFront,
  startPop3Server,
  startScriptedSmtpServer,
  type RunningMailServer,
  type RunningPeer,
} from "./index";
import { RawClient } from "./raw-client";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Closes peers and clients even when an assertion failed. */
function cleanup(): { peer<T extends RunningPeer>(p: T): T; client(c: RawClient): RawClient; run(): Promise<void> } {
  const peers: RunningPeer[] = [];
  const clients: RawClient[] = [];
  return {
    peer(p) {
      peers.push(p);
      return p;
    },
    client(c) {
      clients.push(c);
      return c;
    },
    async run() {
      for (const c of clients.splice(0)) c.destroy();
      await Promise.all(peers.splice(0).map((p) => p.close()));
    },
  };
}

/**
 * Connects and reports how a connection that is reset right after accept
 * ends: depending on timing the RST surfaces at connect() or at the first read.
 */
async function resetOutcome(peer: RunningPeer): Promise<string | undefined> {
  const client = await RawClient.attempt(peer.host, peer.port);
  if (typeof client === "string") return client;
  const end = await client.waitForClose();
  client.destroy();
  return end.error;
}

let ca = "";
before(() => {
  ca = createTestCertificates().caPem; // pay the key generation once, up front
});

describe("building blocks", () => {
  test("LineReader splits CRLF/LF lines and reports overflow once, then recovers", () => {
    const reader = new LineReader(8);
    const first = reader.push(Buffer.from("HELO a\r\nNO"));
    assert.deepEqual(
      first.map((e) => (e.kind === "line" ? e.line.toString() : e.kind)),
      ["HELO a"],
    );
    assert.equal(reader.pendingBytes, 2);
    const second = reader.push(Buffer.from("OP\nTHIS-IS-TOO-LONG"));
    assert.deepEqual(
      second.map((e) => (e.kind === "line" ? e.line.toString() : e.kind)),
      ["NOOP", "overflow"],
    );
    const third = reader.push(Buffer.from("MORE-STILL-TOO-LONG\r\nQUIT\r\n"));
    assert.deepEqual(
      third.map((e) => (e.kind === "line" ? e.line.toString() : e.kind)),
      ["QUIT"],
    );
  });

  test("SmtpReplyReader marks where multi-line replies end", () => {
    const reader = new SmtpReplyReader();
    const events = reader.push(Buffer.from("250-a\r\n250-b\r\n250 c\r\n354 go\r\nOK\r\n"));
    assert.deepEqual(
      events.map((e) => (e.kind === "line" ? `${e.code}${e.final ? "." : "-"}` : e.kind)),
      ["250-", "250-", "250.", "354.", "0."],
    );
  });

  test("maskBannerLine keeps 220 and the characters 2 and 0 (PIX 5.1), nothing (PIX 4.4)", () => {
    assert.equal(maskBannerLine("220 mx2.example.com 2010", "masked-5.1"), "220 **2*************20*0");
    assert.equal(maskBannerLine("220 mx2 2010", "masked-4.4"), "220 ********");
    assert.equal(maskBannerLine("220-first", "masked-5.1"), "220-*****");
  });

  test("drop schedules are deterministic", () => {
    const every3 = createDropSchedule({ dropEvery: 3 });
    assert.deepEqual(
      Array.from({ length: 7 }, () => every3()),
      [false, false, true, false, false, true, false],
    );
    const a = createDropSchedule({ dropRatio: 0.3, seed: 42 });
    const b = createDropSchedule({ dropRatio: 0.3, seed: 42 });
    const runA = Array.from({ length: 50 }, () => a());
    assert.deepEqual(runA, Array.from({ length: 50 }, () => b()));
    assert.ok(runA.some(Boolean) && !runA.every(Boolean));
    assert.throws(() => createDropSchedule({ dropEvery: 2, dropRatio: 0.5 }));
  });
});

describe("certificates", () => {
  const c = cleanup();
  after(() => c.run());

  test("valid verifies against the CA; the others fail the way they should", async () => {
    const expectations: [NonNullable<Parameters<typeof startPop3Server>[0]>["certificate"], string][] = [
      ["valid", "ok"],
      ["self-signed", "DEPTH_ZERO_SELF_SIGNED_CERT"],
      ["expired", "CERT_HAS_EXPIRED"],
      ["wrong-name", "ERR_TLS_CERT_ALTNAME_INVALID"],
    ];
    for (const [certificate, expected] of expectations) {
      const pop = c.peer(await startPop3Server({ implicitTls: true, certificate }));
      const outcome = await RawClient.connectTls(pop.host, pop.port, { ca, servername: "localhost" }).then(
        (client) => {
          client.destroy();
          return "ok";
        },
        (err: NodeJS.ErrnoException) => err.code ?? err.message,
      );
      assert.equal(outcome, expected, `certificate ${certificate}`);
    }
  });
});

describe("startMailServer (smtp-server)", () => {
  const c = cleanup();
  after(() => c.run());

  test("banner, ESMTP extensions, 500 to goodmorning, STARTTLS, AUTH, delivery", async () => {
    const mail = c.peer(await startMailServer());
    const client = c.client(await RawClient.connect(mail.host, mail.port));
    assert.deepEqual((await client.readReply()).lines, ["220 relaydesk-test.local ESMTP ready"]);

    const ehlo = await client.command("EHLO probe.relaydesk.test");
    assert.equal(ehlo.code, 250);
    for (const ext of ["PIPELINING", "8BITMIME", "SMTPUTF8", "STARTTLS", "SIZE 10485760"]) {
      assert.ok(ehlo.lines.some((l) => l.slice(4) === ext), `EHLO lists ${ext}: ${ehlo.lines.join(" | ")}`);
    }
    const unknown = await client.command("goodmorning");
    assert.ok(unknown.code === 500 || unknown.code === 502, unknown.lines.join());

    assert.equal((await client.command("STARTTLS")).code, 220);
    await client.upgradeTls({ ca, servername: "localhost" });
    const secureEhlo = await client.command("EHLO probe.relaydesk.test");
    assert.ok(secureEhlo.lines.some((l) => l.slice(4) === "AUTH PLAIN LOGIN"));
    assert.ok(!secureEhlo.lines.some((l) => l.includes("STARTTLS")));
    const token = Buffer.from("\0anyone\0anything").toString("base64");
    assert.equal((await client.command(`AUTH PLAIN ${token}`)).code, 235);

    assert.equal((await client.command("MAIL FROM:<alice@example.test>")).code, 250);
    assert.equal((await client.command("RCPT TO:<bob@example.test>")).code, 250);
    assert.equal((await client.command("DATA")).code, 354);
    assert.equal((await client.command("Subject: hi\r\n\r\nhello\r\n.")).code, 250);
    assert.equal((await client.command("QUIT")).code, 221);

    assert.equal(mail.messages.length, 1);
    assert.deepEqual(mail.messages[0]?.to, ["bob@example.test"]);
    assert.equal(mail.messages[0]?.from, "alice@example.test");
    assert.match(mail.messages[0]?.data ?? "", /hello/);
    assert.ok(mail.events.some((e) => e.kind === "tls"));
  });

  test("scripted MAIL/RCPT failures, requireTlsForMail, no STARTTLS, greeting delay, ::1", async () => {
    const edge = c.peer(await startMailServer({ mailReply: "451 5.7.3 Cannot achieve Exchange Server authentication" }));
    let client = c.client(await RawClient.connect(edge.host, edge.port));
    await client.readReply();
    await client.command("HELO probe");
    assert.deepEqual((await client.command("MAIL FROM:<a@example.test>")).lines, [
      "451 5.7.3 Cannot achieve Exchange Server authentication",
    ]);

    const blocked = c.peer(
      await startMailServer({ rcptReply: "550 5.7.1 External client does not have permissions to submit to this server" }),
    );
    client = c.client(await RawClient.connect(blocked.host, blocked.port));
    await client.readReply();
    await client.command("HELO probe");
    assert.equal((await client.command("MAIL FROM:<a@example.test>")).code, 250);
    assert.deepEqual((await client.command("RCPT TO:<b@example.test>")).lines, [
      "550 5.7.1 External client does not have permissions to submit to this server",
    ]);

    const strict = c.peer(await startMailServer({ requireTlsForMail: true, starttls: true }));
    client = c.client(await RawClient.connect(strict.host, strict.port));
    await client.readReply();
    await client.command("EHLO probe");
    assert.equal((await client.command("MAIL FROM:<a@example.test>")).code, 530);

    const plain = c.peer(await startMailServer({ starttls: false, greetingDelayMs: 300, host: "::1", banner: "mx.plain.test ESMTP" }));
    assert.equal(plain.host, "::1");
    const started = Date.now();
    client = c.client(await RawClient.connect(plain.host, plain.port));
    assert.deepEqual((await client.readReply()).lines, ["220 mx.plain.test ESMTP"]);
    assert.ok(Date.now() - started >= 280, "greeting delayed");
    const ehlo = await client.command("EHLO probe");
    assert.ok(!ehlo.lines.some((l) => l.includes("STARTTLS")));
  });

  test("refuses non-loopback hosts", async () => {
    await assert.rejects(startMailServer({ host: "0.0.0.0" }), /loopback/);
    await assert.rejects(startMailguardFront({ host: "192.0.2.1", port: 25 }), /loopback/);
  });
});

describe("startMailguardFront (Cisco PIX Mailguard)", () => {
  const c = cleanup();
  let mail: RunningMailServer;
  let guard: RunningPeer;
  before(async () => {
    mail = c.peer(await startMailServer({ banner: "mx20.relaydesk-test.local ESMTP ready 2010" }));
    guard = c.peer(await startMailguardFront({ host: mail.host, port: mail.port }));
  });
  after(() => c.run());

  test("masks the banner; EHLO -> 500 through Mailguard, 250 directly", async () => {
    const client = c.client(await RawClient.connect(guard.host, guard.port));
    const banner = (await client.readReply()).lines;
    assert.equal(banner.length, 1);
    const line = banner[0] ?? "";
    assert.ok(line.startsWith("220 "), line);
    assert.match(line.slice(4), /^[*20 ]+$/);
    assert.equal(line, maskBannerLine("220 mx20.relaydesk-test.local ESMTP ready 2010", "masked-5.1"));
    assert.deepEqual((await client.command("EHLO probe.relaydesk.test")).lines, ["500 Unrecognized command"]);

    const direct = c.client(await RawClient.connect(mail.host, mail.port));
    await direct.readReply();
    assert.equal((await direct.command("EHLO probe.relaydesk.test")).code, 250);
  });

  test("goodmorning -> OK through Mailguard, 500 directly; only the seven verbs pass", async () => {
    const client = c.client(await RawClient.connect(guard.host, guard.port));
    await client.readReply();
    assert.equal(await (client.write("goodmorning\r\n"), client.readLine()), "OK");
    for (const verb of ["AUTH LOGIN", "X-LINK2STATE", "STARTTLS", "WIZ x", "BDAT 10 LAST"]) {
      assert.equal(await (client.write(`${verb}\r\n`), client.readLine()), "OK", verb);
    }
    assert.equal((await client.command("HELO probe")).code, 250); // forwarded, answered by the server
    assert.equal((await client.command("NOOP")).code, 250);

    const direct = c.client(await RawClient.connect(mail.host, mail.port));
    await direct.readReply();
    const answer = await direct.command("goodmorning");
    assert.ok(answer.code === 500 || answer.code === 502);

    const blockedVerbs = guard.events.filter((e) => e.kind === "blocked").map((e) => e.detail);
    assert.ok(blockedVerbs.some((d) => d.includes("GOODMORNING -> OK")));
    assert.ok(blockedVerbs.some((d) => d.includes("X-LINK2STATE")));
    assert.ok(guard.events.some((e) => e.kind === "forwarded" && e.detail.endsWith("HELO")));
  });

  test("pipelined commands get their answers in order (firewall and server interleaved)", async () => {
    const client = c.client(await RawClient.connect(guard.host, guard.port));
    assert.match(await client.readLine(), /^220 [*20]+$/); // smtp-server drops clients that talk before the greeting
    client.write("goodmorning\r\nHELO probe\r\nEHLO probe\r\nNOOP\r\nAUTH PLAIN secret\r\n");
    const lines: string[] = [];
    for (let i = 0; i < 5; i += 1) lines.push(await client.readLine());
    assert.equal(lines[0], "OK");
    assert.match(lines[1] ?? "", /^250 /);
    assert.equal(lines[2], "500 Unrecognized command");
    assert.match(lines[3] ?? "", /^250 /);
    assert.equal(lines[4], "OK");
    assert.ok(!guard.events.some((e) => e.detail.includes("secret")), "AUTH arguments are not logged");
  });

  test("later PIX: blocked verbs get 500 Command unrecognized; 4.4 and cmap banners", async () => {
    const strict = c.peer(await startMailguardFront({ host: mail.host, port: mail.port }, { okToUnknown: false, bannerStyle: "masked-4.4" }));
    let client = c.client(await RawClient.connect(strict.host, strict.port));
    assert.match((await client.readReply()).lines[0] ?? "", /^220 \*+$/);
    assert.deepEqual((await client.command("goodmorning")).lines, ["500 Command unrecognized"]);
    assert.deepEqual((await client.command("EHLO x")).lines, ["500 Unrecognized command"]);

    const cmap = c.peer(await startMailguardFront({ host: mail.host, port: mail.port }, { bannerStyle: "cmap" }));
    client = c.client(await RawClient.connect(cmap.host, cmap.port));
    assert.deepEqual((await client.readReply()).lines, [CMAP_BANNER]);
  });

  test("CRLF.CRLF split across segments is swallowed (CSCds90792); one segment passes", async () => {
    const before = mail.messages.length;

    const split = c.client(await RawClient.connect(guard.host, guard.port));
    await split.readReply();
    await split.command("HELO probe");
    await split.command("MAIL FROM:<dup@example.test>");
    await split.command("RCPT TO:<victim@example.test>");
    assert.equal((await split.command("DATA")).code, 354);
    split.write("Subject: split\r\n\r\nbody\r\n");
    await sleep(30); // separate segment
    split.write(".\r\n");
    await assert.rejects(split.readReply(1_500), /timed out/);
    assert.equal(mail.messages.length, before, "the server never saw end of data");
    assert.ok(guard.events.some((e) => e.kind === "terminator-split-lost"));

    // the other split point: "CRLF." then "CRLF"
    const split2 = c.client(await RawClient.connect(guard.host, guard.port));
    await split2.readReply();
    await split2.command("HELO probe");
    await split2.command("MAIL FROM:<dup@example.test>");
    await split2.command("RCPT TO:<victim@example.test>");
    assert.equal((await split2.command("DATA")).code, 354);
    split2.write("Subject: split2\r\n\r\nbody\r\n.");
    await sleep(30);
    split2.write("\r\n");
    const waited = Date.now();
    assert.equal(await split2.staysSilent(300), true);
    assert.ok(Date.now() - waited >= 290);
    assert.equal(mail.messages.length, before);
    assert.equal(guard.events.filter((e) => e.kind === "terminator-split-lost").length, 2);

    const whole = c.client(await RawClient.connect(guard.host, guard.port));
    await whole.readReply();
    await whole.command("HELO probe");
    await whole.command("MAIL FROM:<ok@example.test>");
    await whole.command("RCPT TO:<happy@example.test>");
    assert.equal((await whole.command("DATA")).code, 354);
    whole.write("Subject: whole\r\n\r\nbody\r\n.\r\n");
    assert.equal((await whole.readReply()).code, 250);
    assert.equal(mail.messages.length, before + 1);
    assert.match(mail.messages.at(-1)?.data ?? "", /Subject: whole/);
    assert.equal((await whole.command("QUIT")).code, 221);
    assert.deepEqual(await whole.waitForEnd(), { fin: true });
  });
});

describe("startIsaTlsResetProxy (ISA 2006 / TMG 2010 SMTP filter)", () => {
  const c = cleanup();
  let mail: RunningMailServer;
  let isa: RunningPeer;
  before(async () => {
    mail = c.peer(await startMailServer());
    isa = c.peer(await startIsaTlsResetProxy({ host: mail.host, port: mail.port }));
  });
  after(() => c.run());

  test("QUIT after STARTTLS: the server's FIN becomes a RST to the client", async () => {
    const client = c.client(await RawClient.connect(isa.host, isa.port));
    await client.readReply();
    await client.command("EHLO probe");
    assert.equal((await client.command("STARTTLS")).code, 220);
    await client.upgradeTls({ ca, servername: "localhost" });
    await client.command("EHLO probe");
    assert.equal((await client.command("QUIT")).code, 221);
    const end = await client.waitForClose();
    assert.equal(end.error, "ECONNRESET");
    const reset = isa.events.find((e) => e.kind === "client-reset");
    assert.ok(reset);
    assert.match(reset.detail, new RegExp(FWX_E_CONNECTION_KILLED));
  });

  test("without TLS, QUIT/221 ends with a clean FIN", async () => {
    const client = c.client(await RawClient.connect(isa.host, isa.port));
    await client.readReply();
    await client.command("EHLO probe");
    assert.equal((await client.command("QUIT")).code, 221);
    assert.deepEqual(await client.waitForClose(), { fin: true });
    assert.ok(isa.events.some((e) => e.kind === "client-fin"));
  });
});

describe("startDroppingFront (ISA 2000 firewall client, TIME_WAIT reuse)", () => {
  const c = cleanup();
  after(() => c.run());

  test("drops exactly every n-th attempt (blackhole) and relays the rest", async () => {
    const mail = c.peer(await startMailServer());
    const front = c.peer(await startDroppingFront({ host: mail.host, port: mail.port }, { dropEvery: 3 }));
    const greeted: boolean[] = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const client = c.client(await RawClient.connect(front.host, front.port));
      const ok = await client.readReply(attempt % 3 === 0 ? 400 : 2_000).then(
        (reply) => reply.code === 220,
        () => false,
      );
      greeted.push(ok);
      client.destroy();
    }
    assert.deepEqual(greeted, [true, true, false, true, true, false]);
    assert.deepEqual(
      front.events.filter((e) => e.kind === "dropped").map((e) => e.detail),
      ["#3 blackhole", "#6 blackhole"],
    );
  });

  test("reset mode answers the dropped attempt with RST; ratio mode follows its seed", async () => {
    const mail = c.peer(await startMailServer());
    const front = c.peer(await startDroppingFront({ host: mail.host, port: mail.port }, { dropEvery: 2, mode: "reset" }));
    const first = c.client(await RawClient.connect(front.host, front.port));
    assert.equal((await first.readReply()).code, 220);
    assert.equal(await resetOutcome(front), "ECONNRESET");

    const plan = createDropSchedule({ dropRatio: 0.5, seed: 7 });
    const expected = Array.from({ length: 6 }, () => plan());
    const seeded = c.peer(await startDroppingFront({ host: mail.host, port: mail.port }, { dropRatio: 0.5, seed: 7, mode: "reset" }));
    const observed: boolean[] = [];
    for (let i = 0; i < 6; i += 1) {
      const client = await RawClient.attempt(seeded.host, seeded.port);
      if (typeof client === "string") {
        observed.push(true); // reset before connect() even reported success
        continue;
      }
      observed.push(await client.readReply(2_000).then(() => false, () => true));
      client.destroy();
    }
    assert.deepEqual(observed, expected);
  });
});

describe("startPop3Server", () => {
  const c = cleanup();
  after(() => c.run());

  test("banner, CAPA with STLS, USER/PASS/STAT/LIST, -ERR, STLS upgrade, QUIT", async () => {
    const pop = c.peer(await startPop3Server());
    const client = c.client(await RawClient.connect(pop.host, pop.port));
    assert.match(await client.readLine(), /^\+OK /);
    client.write("CAPA\r\n");
    assert.match(await client.readLine(), /^\+OK/);
    const caps = await client.readMultiline();
    assert.ok(caps.includes("STLS") && caps.includes("USER"), caps.join());
    client.write("goodmorning\r\n");
    assert.match(await client.readLine(), /^-ERR/);
    client.write(`${"X".repeat(2_000)}\r\n`);
    assert.match(await client.readLine(), /^-ERR line too long/);
    client.write("STAT\r\n");
    assert.match(await client.readLine(), /^-ERR/); // not in TRANSACTION yet

    client.write("STLS\r\n");
    assert.match(await client.readLine(), /^\+OK/);
    await client.upgradeTls({ ca, servername: "localhost" });
    client.write("CAPA\r\n");
    await client.readLine();
    assert.ok(!(await client.readMultiline()).includes("STLS"), "no STLS once secure");
    client.write("USER bob\r\n");
    assert.match(await client.readLine(), /^\+OK/);
    client.write("PASS whatever\r\n");
    assert.match(await client.readLine(), /^\+OK/);
    client.write("STAT\r\n");
    assert.match(await client.readLine(), /^\+OK 2 \d+$/);
    client.write("LIST\r\n");
    assert.match(await client.readLine(), /^\+OK/);
    assert.equal((await client.readMultiline()).length, 2);
    client.write("RETR 2\r\n");
    await client.readLine();
    assert.ok((await client.readMultiline()).includes("..leading dot line"), "byte-stuffed");
    client.write("QUIT\r\n");
    assert.match(await client.readLine(), /^\+OK/);
    assert.equal((await client.waitForClose()).fin, true);
    assert.ok(pop.events.some((e) => e.kind === "tls"));
    assert.ok(!pop.events.some((e) => e.detail.includes("whatever")), "passwords are not logged");
  });
});

describe("startScriptedSmtpServer", () => {
  const c = cleanup();
  after(() => c.run());

  test("IIS banner byte-exact, scripted Edge replies, 421 closes", async () => {
    const banner = "220 mail.example.com Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready at  Sun, 9 Oct 2011 10:00:00 +0200";
    const iis = c.peer(
      await startScriptedSmtpServer({
        banner,
        ehlo: ["TURN", "SIZE 2097152", "PIPELINING", "8bitmime", "X-LINK2STATE", "OK"],
        replies: { RCPT: "451 5.7.3 Cannot achieve Exchange Server authentication" },
      }),
    );
    const client = c.client(await RawClient.connect(iis.host, iis.port));
    assert.equal(await client.readLine(), banner);
    const ehlo = await client.command("EHLO probe");
    assert.equal(ehlo.lines[0], "250-mail.example.com Hello");
    assert.equal(ehlo.lines.at(-1), "250 OK");
    assert.equal((await client.command("MAIL FROM:<a@example.test>")).code, 250);
    assert.deepEqual((await client.command("RCPT TO:<b@example.test>")).lines, [
      "451 5.7.3 Cannot achieve Exchange Server authentication",
    ]);
    assert.deepEqual((await client.command("DATA")).lines, ["503 5.5.2 Need rcpt command"]);
    assert.deepEqual((await client.command("goodmorning")).lines, ["500 5.3.3 Unrecognized command"]);

    const busy = c.peer(await startScriptedSmtpServer({ banner: "421 4.3.2 Service not available, closing transmission channel" }));
    const refused = c.client(await RawClient.connect(busy.host, busy.port));
    assert.equal((await refused.readReply()).code, 421);
    assert.equal((await refused.waitForClose()).fin, true);
  });
});

describe("startHostileServer", () => {
  const c = cleanup();
  after(() => c.run());

  const open = async (kind: Parameters<typeof startHostileServer>[0], delayMs?: number): Promise<[RunningPeer, RawClient]> => {
    const peer = c.peer(await startHostileServer(kind, delayMs === undefined ? {} : { delayMs }));
    return [peer, c.client(await RawClient.connect(peer.host, peer.port))];
  };

  test("silent sends nothing; close() destroys the open socket", async () => {
    const [peer, client] = await open("silent");
    assert.equal(await client.staysSilent(300), true);
    await peer.close();
    const end = await client.waitForClose();
    assert.ok(end.fin || end.error !== undefined);
  });

  test("slow-greeting and trickle greet late, then answer", async () => {
    const [, slow] = await open("slow-greeting", 300);
    assert.equal(await slow.staysSilent(200), true);
    assert.deepEqual((await slow.readReply(1_000)).lines, [HOSTILE_BANNER]);
    assert.equal((await slow.command("EHLO probe")).code, 250);
    assert.equal((await slow.command("QUIT")).code, 221);
    assert.equal((await slow.waitForClose()).fin, true);

    const [, trickle] = await open("trickle", 10);
    await sleep(45);
    assert.ok(trickle.bytes.length >= 1 && trickle.bytes.length < HOSTILE_BANNER.length, `partial banner: ${trickle.bytes.length}`);
    assert.deepEqual((await trickle.readReply(2_000)).lines, [HOSTILE_BANNER]);
  });

  test("endless-multiline never finishes its reply and stops when the client leaves", async () => {
    const [peer, client] = await open("endless-multiline");
    const data = await client.readBytes(20_000, 3_000);
    const lines = data.toString("latin1").split("\r\n").filter(Boolean);
    assert.ok(lines.every((l) => l.startsWith("220-")));
    client.destroy();
    const deadline = Date.now() + 2_000;
    while (!peer.events.some((e) => e.kind === "stopped") && Date.now() < deadline) await sleep(20);
    assert.ok(peer.events.some((e) => e.kind === "stopped"));
  });

  test("binary-garbage and huge-line", async () => {
    const [, garbage] = await open("binary-garbage");
    const bytes = await garbage.readBytes(4_096);
    assert.ok(bytes.includes(0x00));
    assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes));

    const [, huge] = await open("huge-line");
    const line = await huge.readBytes(HUGE_LINE_BYTES, 5_000);
    assert.equal(line.subarray(0, 4).toString(), "220 ");
    assert.equal(line.indexOf(0x0a), -1);
    assert.equal(await huge.staysSilent(100), true);
  });

  test("reset-on-connect, reset-after-ehlo, close-mid-reply", async () => {
    const resetter = c.peer(await startHostileServer("reset-on-connect"));
    assert.equal(await resetOutcome(resetter), "ECONNRESET");

    const [, afterEhlo] = await open("reset-after-ehlo");
    assert.equal((await afterEhlo.readReply()).code, 220);
    afterEhlo.write("EHLO probe\r\n");
    assert.equal((await afterEhlo.waitForClose()).error, "ECONNRESET");

    const [, mid] = await open("close-mid-reply");
    await mid.readReply();
    mid.write("EHLO probe\r\n");
    const end = await mid.waitForClose();
    assert.equal(end.fin, true);
    assert.match(mid.text, /^250-[^\r\n]*\r\n$/);
  });
});

describe("tls sanity", () => {
  test("the CA is a usable trust anchor", () => {
    assert.doesNotThrow(() => tls.createSecureContext({ ca }));
  });
});
