// Acceptance (issue 7): every emulator the tests start, run through the default live check and
// the seeded knowledge model, gets the verdicts and the headline outcome its documented
// behaviour allows: each device exactly one `confirmed` cause (its own) and `problem_found`; the
// IIS banner the Event 1032/1036 article first with nothing confirmed; healthy servers
// `no_documented_problem` with nothing confirmed or consistent; dead or non-speaking targets
// `could_not_test`.
import assert from "node:assert/strict";
import net from "node:net";
import { after, test } from "node:test";
import {
  startDroppingFront,
  startHostileServer,
  startIsaTlsResetProxy,
  startMailServer,
  startMailguardFront,
  startPop3Server,
  startScriptedSmtpServer,
  type HostileKind,
  type MailguardOptions,
  type RunningPeer,
} from "@/tests/peers";
import { buildDiagnosis } from "@/lib/diagnosis/build";
import { consoleVantage } from "@/lib/diagnosis/outcome";
import { runCheck } from "@/lib/diagnosis/run-check";
import { DEFAULT_STEPS, type CheckStep } from "@/lib/diagnosis/steps";
import type { Outcome } from "@/lib/diagnosis/types";
import { createTargetPolicy } from "@/lib/probes/policy";
import { probeSmtp } from "@/lib/probes/smtp";
import { startPostfix } from "./postfix";
import { modelFromSeed } from "./seed-model";

const model = modelFromSeed();
const runtime = { policy: createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" }) };
const peers: Array<{ close(): Promise<void> }> = [];
after(async () => {
  for (const p of peers.splice(0).reverse()) await p.close();
});

async function keep<T extends { close(): Promise<void> }>(peer: Promise<T>): Promise<T> {
  const p = await peer;
  peers.push(p);
  return p;
}

async function mailguard(opts: MailguardOptions): Promise<RunningPeer> {
  const server = await keep(startMailServer());
  return keep(startMailguardFront({ host: server.host, port: server.port }, opts));
}

/** A loopback port nobody listens on (bound, then closed). */
async function refusedPort(): Promise<{ host: string; port: number }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { host: "127.0.0.1", port };
}

const hostile = (kind: HostileKind) => () => keep(startHostileServer(kind));

interface Row {
  name: string;
  start: () => Promise<{ host: string; port: number }>;
  steps?: CheckStep[];
  outcome: Outcome;
  /** The one confirmed cause (problem_found). */
  confirmed?: string;
  /** The first cause and first article (IIS). */
  firstCause?: string;
  firstArticle?: string;
  /** Healthy: no cause may be confirmed or consistent. */
  healthy?: boolean;
  /** The finding the could-not-test headline rests on. */
  blocker?: RegExp;
}

const rows: Row[] = [
  { name: "PIX Mailguard, masked banner (PIX 5.1+), OK to blocked verbs", start: () => mailguard({ bannerStyle: "masked-5.1" }), outcome: "problem_found", confirmed: "cisco-pix-mailguard" },
  { name: "PIX Mailguard, all-asterisk banner (PIX 4.4)", start: () => mailguard({ bannerStyle: "masked-4.4" }), outcome: "problem_found", confirmed: "cisco-pix-mailguard" },
  { name: "PIX Mailguard, SMTP/cmap banner (earlier PIX)", start: () => mailguard({ bannerStyle: "cmap" }), outcome: "problem_found", confirmed: "cisco-pix-mailguard" },
  {
    name: "PIX Mailguard answering 500 to blocked verbs",
    start: () => mailguard({ bannerStyle: "masked-5.1", okToUnknown: false }),
    outcome: "problem_found",
    confirmed: "cisco-pix-mailguard",
  },
  {
    name: "ISA 2006 / TMG 2010 SMTP filter: RST after a TLS session",
    start: async () => {
      const server = await keep(startMailServer());
      return keep(startIsaTlsResetProxy({ host: server.host, port: server.port }));
    },
    outcome: "problem_found",
    confirmed: "isa-tmg-smtp-filter-tls-reset",
  },
  {
    name: "Exchange 2007 Edge: 550 5.7.1 External client does not have permissions to submit",
    start: () => keep(startMailServer({ rcptReply: "550 5.7.1 External client does not have permissions to submit to this server" })),
    outcome: "problem_found",
    confirmed: "edge-ip-block-list-internal-hosts",
  },
  {
    name: "Exchange 2007 Hub: 451 5.7.3 Cannot achieve Exchange Server authentication at MAIL",
    start: () => keep(startMailServer({ mailReply: "451 5.7.3 Cannot achieve Exchange Server authentication" })),
    outcome: "problem_found",
    confirmed: "exchange-2007-receive-connector-tls-auth-missing",
  },
  {
    name: "ISA 2000 Firewall client: every fifth POP3 connect dropped",
    start: async () => {
      const pop3 = await keep(startPop3Server());
      return keep(startDroppingFront({ host: pop3.host, port: pop3.port }, { dropEvery: 5 }));
    },
    steps: ["pop3_loop"],
    outcome: "problem_found",
    confirmed: "isa-2000-fwsrv-port-reuse",
  },
  {
    name: "IIS SMTP service banner on port 25",
    start: () =>
      keep(
        startScriptedSmtpServer({
          banner: "220 hub.relaydesk-test.local Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready at  Thu, 3 Dec 2026 10:00:00 +0000",
          ehlo: ["PIPELINING", "SIZE 10240000", "8BITMIME", "STARTTLS"],
        }),
      ),
    outcome: "no_documented_problem",
    firstCause: "iis-smtp-service-holds-port-25",
    firstArticle: "exchange-2007-transport-service-fails-event-1032-1036",
  },
  { name: "a correct ESMTP server (smtp-server)", start: () => keep(startMailServer()), outcome: "no_documented_problem", healthy: true },
  { name: "a real MTA (Postfix on loopback, or the smtp-server peer where Postfix is absent)", start: () => keep(startPostfix()), outcome: "no_documented_problem", healthy: true },
  { name: "connection refused", start: refusedPort, outcome: "could_not_test", blocker: /target\.unreachable/ },
  { name: "silent server", start: hostile("silent"), outcome: "could_not_test", blocker: /server\.silent/ },
  { name: "reset on connect", start: hostile("reset-on-connect"), outcome: "could_not_test", blocker: /server\.reset|target\.unreachable|server\.closed_early/ },
  { name: "huge line instead of a greeting", start: hostile("huge-line"), outcome: "could_not_test", blocker: /server\.line_too_long/ },
  { name: "binary garbage instead of a greeting", start: hostile("binary-garbage"), outcome: "could_not_test", blocker: /server\.protocol_violation/ },
];

for (const row of rows) {
  test(`[acceptance] ${row.name} → ${row.outcome}${row.confirmed ? ` (${row.confirmed} confirmed)` : ""}`, async () => {
    const target = await row.start();
    const steps = row.steps ?? [...DEFAULT_STEPS];
    const run = await runCheck(
      { host: target.host, port: target.port, steps, deadlineMs: 30_000 },
      {
        runtime,
        // a silent server is given up after 2 s instead of the 30 s default
        probes: { smtp: (o) => probeSmtp({ ...o, timeouts: { ...o.timeouts, greetingMs: 2_000, commandMs: 5_000 } }) },
      },
    );
    const d = buildDiagnosis({
      model,
      host: target.host,
      port: target.port,
      start: { kind: "none" },
      answers: [],
      steps,
      mx: false,
      recipient: null,
      results: run.results,
      ended: run.ended,
      deadlineMs: 30_000,
      createdBy: "test",
      previousId: null,
      ranFrom: consoleVantage("relaydesk-test"),
    });
    const ids = d.findings.map((f) => f.id);
    const verdicts = d.causes.map((c) => `${c.key}=${c.verdict}`).join(", ");
    const why = `findings: ${[...new Set(ids)].join(", ")}\nverdicts: ${verdicts}\nheadline: ${d.conclusion?.headline}`;
    assert.ok(d.conclusion, "every check has a conclusion");
    assert.equal(d.conclusion.outcome, row.outcome, why);
    const confirmed = d.causes.filter((c) => c.verdict === "confirmed").map((c) => c.key);
    if (row.confirmed) {
      assert.deepEqual(confirmed, [row.confirmed], why);
      assert.equal(d.causes[0]!.key, row.confirmed, why);
      assert.match(d.conclusion.headline, new RegExp(`^Problem found on 127\\.0\\.0\\.1:${target.port}: `), why);
      assert.ok(d.causes[0]!.resolutions.length > 0, `the fix travels with ${row.confirmed}`);
    } else {
      assert.deepEqual(confirmed, [], why);
    }
    if (row.firstCause) assert.equal(d.causes[0]?.key, row.firstCause, why);
    if (row.firstArticle) assert.equal(d.articles[0]?.slug, row.firstArticle, why);
    if (row.healthy) {
      assert.deepEqual(d.causes.filter((c) => c.verdict === "consistent").map((c) => c.key), [], why);
      assert.ok(ids.includes("smtp.envelope.accepted"), `the default check tries the envelope\n${why}`);
    }
    if (row.blocker) {
      assert.match(d.conclusion.blocker?.findingId ?? "", row.blocker, why);
      assert.match(d.conclusion.headline, /^Could not test /, why);
      // a target that cannot be reached or does not speak is never evidence for a device
      assert.ok(d.causes.every((c) => c.evidence.length === 0), why);
    }
  });
}
