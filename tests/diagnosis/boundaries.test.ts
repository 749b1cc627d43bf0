// Guards the diagnosis boundaries: zod validation of check requests (host, port, step enum,
// answers), step normalisation and suggestion, the live-stream reducer and NDJSON reader.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyLiveMessage, initialLiveState, readNdjson, type LiveMessage } from "@/lib/diagnosis/live";
import { normalizeSteps, stepConflict, suggestCheck } from "@/lib/diagnosis/steps";
import { checkRequestSchema, hostSchema, stepsSchema } from "@/lib/diagnosis/validation";
import { modelFromSeed } from "./seed-model";

test("hosts: names, mail domains, IPv4 and IPv6 literals are accepted and normalised", () => {
  assert.equal(hostSchema.parse(" Mail.Example.COM. "), "mail.example.com");
  assert.equal(hostSchema.parse("192.0.2.25"), "192.0.2.25");
  assert.equal(hostSchema.parse("[2001:DB8::25]"), "2001:db8::25");
  assert.equal(hostSchema.parse("::1"), "::1");
  assert.equal(hostSchema.parse("localhost"), "localhost");
});

test("hosts: anything that could smuggle a URL, a port, a command or a bad literal is refused", () => {
  for (const bad of ["", "http://x", "a b", "mail.example.com:25", "999.1.1.1", "1.2.3", "x\r\nQUIT", "-bad.example", "a..b", "user@example.com", "[::g]", "a".repeat(64) + ".com"]) {
    assert.equal(hostSchema.safeParse(bad).success, false, `accepted ${JSON.stringify(bad)}`);
  }
});

test("ports are 1-65535 and numeric strings from forms are coerced", () => {
  const parse = (port: unknown) => checkRequestSchema.safeParse({ host: "example.com", port });
  assert.equal(parse("2525").success && parse("2525").data?.port, 2525);
  for (const bad of [0, 65536, 25.5, "25x", -1]) assert.equal(parse(bad).success, false, String(bad));
});

test("steps come from the fixed enum, are put in order and get what they depend on", () => {
  assert.deepEqual(stepsSchema.parse(["close", "starttls"]), ["banner", "ehlo", "starttls", "close"]);
  assert.equal(stepsSchema.safeParse(["banner", "rm -rf"]).success, false);
  assert.equal(stepsSchema.safeParse([]).success, false);
  assert.match(stepConflict(normalizeSteps(["pop3_loop", "ehlo"]))!, /different ports/);
  assert.equal(stepsSchema.safeParse(["pop3_loop", "ehlo"]).success, false);
  assert.deepEqual(stepsSchema.parse(["pop3_loop"]), ["pop3_loop"]);
});

test("answers may be a list or an object; keys must look like keys", () => {
  const a = checkRequestSchema.parse({ host: "example.com", answers: { frequency: "frequency-runs" } });
  assert.deepEqual(a.answers, [{ question: "frequency", answer: "frequency-runs" }]);
  const b = checkRequestSchema.parse({ host: "example.com", answers: [{ question: "frequency", answer: "frequency-runs" }] });
  assert.deepEqual(b.answers, a.answers);
  assert.equal(checkRequestSchema.safeParse({ host: "example.com", answers: { "Bad Key": "x" } }).success, false);
  assert.equal(checkRequestSchema.safeParse({ host: "example.com", previousId: "../../etc" }).success, false);
  assert.equal(checkRequestSchema.parse({ host: "example.com", createdBy: "  " }).createdBy, "anonymous");
  assert.equal(checkRequestSchema.safeParse({ host: "192.0.2.1", mx: true }).success, false);
  assert.equal(checkRequestSchema.safeParse({ host: "example.com", mx: true }).success, true);
});

test("the suggested check follows the best candidate: POP3 loop on 110 for ISA 2000, SMTP on 25 otherwise", () => {
  const model = modelFromSeed();
  assert.deepEqual(suggestCheck(["isa-2000-fwsrv-port-reuse", "isa-tmg-smtp-filter-tls-reset"], model.checks), {
    steps: ["pop3_loop"],
    port: 110,
    probes: ["pop3.repeat", "tcp.repeat"],
  });
  const smtp = suggestCheck(["cisco-pix-mailguard", "isa-2000-fwsrv-port-reuse"], model.checks);
  assert.equal(smtp.port, 25);
  assert.ok(smtp.steps.includes("unknown_command") && smtp.steps.includes("tcp_loop") && !smtp.steps.includes("pop3_loop"));
  assert.equal(suggestCheck([], model.checks).port, 25);
});

test("the live reducer builds per-probe transcripts, steps and findings from streamed messages", () => {
  const messages: LiveMessage[] = [
    { type: "accepted", at: "2026-11-22T00:00:00.000Z" },
    { type: "check", event: { type: "probe-start", kind: "smtp", label: "SMTP dialogue" } },
    { type: "check", event: { type: "probe-event", kind: "smtp", event: { type: "step", probeId: "p", phase: "start", name: "banner", atMs: 1 } } },
    { type: "check", event: { type: "probe-event", kind: "smtp", event: { type: "transcript", probeId: "p", entry: { dir: "server", text: "220 ***", atMs: 2 } } } },
    {
      type: "check",
      event: { type: "probe-event", kind: "smtp", event: { type: "step", probeId: "p", phase: "end", step: { name: "banner", status: "ok", durationMs: 1, startedAtMs: 1 } } },
    },
    {
      type: "check",
      event: { type: "probe-event", kind: "smtp", event: { type: "finding", probeId: "p", finding: { id: "smtp.banner.masked", severity: "warning", title: "masked", evidence: [] } } },
    },
    { type: "check", event: { type: "probe-end", kind: "smtp", completed: true, durationMs: 5 } },
  ];
  const state = messages.reduce(applyLiveMessage, initialLiveState);
  assert.equal(state.status, "running");
  const probe = state.probes[0]!;
  assert.deepEqual(probe.transcript.map((e) => e.text), ["220 ***"]);
  assert.deepEqual(probe.steps.map((s) => s.name), ["banner"]);
  assert.deepEqual(probe.running, []);
  assert.equal(probe.findings[0]!.id, "smtp.banner.masked");
  assert.equal(probe.done, true);
  assert.equal(applyLiveMessage(state, { type: "error", message: "boom" }).status, "error");
});

test("the NDJSON reader copes with lines split across chunks and skips junk", async () => {
  const encoder = new TextEncoder();
  const chunks = ['{"type":"accep', 'ted","at":"x"}\n\nnot json\n{"type":"error","message":"m"}', "\n"];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
  const seen: string[] = [];
  for await (const m of readNdjson(body)) seen.push(m.type);
  assert.deepEqual(seen, ["accepted", "error"]);
});
