// Guards issue 11's API tokens: a role no higher than the owner's (at creation and at every use),
// stored as a hash only, revocable, refused for a deactivated owner, audited; and
// `relaydesk token create --role ROLE --name NAME` works directly on the database and prints only
// the token on standard output.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { after, test } from "node:test";
import { NextRequest } from "next/server";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();
const { getDb } = await import("@/lib/db/client");
const { createApiToken, revokeApiToken, hashSecret, TokenError } = await import("@/lib/auth/tokens");
const { createPasswordUser } = await import("@/lib/auth/setup");
const diagnosesRoute = await import("@/app/api/diagnoses/route");
const auditRoute = await import("@/app/api/audit/route");

after(async () => {
  await getDb().$disconnect();
  database.cleanup();
});

const listWith = (token: string) => diagnosesRoute.GET(new NextRequest("http://localhost/api/diagnoses", { headers: { authorization: `Bearer ${token}` } }));

test("a token's role is at most its owner's; only its hash is stored; it works as Bearer until revoked", async () => {
  const helpdesk = await createPasswordUser({ name: "Token Owner", email: "owner@relaydesk.test", password: "owner-password-1", role: "helpdesk" });
  await assert.rejects(createApiToken({ userId: helpdesk.id, name: "too high", role: "admin" }), TokenError);
  const { id, token } = await createApiToken({ userId: helpdesk.id, name: "script", role: "viewer" });
  assert.match(token, /^rdk_[A-Za-z0-9_-]{43}$/);
  const row = await getDb().apiToken.findUniqueOrThrow({ where: { id } });
  assert.equal(row.tokenHash, hashSecret(token));
  assert.ok(!JSON.stringify(row).includes(token.slice(4)), "the token itself is not stored");

  assert.equal((await listWith(token)).status, 200);
  assert.equal((await listWith(token)).status, 200);
  // use is audited, once a minute per token (not on every call)
  const uses = await getDb().auditEvent.findMany({ where: { action: "token.use", target: "script" } });
  assert.equal(uses.length, 1);
  assert.deepEqual(JSON.parse(uses[0]!.detail!), { tokenId: id, method: "GET", path: "/api/diagnoses" });
  // a viewer token cannot run checks, whatever its owner may do
  const post = await diagnosesRoute.POST(new NextRequest("http://localhost/api/diagnoses", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" }));
  assert.equal(post.status, 403);

  const revoked = await revokeApiToken(id, { userId: helpdesk.id, name: "Token Owner", email: "owner@relaydesk.test", role: "helpdesk", via: "session" });
  assert.equal(revoked?.name, "script");
  const after = await listWith(token);
  assert.equal(after.status, 401);
  assert.equal(((await after.json()) as { error: { code: string } }).error.code, "invalid_token");
  assert.equal((await listWith("rdk_not-a-token")).status, 401);
});

test("demoting or deactivating the owner takes effect on the owner's tokens at once", async () => {
  const user = await createPasswordUser({ name: "Admin Soon Viewer", email: "demoted@relaydesk.test", password: "demoted-password-1", role: "admin" });
  const { token } = await createApiToken({ userId: user.id, name: "audit export", role: "admin" });
  const audit = () => auditRoute.GET(new NextRequest("http://localhost/api/audit?format=json", { headers: { authorization: `Bearer ${token}` } }));
  assert.equal((await audit()).status, 200);
  await getDb().user.update({ where: { id: user.id }, data: { role: "viewer" } });
  assert.equal((await audit()).status, 403);
  await getDb().user.update({ where: { id: user.id }, data: { banned: true } });
  assert.equal((await listWith(token)).status, 401);
});

const cli = (args: string[]) =>
  spawnSync(process.execPath, [path.join(process.cwd(), "bin", "relaydesk.cjs"), ...args], { env: { ...process.env, DATABASE_URL: database.url }, encoding: "utf8" });

test("relaydesk token create prints only the token; the token works on the API; the creation is audited", async () => {
  await createPasswordUser({ name: "First Admin", email: "first-admin@relaydesk.test", password: "first-admin-password", role: "admin" });
  const run = cli(["token", "create", "--role", "helpdesk", "--name", "nightly checks"]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^rdk_[A-Za-z0-9_-]{43}\n$/);
  const token = run.stdout.trim();
  assert.equal((await listWith(token)).status, 200);
  const row = await getDb().apiToken.findUniqueOrThrow({ where: { tokenHash: hashSecret(token) }, include: { user: true } });
  assert.equal(row.user.email, "first-admin@relaydesk.test");
  assert.equal(row.role, "helpdesk");
  const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "token.create", target: "nightly checks" } });
  assert.equal(JSON.parse(audit.detail!).via, "cli");

  const bad = cli(["token", "create", "--role", "root", "--name", "x"]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /--role must be one of viewer, helpdesk, editor, admin/);
  const noOwner = cli(["token", "create", "--role", "viewer", "--name", "x", "--user", "nobody@relaydesk.test"]);
  assert.equal(noOwner.status, 1);
  assert.equal(noOwner.stdout, "");
  assert.match(noOwner.stderr, /no account nobody@relaydesk.test/);
});
