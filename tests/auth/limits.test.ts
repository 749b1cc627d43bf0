// Guards issue 11's limits: checks per user and per target per minute, sign-in attempts per
// account and per address, each answering 429 with Retry-After and a clear message at the
// configured count, and holding across a restart (RateLimiterPrisma keeps the counts in the database).
import assert from "node:assert/strict";
import net from "node:net";
import { after, test } from "node:test";
import { createTempDatabase } from "../helpers/temp-db";
import { AuthedRequest, signInAsStaff } from "../helpers/staff";

const database = createTempDatabase();
process.env.RELAYDESK_PROBE_ALLOW_CIDRS = "127.0.0.0/8";
process.env.RELAYDESK_PROBE_PORTS = "any";
process.env.RELAYDESK_LIMIT_CHECKS_PER_USER = "3";
process.env.RELAYDESK_LIMIT_CHECKS_PER_TARGET = "4";
process.env.RELAYDESK_LIMIT_SIGNIN_PER_ACCOUNT = "2";
process.env.RELAYDESK_LIMIT_SIGNIN_PER_IP = "5";

const { getDb } = await import("@/lib/db/client");
const diagnosesRoute = await import("@/app/api/diagnoses/route");
const authRoute = await import("@/app/api/auth/[...all]/route");
const { createPasswordUser } = await import("@/lib/auth/setup");

after(async () => {
  await getDb().$disconnect();
  database.cleanup();
});

/** A loopback port nothing listens on: a check there ends at once with "refused". */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const check = (host: string, port: number) =>
  diagnosesRoute.POST(new AuthedRequest("http://localhost/api/diagnoses", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ host, port, steps: ["banner"], save: false }) }));

/** A new process: the limiter objects are made again, only the database remembers. */
function simulateRestart() {
  (globalThis as { relaydeskLimiters?: unknown }).relaydeskLimiters = undefined;
}

test("checks per user: the 4th check within a minute is 429 with Retry-After and a clear message, also after a restart", async () => {
  await signInAsStaff("helpdesk", "Limit Tester");
  const port = await closedPort();
  for (let i = 0; i < 3; i++) assert.equal((await check("127.0.0.1", port)).status, 200, `check ${i + 1}`);
  simulateRestart();
  const refused = await check("127.0.0.1", port);
  assert.equal(refused.status, 429);
  const retryAfter = Number(refused.headers.get("retry-after"));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  const body = (await refused.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, "rate_limited");
  assert.match(body.error.message, /^Too many checks started by you: at most 3 per minute\. Try again in \d+ s\.$/);
  const audit = await getDb().auditEvent.findMany({ where: { action: "check.limited" } });
  assert.equal(audit.length, 1);
});

test("checks per target: the 5th check of one host within a minute is 429, whoever runs it", async () => {
  const port = await closedPort();
  for (let i = 0; i < 4; i++) {
    await signInAsStaff("helpdesk", `Target Tester ${i}`); // a new user each time: the per-user limit is not what stops it
    assert.equal((await check("127.0.0.2", port)).status, 200, `check ${i + 1}`);
  }
  await signInAsStaff("admin", "Another admin");
  const refused = await check("127.0.0.2", port);
  assert.equal(refused.status, 429);
  assert.match(((await refused.json()) as { error: { message: string } }).error.message, /^Too many checks of this host: at most 4 per minute/);
  // another host is not affected
  assert.equal((await check("127.0.0.3", port)).status, 200);
});

/** A sign-in from TCP peer `ip` (as scripts/serve.mjs passes it on), with an optional client-written X-Forwarded-For. */
const signIn = (email: string, password: string, ip = "192.0.2.10", forwardedFor?: string) =>
  authRoute.POST(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost:3000",
        host: "localhost:3000",
        "x-relaydesk-peer": ip,
        ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
        "user-agent": "limits-test",
      },
      body: JSON.stringify({ email, password }),
    }),
  );

test("sign-in per account: after 2 attempts the 3rd is 429 with Retry-After; failures are audited with address and user agent", async () => {
  await createPasswordUser({ name: "Signin Tester", email: "signin@relaydesk.test", password: "correct-horse-battery", role: "viewer" });
  assert.equal((await signIn("signin@relaydesk.test", "wrong-password-1")).status, 401);
  assert.equal((await signIn("signin@relaydesk.test", "wrong-password-2")).status, 401);
  simulateRestart();
  const refused = await signIn("signin@relaydesk.test", "correct-horse-battery");
  assert.equal(refused.status, 429);
  assert.ok(Number(refused.headers.get("retry-after")) > 60, "a 15-minute window");
  assert.match(((await refused.json()) as { error: { message: string } }).error.message, /^Too many sign-in attempts for this account: at most 2 per 15 minutes/);
  const failed = await getDb().auditEvent.findMany({ where: { action: "auth.sign-in.failed", target: "signin@relaydesk.test" } });
  assert.equal(failed.length, 2);
  assert.equal(failed[0]!.ip, "192.0.2.10");
  assert.equal(failed[0]!.userAgent, "limits-test");
  assert.equal((await getDb().auditEvent.count({ where: { action: "auth.sign-in.limited" } })), 1);
});

test("sign-in per address: the 6th attempt from one address is 429 even for different accounts; a right password signs in before that", async () => {
  await createPasswordUser({ name: "Right Password", email: "right@relaydesk.test", password: "correct-horse-battery", role: "viewer" });
  const ok = await signIn("right@relaydesk.test", "correct-horse-battery", "198.51.100.7");
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get("set-cookie") ?? "", /better-auth\.session_token=/);
  assert.equal(await getDb().auditEvent.count({ where: { action: "auth.sign-in", target: "right@relaydesk.test" } }), 1);
  for (let i = 0; i < 4; i++) assert.equal((await signIn(`nobody${i}@relaydesk.test`, "x".repeat(12), "198.51.100.7")).status, 401);
  const refused = await signIn("nobody9@relaydesk.test", "x".repeat(12), "198.51.100.7");
  assert.equal(refused.status, 429);
  assert.match(((await refused.json()) as { error: { message: string } }).error.message, /^Too many sign-in attempts from this address: at most 5 per 15 minutes/);
});

test("sign-in per address: a forged X-Forwarded-For does not change the address counted (no trusted proxy)", async () => {
  // each attempt names a different address in X-Forwarded-For, all from one TCP peer
  for (let i = 0; i < 5; i++) assert.equal((await signIn(`forger${i}@relaydesk.test`, "x".repeat(12), "203.0.113.9", `10.9.9.${i}`)).status, 401);
  const refused = await signIn("forger9@relaydesk.test", "x".repeat(12), "203.0.113.9", "10.9.9.99");
  assert.equal(refused.status, 429);
  const failed = await getDb().auditEvent.findMany({ where: { action: "auth.sign-in.failed", target: { startsWith: "forger" } } });
  assert.equal(failed.length, 5);
  assert.deepEqual([...new Set(failed.map((f) => f.ip))], ["203.0.113.9"]);
});

test("sign-in through a trusted proxy: the right-most untrusted X-Forwarded-For address is counted and audited", async () => {
  process.env.RELAYDESK_TRUSTED_PROXIES = "127.0.0.1/32, 10.0.0.0/8";
  try {
    await createPasswordUser({ name: "Proxied", email: "proxied@relaydesk.test", password: "correct-horse-battery", role: "viewer" });
    // the client wrote "1.1.1.1"; the proxy 10.0.0.5 appended the client's real address 198.51.100.44, and 127.0.0.1 is the last proxy
    const ok = await signIn("proxied@relaydesk.test", "correct-horse-battery", "127.0.0.1", "1.1.1.1, 198.51.100.44, 10.0.0.5");
    assert.equal(ok.status, 200);
    const row = await getDb().auditEvent.findFirstOrThrow({ where: { action: "auth.sign-in", target: "proxied@relaydesk.test" } });
    assert.equal(row.ip, "198.51.100.44");
    const session = await getDb().session.findFirstOrThrow({ where: { user: { email: "proxied@relaydesk.test" } } });
    assert.equal(session.ipAddress, "198.51.100.44");
  } finally {
    delete process.env.RELAYDESK_TRUSTED_PROXIES;
  }
});
