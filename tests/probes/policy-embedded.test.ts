/**
 * Guards issue 9 item 3: the default target policy denies the machine's own interface addresses
 * and every IPv6 form that embeds a denied IPv4 address (mapped, compatible, translated, NAT64
 * 64:ff9b::/96 and 64:ff9b:1::/48, 6to4, Teredo) — in the policy itself, through the API (the
 * finding target.denied_by_policy) and through the CLI (exit 3).
 *
 * Network safety: none of these addresses may be dialled. The in-process checks run with a
 * connect guard (tests/helpers/no-dial.mjs: any connect outside 127.0.0.0/8 and ::1 throws before
 * a packet leaves), and the CLI runs with the same guard preloaded and, as root, inside an
 * isolated network namespace (`unshare -n`), where nothing can leave the machine at all.
 */
import "../helpers/no-dial.mjs";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { AuthedRequest as NextRequest, signInAsStaff } from "../helpers/staff";
import { createTempDatabase } from "../helpers/temp-db";
import { embeddedIPv4 } from "@/lib/probes/embedded-ipv4";
import { createTargetPolicy } from "@/lib/probes/policy";

const database = createTempDatabase();
// the JSON API needs a signed-in caller: an admin's API token, as a script would send
await signInAsStaff("admin");
delete process.env.RELAYDESK_PROBE_ALLOW_CIDRS;
delete process.env.RELAYDESK_PROBE_DENY_CIDRS;
delete process.env.RELAYDESK_PROBE_PORTS;
const { getDb } = await import("@/lib/db/client");
const diagnosesRoute = await import("@/app/api/diagnoses/route");

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin", "relaydesk.cjs");
const NO_DIAL = path.join(ROOT, "tests", "helpers", "no-dial.mjs");

/** Each IPv6 form of a denied IPv4 address the attack test used, and what it embeds. */
const EMBEDDED: Array<{ address: string; ipv4: string; form: string }> = [
  { address: "::ffff:127.0.0.1", ipv4: "127.0.0.1", form: "IPv4-mapped" },
  { address: "::127.0.0.1", ipv4: "127.0.0.1", form: "IPv4-compatible" },
  { address: "::ffff:0:7f00:1", ipv4: "127.0.0.1", form: "IPv4-translated" },
  { address: "64:ff9b::7f00:1", ipv4: "127.0.0.1", form: "NAT64 64:ff9b::/96" },
  { address: "64:ff9b::a9fe:a9fe", ipv4: "169.254.169.254", form: "NAT64 64:ff9b::/96" },
  { address: "64:ff9b:1:7f00:0:100::", ipv4: "127.0.0.1", form: "NAT64 64:ff9b:1::/48" },
  { address: "2002:7f00:1::1", ipv4: "127.0.0.1", form: "6to4 2002::/16" },
  { address: "2002:a9fe:a9fe::", ipv4: "169.254.169.254", form: "6to4 2002::/16" },
  { address: "2001:0:4136:e378:8000:63bf:80ff:fffe", ipv4: "127.0.0.1", form: "Teredo client" },
];

/** The machine's own non-loopback addresses, as the attack test found 192.0.2.2 and fd00::2. */
const OWN = Object.values(os.networkInterfaces())
  .flatMap((list) => list ?? [])
  .filter((a) => !a.internal)
  .map((a) => a.address.replace(/%.*$/, ""));

const sandbox = spawnSync("unshare", ["-n", "true"]).status === 0;

after(async () => {
  await getDb().$disconnect();
  database.cleanup();
});

test("each IPv4-embedding IPv6 form yields the IPv4 address it carries", () => {
  for (const { address, ipv4, form } of EMBEDDED) {
    const found = embeddedIPv4(address);
    assert.ok(
      found.some((e) => e.address === ipv4 && e.form === form),
      `${address}: ${JSON.stringify(found)}`,
    );
  }
  assert.deepEqual(embeddedIPv4("2001:db8::1"), []);
  assert.deepEqual(embeddedIPv4("::1"), []);
  assert.deepEqual(embeddedIPv4("10.0.0.1"), []);
  // a public IPv4 behind NAT64 stays allowed (only what it embeds is judged)
  assert.equal(createTargetPolicy().checkAddress("64:ff9b::c000:201").allowed, true);
});

test("the default policy denies every embedded form of loopback and the metadata address", () => {
  const policy = createTargetPolicy();
  for (const { address, ipv4 } of EMBEDDED) {
    const d = policy.checkAddress(address);
    assert.equal(d.allowed, false, address);
    if (!d.allowed) assert.match(d.reason, new RegExp(ipv4.replace(/\./g, "\\.")), d.reason);
  }
  // private ranges stay allowed: probing internal mail servers is the product's job
  const fake = () => new Set(["192.0.2.2", "fd00::2"]);
  assert.equal(createTargetPolicy({ ownAddresses: fake }).checkAddress("10.1.2.3").allowed, true);
  assert.equal(createTargetPolicy({ ownAddresses: fake }).checkAddress("fd00::3").allowed, true);
});

test("the machine's own addresses are denied by default, in every form, and can be opened explicitly", () => {
  const fake = () => new Set(["192.0.2.2", "fd00::2"]);
  const policy = createTargetPolicy({ ownAddresses: fake });
  for (const address of ["192.0.2.2", "fd00::2", "::ffff:192.0.2.2", "64:ff9b::c000:202", "2002:c000:202::1"]) {
    const d = policy.checkAddress(address);
    assert.equal(d.allowed, false, address);
    if (!d.allowed) assert.match(d.reason, /address of this machine/);
  }
  assert.equal(createTargetPolicy({ ownAddresses: fake, allowCidrs: ["192.0.2.2/32"] }).checkAddress("192.0.2.2").allowed, true);
  // the real interfaces, enumerated by the default policy
  const real = createTargetPolicy();
  for (const address of OWN) assert.equal(real.checkAddress(address).allowed, false, address);
});

test("the interfaces are enumerated only for an address no allowed range covers, once per check", () => {
  let enumerations = 0;
  const counting = () => {
    enumerations++;
    return new Set(["192.0.2.2"]);
  };
  const policy = createTargetPolicy({ ownAddresses: counting, allowCidrs: ["127.0.0.0/8", "192.0.2.0/24"] });
  // an allowed range overrides the own-address rule, so its addresses need no enumeration
  assert.equal(policy.checkAddress("127.0.0.1").allowed, true);
  assert.equal(policy.checkAddress("192.0.2.2").allowed, true);
  assert.equal(enumerations, 0);
  const strict = createTargetPolicy({ ownAddresses: counting });
  // one enumeration for the IPv6 address and the IPv4 address it embeds
  const d = strict.checkAddress("::ffff:c000:202");
  assert.equal(d.allowed, false);
  assert.equal(strict.checkAddress("2002:c000:202::1").allowed, false);
  assert.equal(enumerations, 2);
});

const postCheck = (host: string) =>
  new NextRequest("http://localhost/api/diagnoses", {
    method: "POST",
    headers: { "content-type": "application/json", host: "localhost" },
    body: JSON.stringify({ host, port: 25, steps: ["banner"], save: false }),
  });

test("API: every embedded form and every own address ends target.denied_by_policy, nothing dialled", async () => {
  for (const address of [...EMBEDDED.map((e) => e.address), ...OWN]) {
    const res = await diagnosesRoute.POST(postCheck(address));
    const body = (await res.json()) as { findings: Array<{ id: string }> };
    assert.equal(res.status, 200, `${address}: ${JSON.stringify(body)}`);
    assert.ok(
      body.findings.some((f) => f.id === "target.denied_by_policy"),
      `${address}: ${body.findings.map((f) => f.id).join(", ")}`,
    );
  }
});

/**
 * The CLI with the connect guard; `isolated` also puts it in its own network namespace (as root).
 * The own-address runs cannot be isolated: a new namespace has none of the machine's interfaces.
 * Those addresses are this machine's, so even a dial would not leave it.
 */
function cli(args: string[], isolated: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = isolated && sandbox ? "unshare" : process.execPath;
  const argv = isolated && sandbox ? ["-n", process.execPath, "--import", NO_DIAL, BIN, ...args] : ["--import", NO_DIAL, BIN, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: "file:/nonexistent-relaydesk-test/none.db" } as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`relaydesk ${args.join(" ")} did not finish: ${stderr}`));
    }, 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test("CLI: every embedded form and every own address exits 3 (denied), nothing dialled", async () => {
  const runs = [...EMBEDDED.map((e) => ({ address: e.address, isolated: true })), ...OWN.map((address) => ({ address, isolated: false }))];
  for (const { address, isolated } of runs) {
    const run = await cli(["probe", "smtp", `[${address}]:25`.replace(/^\[(\d+\.\d+\.\d+\.\d+)\]/, "$1"), "--timeout", "2000"], isolated);
    assert.doesNotMatch(run.stderr, /NO-DIAL/, run.stderr);
    assert.equal(run.code, 3, `${address}: exit ${run.code}\n${run.stdout}\n${run.stderr}`);
  }
});
