/**
 * The command line as users run it: the compiled bundle through `bin/relaydesk.cjs probe ...`
 * (built before the tests; see scripts/lib/cli-bundle.mjs) against loopback peers, with the lab policy in the environment. Exit status 0 when
 * the probe ran, 2 for bad arguments, 3 for a denied target; --json prints one
 * object with target, steps, transcript and findings.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestCertificates, startMailServer, startMailguardFront, startPop3Server, type RunningMailServer, type RunningPeer } from "../peers/index";
import { createTempDatabase } from "../helpers/temp-db";
import { startDnsServer, type DnsTestServer } from "./dns-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin", "relaydesk.cjs");
const LAB_ENV = { RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8,::1/128", RELAYDESK_PROBE_PORTS: "any" };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = LAB_ENV): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: "file:/nonexistent-relaydesk-test/none.db", ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`relaydesk ${args.join(" ")} did not finish; stdout: ${stdout}\nstderr: ${stderr}`));
    }, 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const bundle = createRequire(import.meta.url)("../../bin/relaydesk.cjs") as { isCliBundleCurrent: () => boolean };
const certs = createTestCertificates();
const FAST = ["--timeout", "1500"];
let mail: RunningMailServer;
let mailguard: RunningPeer;
let pop: RunningPeer;
let dns: DnsTestServer;
let caFile: string;

before(async () => {
  mail = await startMailServer({});
  mailguard = await startMailguardFront({ host: "127.0.0.1", port: mail.port });
  pop = await startPop3Server({});
  dns = await startDnsServer({
    zone: {
      "example.test": { MX: [{ preference: 10, exchange: "mx.example.test" }] },
      "mx.example.test": { A: ["127.0.0.1"] },
      "metadata.test": { A: ["169.254.169.254"] },
    },
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), "relaydesk-cli-"));
  caFile = path.join(dir, "ca.pem");
  writeFileSync(caFile, certs.caPem);
});

after(async () => {
  await mailguard.close();
  await mail.close();
  await pop.close();
  await dns.close();
});

describe("relaydesk probe (CLI)", () => {
  test("probe smtp --json: one object with target, steps, transcript and findings", async () => {
    const r = await cli(["probe", "smtp", `127.0.0.1:${mail.port}`, "--starttls", "--tls-ca", caFile, "--tls-servername", "localhost", "--json", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      target: { input: string; port: number; addresses: Array<{ address: string; family: number; tested: boolean }> };
      steps: Array<{ name: string; status: string; durationMs: number }>;
      transcript: Array<{ dir: string; text: string; atMs: number }>;
      findings: Array<{ id: string; severity: string; evidence: string[] }>;
      knowledgeBase: { available: boolean };
    };
    assert.equal(out.target.input, `127.0.0.1:${mail.port}`);
    assert.deepEqual(out.target.addresses.map((a) => [a.address, a.family, a.tested]), [["127.0.0.1", 4, true]]);
    for (const s of out.steps) {
      assert.equal(typeof s.name, "string");
      assert.ok(["ok", "failed", "skipped", "timeout"].includes(s.status));
      assert.equal(typeof s.durationMs, "number");
    }
    assert.ok(out.steps.some((s) => s.name === "ehlo_tls" && s.status === "ok"));
    assert.ok(out.transcript.some((e) => e.dir === "server" && e.text.startsWith("220 ")));
    for (const f of out.findings) {
      assert.equal(typeof f.id, "string");
      assert.ok(["info", "warning", "critical"].includes(f.severity));
      assert.ok(Array.isArray(f.evidence) && f.evidence.length > 0);
    }
    assert.ok(out.findings.some((f) => f.id === "smtp.starttls.established"));
    assert.equal(out.knowledgeBase.available, false);
  });

  test("probe smtp (human): transcript, steps and findings; KB missing is said in words", async () => {
    const r = await cli(["probe", "smtp", `127.0.0.1:${mailguard.port}`, ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Transcript/);
    assert.match(r.stdout, /C: goodmorning/);
    assert.match(r.stdout, /S: OK/);
    assert.match(r.stdout, /smtp\.banner\.masked/);
    assert.match(r.stdout, /smtp\.unknown_command\.accepted/);
    assert.match(r.stdout, /knowledge base not available/);
  });

  test("with a seeded knowledge base: the findings' causes ranked as a diagnosis ranks them, with their articles", async () => {
    const db = createTempDatabase();
    try {
      const seeded = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["prisma/seed.ts"], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: db.url },
        encoding: "utf8",
      });
      assert.equal(seeded.status, 0, seeded.stderr);
      const env = { ...LAB_ENV, DATABASE_URL: db.url };
      const json = await cli(["probe", "smtp", `127.0.0.1:${mailguard.port}`, "--json", ...FAST], env);
      assert.equal(json.code, 0, json.stderr);
      const kb = (JSON.parse(json.stdout) as { knowledgeBase: { available: boolean; causes: Array<{ key: string; explanation: string; articles: Array<{ slug: string }> }> } })
        .knowledgeBase;
      assert.equal(kb.available, true);
      assert.equal(kb.causes[0]?.key, "cisco-pix-mailguard");
      assert.match(kb.causes[0]!.explanation, /^first because: SMTP banner masked with asterisks \(strong\)/);
      assert.ok(kb.causes[0]!.articles.some((a) => a.slug === "cannot-send-or-receive-behind-cisco-pix-firewall"));

      const human = await cli(["probe", "smtp", `127.0.0.1:${mailguard.port}`, ...FAST], env);
      assert.equal(human.code, 0, human.stderr);
      assert.match(human.stdout, /Knowledge base\n {2}Outcome: problem_found\n {2}Problem found on 127\.0\.0\.1:\d+: Cisco PIX firewall Mailguard/);
      assert.match(human.stdout, /\n {2}Cisco PIX firewall Mailguard blocks ESMTP commands {2}\[confirmed\]\n {6}Confirmed: /);
      assert.match(human.stdout, /how this was ranked: first because: SMTP banner masked with asterisks \(strong\)/);
      assert.match(human.stdout, /article cannot-send-or-receive-behind-cisco-pix-firewall:/);
    } finally {
      db.cleanup();
    }
  });

  test("probe smtp with no extra flags tries the envelope: 550 5.7.1 at RCPT is smtp.client.blocked, 451 5.7.3 at MAIL smtp.auth.exchange_auth_unavailable", async () => {
    const edge = await startMailServer({ rcptReply: "550 5.7.1 External client does not have permissions to submit to this server" });
    const hub = await startMailServer({ mailReply: "451 5.7.3 Cannot achieve Exchange Server authentication" });
    const relay = await startMailServer({ rcptReply: "550 5.7.1 Unable to relay: relaying denied" });
    try {
      const [e, h, r, plain] = await Promise.all([
        cli(["probe", "smtp", `127.0.0.1:${edge.port}`, ...FAST]),
        cli(["probe", "smtp", `127.0.0.1:${hub.port}`, "--json", "--no-kb", ...FAST]),
        cli(["probe", "smtp", `127.0.0.1:${relay.port}`, "--json", "--no-kb", ...FAST]),
        cli(["probe", "smtp", `127.0.0.1:${mail.port}`, "--json", "--no-kb", ...FAST]),
      ]);
      assert.equal(e.code, 0, e.stderr);
      assert.match(e.stdout, /C: MAIL FROM:<>\n.*S: 250.*\n.*C: RCPT TO:<postmaster@\[127\.0\.0\.1\]>\n.*S: 550 5\.7\.1 External client does not have permissions to submit/);
      assert.match(e.stdout, /CRITICAL smtp\.client\.blocked /);
      assert.match(e.stdout, /C: RSET/);
      const ids = (run: Run) => (JSON.parse(run.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id);
      assert.ok(ids(h).includes("smtp.auth.exchange_auth_unavailable"), ids(h).join());
      assert.ok(ids(r).includes("smtp.relay.denied") && !ids(r).includes("smtp.client.blocked"), ids(r).join());
      assert.ok(ids(plain).includes("smtp.envelope.accepted"), ids(plain).join());
      // nothing was sent: the envelope ends with RSET
      assert.equal(mail.messages.length + edge.messages.length + hub.messages.length, 0);
      const skipped = await cli(["probe", "smtp", `127.0.0.1:${edge.port}`, "--no-envelope", "--json", "--no-kb", ...FAST]);
      assert.ok(!ids(skipped).includes("smtp.client.blocked"));
    } finally {
      await Promise.all([edge.close(), hub.close(), relay.close()]);
    }
  });

  test("probe smtp --split-data --from --to sends exactly one test message on a healthy server", async () => {
    const before = mail.messages.length;
    const r = await cli(["probe", "smtp", `127.0.0.1:${mail.port}`, "--split-data", "--from", "probe@relaydesk.invalid", "--to", "user@relaydesk-test.local", "--segment-gap", "20", "--json", "--no-kb", ...FAST]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { findings: Array<{ id: string }> };
    assert.ok(out.findings.some((f) => f.id === "smtp.data.split_terminator_ok"));
    assert.ok(out.findings.some((f) => f.id === "smtp.envelope.accepted"));
    assert.equal(mail.messages.length - before, 1);
  });

  test("probe tcp --count, probe pop3 --count, probe mx", async () => {
    const [tcp, pop3, mx] = await Promise.all([
      cli(["probe", "tcp", `127.0.0.1:${mail.port}`, "--count", "5", "--json", "--no-kb", ...FAST]),
      cli(["probe", "pop3", `127.0.0.1:${pop.port}`, "--count", "3", "--json", "--no-kb", ...FAST]),
      cli(["probe", "mx", "example.test", "--dns-server", dns.address, "--json", "--no-kb", "--timeout", "500"]),
    ]);
    for (const r of [tcp, pop3, mx]) assert.equal(r.code, 0, r.stderr);
    const idsOf = (r: Run) => (JSON.parse(r.stdout) as { findings: Array<{ id: string }> }).findings.map((f) => f.id);
    assert.ok(idsOf(tcp).includes("tcp.connect.stable"));
    assert.ok(idsOf(pop3).includes("pop3.connect.stable"));
    assert.ok(idsOf(mx).includes("dns.mx.found"));
  });

  test("denied targets: exit 3, a clear message, nothing connected", async () => {
    const [meta, viaDns, loopbackDefault] = await Promise.all([
      cli(["probe", "smtp", "169.254.169.254", "--json"]),
      cli(["probe", "smtp", "metadata.test", "--dns-server", dns.address, "--timeout", "500"]),
      cli(["probe", "smtp", `127.0.0.1:${mail.port}`], { RELAYDESK_PROBE_PORTS: "any" }),
    ]);
    for (const r of [meta, viaDns, loopbackDefault]) {
      assert.equal(r.code, 3, r.stdout + r.stderr);
      assert.match(r.stderr, /target denied by policy/);
    }
    const out = JSON.parse(meta.stdout) as { steps: Array<{ name: string }>; transcript: Array<{ text: string }>; findings: Array<{ id: string }> };
    assert.ok(!out.steps.some((s) => s.name === "connect"));
    assert.ok(!out.transcript.some((e) => e.text.startsWith("connected")));
    assert.deepEqual(out.findings.map((f) => f.id), ["target.denied_by_policy"]);
    assert.match(meta.stderr, /169\.254\.0\.0\/16/);
    assert.match(loopbackDefault.stderr, /127\.0\.0\.0\/8.*RELAYDESK_PROBE_ALLOW_CIDRS/);
    // the port policy: port 2525 is not a mail port by default
    const port = await cli(["probe", "smtp", "192.0.2.1:2525"], {});
    assert.equal(port.code, 3);
    assert.match(port.stderr, /port 2525 is not an allowed probe port/);
  });

  test("bad arguments and bad policy configuration: exit 2 with a message", async () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [["probe", "smtp"], /needs a target/],
      [["probe", "smtp", "mail.example.com:99999"], /outside 1\.\.65535/],
      [["probe", "smtp", "bad host!"], /bad target/],
      [["probe", "tcp", "127.0.0.1"], /no port/],
      [["probe", "smtp", "127.0.0.1", "--split-data"], /--from and --to/],
      [["probe", "tcp", "127.0.0.1:25", "--count", "abc"], /--count must be a whole number/],
      [["probe", "tcp", "127.0.0.1:25", "--count", "10000"], /--count/],
      [["probe", "smtp", "127.0.0.1", "--frobnicate"], /Unknown option/i],
      [["probe", "smtp", "127.0.0.1", "--count", "3"], /does not apply to probe smtp/],
      [["probe", "ftp", "x"], /unknown probe/],
      [["probe", "smtp", "127.0.0.1", "--helo", "bad name"], /HELO/],
      [["probe", "smtp", "127.0.0.1"], /RELAYDESK_PROBE_PORTS/, { RELAYDESK_PROBE_PORTS: "smtp" }],
      [["probe", "smtp", "127.0.0.1"], /bad prefix/, { RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/99" }],
    ];
    const results = await Promise.all(cases.map(([args, , env]) => cli(args, env ?? LAB_ENV)));
    results.forEach((r, i) => {
      const [args, re] = cases[i]!;
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, re, args.join(" "));
      assert.equal(r.stdout, "", "nothing probed");
    });
  });

  test("help and the finding catalogue", async () => {
    const [help, findings] = await Promise.all([cli(["--help"]), cli(["findings", "--json"])]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /relaydesk probe smtp HOST\[:PORT\]/);
    assert.equal(findings.code, 0);
    const list = JSON.parse(findings.stdout) as Array<{ id: string; severity: string }>;
    assert.ok(list.some((f) => f.id === "smtp.close.reset_after_tls" && f.severity === "warning"));
  });

  test("runs the compiled bundle; the database side loads only when the knowledge base is read", async () => {
    assert.ok(bundle.isCliBundleCurrent(), "the test runner builds the bundle first");
    // which files the process loaded, reported by a require hook preloaded into the same process
    const hook = path.join(mkdtempSync(path.join(os.tmpdir(), "relaydesk-cli-hook-")), "hook.cjs");
    writeFileSync(
      hook,
      `const M = require("node:module"); const seen = []; const load = M._load; M._load = function (r, p, m) { seen.push(M._resolveFilename(r, p, m)); return load.apply(this, arguments); };
process.on("exit", () => require("node:fs").writeSync(2, "\\nLOADED " + JSON.stringify(seen)));`,
    );
    const loaded = (args: string[], env: Record<string, string> = LAB_ENV) =>
      new Promise<{ code: number | null; files: string[]; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", hook, BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", ...env } as unknown as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, files: JSON.parse(stderr.slice(stderr.lastIndexOf("LOADED ") + 7)) as string[] }));
      });
    const plain = await loaded(["probe", "smtp", `127.0.0.1:${mail.port}`, "--json", "--no-kb", ...FAST]);
    assert.equal(plain.code, 0);
    assert.equal((JSON.parse(plain.stdout) as { target: { input: string } }).target.input, `127.0.0.1:${mail.port}`);
    // the launcher is the only file required (the bundle, and zod when an option needs it, are
    // evaluated from their code caches, not compiled by tsx); everything else is built into Node
    assert.deepEqual([...new Set(plain.files.filter((f) => path.isAbsolute(f)))], [BIN], plain.files.join("\n"));

    const db = createTempDatabase();
    try {
      const withKb = await loaded(["probe", "smtp", `127.0.0.1:${mail.port}`, "--json", ...FAST], { ...LAB_ENV, DATABASE_URL: db.url });
      assert.equal(withKb.code, 0);
      assert.ok(withKb.files.some((f) => f.endsWith("kb-lookup.cjs")), withKb.files.join("\n"));
      assert.ok(withKb.files.some((f) => f.includes("@prisma")), withKb.files.join("\n"));
    } finally {
      db.cleanup();
    }
  });

  test("a bundle older than its sources is rebuilt before it runs", async () => {
    const source = path.join(ROOT, "lib", "cli", "format.ts");
    const { atime, mtime } = statSync(source);
    utimesSync(source, atime, new Date(mtime.getTime() + 2_000));
    try {
      assert.equal(bundle.isCliBundleCurrent(), false);
      const r = await cli(["findings", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /older than its sources; rebuilding/);
      assert.ok((JSON.parse(r.stdout) as Array<{ id: string }>).some((f) => f.id === "smtp.banner.masked"));
      assert.equal(bundle.isCliBundleCurrent(), true);
      const again = await cli(["findings"]);
      assert.equal(again.stderr, "");
    } finally {
      // back to where it was: the bundle counts as stale once more and is rebuilt by the next run
      utimesSync(source, atime, mtime);
    }
  });
});
