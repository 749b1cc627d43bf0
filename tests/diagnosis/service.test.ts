// Guards the whole diagnosis run against real loopback peers: wizard snapshot + live check +
// ranking + store, the share record read back unchanged, and "check again" showing the fix.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  startDroppingFront,
  startIsaTlsResetProxy,
  startMailServer,
  startMailguardFront,
  startPop3Server,
  type RunningPeer,
} from "@/tests/peers";
import { startSwitchableFront, type SwitchableFront } from "@/e2e/helpers/switchable-front";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();

const { getDb } = await import("@/lib/db/client");
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const kbSeedData = (await import("@/lib/kb/shipped")).shippedKbInput();
const { wizard } = kbSeedData;
const { createTargetPolicy } = await import("@/lib/probes/policy");
const { runDiagnosis, runRecheck, DiagnosisInputError } = await import("@/lib/diagnosis/service");
const { getDiagnosis, listDiagnoses, listRechecks } = await import("@/lib/diagnosis/store");
const { diffDiagnoses } = await import("@/lib/diagnosis/diff");
const { checkRequestSchema } = await import("@/lib/diagnosis/validation");
const { diagnosisTicket } = await import("@/lib/diagnosis/ticket");

const runtime = { policy: createTargetPolicy({ allowCidrs: ["127.0.0.0/8"], ports: "any" }) };
const peers: Array<RunningPeer | SwitchableFront> = [];
let clean: RunningPeer;
let mailguard: RunningPeer;
let front: SwitchableFront;

before(async () => {
  await loadKbSeed(getDb(), { ...kbSeedData, wizard });
  clean = await startMailServer();
  mailguard = await startMailguardFront({ host: clean.host, port: clean.port });
  front = await startSwitchableFront({ host: mailguard.host, port: mailguard.port });
  peers.push(front, mailguard, clean);
});

after(async () => {
  for (const p of peers) await p.close();
  await getDb().$disconnect();
  database.cleanup();
});

const request = (extra: Record<string, unknown> = {}) =>
  checkRequestSchema.parse({
    host: "127.0.0.1",
    port: front.port,
    category: "duplicate-inbound-messages",
    answers: { frequency: "frequency-runs", "between-servers": "between-cisco-pix" },
    steps: ["banner", "ehlo", "unknown_command", "starttls", "envelope", "close"],
    createdBy: "Helpdesk Test",
    ...extra,
  });

let firstId = "";

test("a Mailguard run ranks the Mailguard cause first, explains it and is saved as a snapshot", async () => {
  const events: string[] = [];
  const { record, saved } = await runDiagnosis(request(), { runtime, onEvent: (e) => events.push(e.type) });
  assert.equal(saved, true);
  assert.match(record.id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(record.ended, "completed");
  assert.ok(events.includes("probe-start") && events.includes("probe-event") && events.includes("probe-end"));
  const ids = record.findings.map((f) => f.id);
  assert.ok(ids.includes("smtp.banner.masked"), ids.join(","));
  assert.ok(ids.includes("smtp.ehlo.rejected"));
  const top = record.causes[0]!;
  assert.equal(top.key, "cisco-pix-mailguard");
  assert.equal(top.verdict, "confirmed");
  assert.equal(record.conclusion?.outcome, "problem_found");
  assert.match(record.conclusion!.headline, /^Problem found on 127\.0\.0\.1:\d+: Cisco PIX firewall Mailguard/);
  // the fix beside the cause, snapshotted with the record, warnings included
  const fixText = top.resolutions.flatMap((r) => r.steps.flatMap((s) => s.artifacts.map((a) => a.content)));
  assert.ok(fixText.includes("no fixup protocol smtp 25"), fixText.join(" | "));
  assert.ok(top.resolutions.some((r) => r.warnings.some((w) => w.risk === "lowers-security")));
  // the default envelope ran: nothing was sent
  assert.ok(record.findings.some((f) => f.id === "smtp.envelope.accepted"));
  assert.match(top.explanation, /^first because: SMTP banner masked with asterisks \(strong\)/);
  assert.match(record.articles[0]!.title, /Cisco PIX/);
  const banner = top.evidence.find((e) => e.findingId === "smtp.banner.masked")!;
  assert.ok(banner.lines.some((l) => /^220 \*+/.test(l)), banner.lines.join("|"));
  assert.match(banner.symptom!.description, /asterisk/i);
  firstId = record.id;

  const stored = await getDiagnosis(record.id);
  assert.deepEqual(stored, record);
});

test("the snapshot survives knowledge-base changes", async () => {
  await getDb().article.updateMany({ data: { title: "renamed" } });
  await getDb().cause.updateMany({ data: { title: "renamed cause" } });
  const stored = await getDiagnosis(firstId);
  assert.match(stored!.articles[0]!.title, /Cisco PIX/);
  assert.equal(stored!.causes[0]!.title.includes("renamed"), false);
  await loadKbSeed(getDb(), { ...kbSeedData, wizard }, { force: true });
});

// Regression (issue 10): a re-check that sees the same problem said "Nothing changed".
test("check again before the fix: the diff says the problem is still there", async () => {
  const { record } = await runRecheck(firstId, "Impatient Engineer", { runtime });
  const diff = diffDiagnoses((await getDiagnosis(firstId))!, record);
  assert.deepEqual(diff.gone, []);
  assert.deepEqual(diff.appeared, []);
  assert.match(diff.summary.join("\n"), /^The problem is still there: .*Seen again: .*SMTP banner masked with asterisks/s);
  await getDb().diagnosis.delete({ where: { id: record.id } });
});

test("check again after the fix: a new linked diagnosis whose diff shows the banner unmasked and EHLO accepted", async () => {
  front.switchTo({ host: clean.host, port: clean.port }); // `no fixup protocol smtp 25`
  const { record } = await runRecheck(firstId, "Second Engineer", { runtime });
  assert.equal(record.previousId, firstId);
  assert.equal(record.port, front.port);
  const previous = (await getDiagnosis(firstId))!;
  const diff = diffDiagnoses(previous, record);
  assert.ok(diff.gone.some((f) => f.id === "smtp.banner.masked"));
  assert.ok(diff.gone.some((f) => f.id === "smtp.ehlo.rejected"));
  assert.ok(diff.appeared.some((f) => f.id === "smtp.ehlo.accepted"));
  assert.ok(diff.summary.some((s) => /No longer seen: SMTP banner masked/.test(s)), diff.summary.join("\n"));
  assert.ok(diff.causes.some((c) => c.key === "cisco-pix-mailguard" && c.before?.verdict === "confirmed" && c.after?.verdict !== "confirmed"));
  assert.equal(record.conclusion?.outcome, "no_documented_problem");
  const banner = diff.lines.find((l) => l.label === "Banner")!;
  assert.match(banner.before!, /^220 \*/);
  assert.match(banner.after!, /^220 relaydesk-test\.local ESMTP ready/);
  assert.deepEqual((await listRechecks(firstId)).map((r) => r.id), [record.id]);
  front.switchTo({ host: mailguard.host, port: mailguard.port });
});

test("the recent list filters by host and names the top cause", async () => {
  const all = await listDiagnoses();
  assert.ok(all.length >= 2);
  assert.ok(all.some((d) => d.topCause?.includes("Mailguard")));
  assert.equal((await listDiagnoses({ host: "127.0.0" })).length, all.length);
  assert.equal((await listDiagnoses({ host: "example.org" })).length, 0);
});

test("ticket text carries the ranking, the evidence and a telnet-like transcript", async () => {
  const record = (await getDiagnosis(firstId))!;
  const text = diagnosisTicket(record, "text", "http://relaydesk.test");
  assert.match(text, /Link: http:\/\/relaydesk\.test\/d\//);
  assert.match(text, /How this was ranked: first because: SMTP banner masked/);
  assert.match(text, /OUTCOME: PROBLEM FOUND/);
  assert.match(text, /no fixup protocol smtp 25/);
  assert.match(text, /Where the check ran from: This check ran from the RelayDesk console's server/);
  assert.match(text, /S: 220 \*+/);
  assert.match(text, /C: EHLO /);
  const md = diagnosisTicket(record, "markdown");
  assert.match(md, /^# RelayDesk diagnosis /);
  assert.match(md, /```/);
});

test("a reset after TLS through the ISA/TMG emulator ranks the ISA/TMG cause first", async () => {
  const isa = await startIsaTlsResetProxy({ host: clean.host, port: clean.port });
  peers.push(isa);
  const { record } = await runDiagnosis(
    request({
      port: isa.port,
      category: "connection-resets-or-timeouts",
      answers: { "between-servers": "between-isa-2006-tmg-smtp-filter" },
    }),
    { runtime },
  );
  assert.ok(record.findings.some((f) => f.id === "smtp.close.reset_after_tls"), record.findings.map((f) => f.id).join(","));
  assert.equal(record.causes[0]!.key, "isa-tmg-smtp-filter-tls-reset");
  assert.equal(record.causes[0]!.verdict, "confirmed");
  assert.ok(record.causes[0]!.resolutions.some((r) => JSON.stringify(r).includes("GracefulPassthroughServerShutdown")));
  assert.equal(record.articles[0]!.slug, "isa-2006-tmg-2010-resets-smtp-client-after-tls");
});

test("a connect loop against a POP3 server behind a dropping front ranks the ISA 2000 port-reuse cause first", async () => {
  const pop3 = await startPop3Server();
  const dropping = await startDroppingFront({ host: pop3.host, port: pop3.port }, { dropEvery: 5 });
  peers.push(dropping, pop3);
  const { record } = await runDiagnosis(
    request({
      port: dropping.port,
      category: "connection-resets-or-timeouts",
      answers: { "between-servers": "between-isa-2000-firewall-client" },
      steps: ["pop3_loop"],
    }),
    { runtime },
  );
  const ids = record.findings.map((f) => f.id);
  assert.ok(ids.includes("pop3.connect.intermittent_failures"), ids.join(","));
  assert.equal(record.causes[0]!.key, "isa-2000-fwsrv-port-reuse");
  assert.equal(record.causes[0]!.verdict, "confirmed");
  assert.equal(record.articles[0]!.slug, "mystery-of-the-failing-pop3-access-with-isa-2000");
});

test("unknown wizard keys and targets the policy refuses are reported, not run", async () => {
  await assert.rejects(runDiagnosis(request({ category: "nope" }), { runtime }), DiagnosisInputError);
  await assert.rejects(runDiagnosis(request({ answers: { frequency: "often" } }), { runtime }), /unknown answer/);
  // the default policy denies loopback: the probe records the refusal instead of connecting
  const { record } = await runDiagnosis(request({ save: false }), { runtime: { policy: createTargetPolicy({}) } });
  assert.ok(record.findings.some((f) => f.id === "target.denied_by_policy"));
  assert.deepEqual(record.unexplained.map((f) => f.id), ["target.denied_by_policy"]);
  assert.equal(record.conclusion?.outcome, "could_not_test");
  assert.match(record.conclusion!.headline, /probe target policy does not allow/);
  assert.ok(record.causes.every((c) => c.verdict !== "confirmed" && c.evidence.length === 0));
});

test("a cancelled run ends with what it has and is not saved", async () => {
  const controller = new AbortController();
  controller.abort();
  const { saved, record } = await runDiagnosis(request(), { runtime, signal: controller.signal });
  assert.equal(saved, false);
  assert.equal(record.ended, "cancelled");
  assert.equal(record.conclusion?.outcome, "could_not_test");
});

test("a mail domain is checked through its MX hosts (operator DNS servers from RELAYDESK_DNS_SERVERS)", async () => {
  const { startDnsServer } = await import("@/tests/probes/dns-server");
  const dns = await startDnsServer({
    zone: {
      "mail.relaydesk.test": { MX: [{ preference: 10, exchange: "mx1.mail.relaydesk.test" }] },
      "mx1.mail.relaydesk.test": { A: ["127.0.0.1"] },
      "1.0.0.127.in-addr.arpa": { PTR: ["mx1.mail.relaydesk.test"] },
    },
  });
  const before = process.env.RELAYDESK_DNS_SERVERS;
  process.env.RELAYDESK_DNS_SERVERS = dns.address;
  try {
    const { record } = await runDiagnosis(
      checkRequestSchema.parse({
        host: "mail.relaydesk.test",
        mx: true,
        port: clean.port,
        category: "cannot-receive-internet-mail",
        steps: ["dns", "banner", "ehlo"],
        createdBy: "Helpdesk Test",
      }),
      { runtime },
    );
    const kinds = record.results.map((r) => r.kind);
    assert.deepEqual(kinds, ["dns", "smtp"]);
    const smtp = record.results[1]! as unknown as { target: { resolvedFrom: string; addresses: { address: string; host: string; tested: boolean }[] } };
    assert.equal(smtp.target.resolvedFrom, "mx");
    assert.deepEqual(
      smtp.target.addresses.filter((a) => a.tested).map((a) => `${a.host} ${a.address}`),
      ["mx1.mail.relaydesk.test 127.0.0.1"],
    );
    assert.ok(record.findings.some((f) => f.id === "dns.mx.found"), record.findings.map((f) => f.id).join(","));
    assert.ok(record.findings.some((f) => f.id === "smtp.ehlo.accepted"));
    assert.ok(dns.queries.some((q) => q.name === "mail.relaydesk.test" && q.type === "MX"));
  } finally {
    if (before === undefined) delete process.env.RELAYDESK_DNS_SERVERS;
    else process.env.RELAYDESK_DNS_SERVERS = before;
    await dns.close();
  }
});
