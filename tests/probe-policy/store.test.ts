// Guards issue 11's admin-editable probe target policy: the environment's values are in force
// until an admin saves a policy, then the saved one is; every save is audited with the policy
// before and after; a save applies to the very next check in every process sharing the database
// (the revision is read before each check: no stale cache); a stale form is refused; the form's
// validation names the wrong entries per field; a refusal names the probe target policy.
// Nothing here connects anywhere: the addresses are literals checked by the policy only.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();
process.env.RELAYDESK_PROBE_ALLOW_CIDRS = "127.0.0.0/8";
process.env.RELAYDESK_PROBE_DENY_CIDRS = "";
process.env.RELAYDESK_PROBE_PORTS = "any";

const { getDb, createClient } = await import("@/lib/db/client");
const { getProbePolicyView, saveProbePolicy, ProbePolicyConflictError } = await import("@/lib/probe-policy/store");
const { currentTargetPolicy } = await import("@/lib/probe-policy/current");
const { probePolicyFormSchema } = await import("@/lib/probe-policy/schema");
const { checkTargetAllowed } = await import("@/lib/diagnosis/target-policy");

after(async () => {
  await getDb().$disconnect();
  database.cleanup();
});

const admin = { userId: "admin-1", name: "Policy Admin", email: "policy-admin@relaydesk.test", role: "admin" as const, via: "session" as const };

test("form validation: canonical ranges and port lists; each field's error names the bad entries", () => {
  const ok = probePolicyFormSchema.safeParse({ allowCidrs: "127.0.0.0/8\n::1\n127.0.0.0/8", denyCidrs: "192.0.2.0/24; 2001:DB8::/32", ports: "25, 2525-2527", baseRevision: "0" });
  assert.ok(ok.success);
  assert.deepEqual(ok.data, { allowCidrs: ["127.0.0.0/8", "::1/128"], denyCidrs: ["192.0.2.0/24", "2001:db8::/32"], ports: [25, 2525, 2526, 2527], baseRevision: 0 });
  assert.deepEqual(probePolicyFormSchema.parse({ allowCidrs: "", denyCidrs: "", ports: "any", baseRevision: 3 }).ports, "any");

  const bad = probePolicyFormSchema.safeParse({ allowCidrs: "10.0.0.0/33\nmail.example", denyCidrs: "192.0.2.0/24", ports: "25, smtp, 70000", baseRevision: "1" });
  assert.ok(!bad.success);
  const byField = Object.fromEntries(bad.error.issues.map((i) => [String(i.path[0]), i.message]));
  assert.deepEqual(Object.keys(byField).sort(), ["allowCidrs", "ports"]);
  assert.match(byField.allowCidrs!, /bad prefix length in "10\.0\.0\.0\/33" \(0\.\.32\); not an IP range: "mail\.example"/);
  assert.match(byField.ports!, /^Ports: "smtp" is not a port or range/);
  const emptyPorts = probePolicyFormSchema.safeParse({ allowCidrs: "", denyCidrs: "", ports: " ", baseRevision: 0 });
  assert.ok(!emptyPorts.success);
  assert.match(emptyPorts.error.issues[0]!.message, /^Ports is empty/);
  const outOfRange = probePolicyFormSchema.safeParse({ allowCidrs: "", denyCidrs: "", ports: "0-30", baseRevision: 0 });
  assert.ok(!outOfRange.success);
  assert.match(outOfRange.error.issues[0]!.message, /ports are 1 to 65535/);
});

test("no saved policy: the environment's values are in force", async () => {
  const view = await getProbePolicyView();
  assert.equal(view.source, "environment");
  assert.equal(view.revision, 0);
  assert.deepEqual({ allow: view.allowCidrs, ports: view.ports }, { allow: ["127.0.0.0/8"], ports: "any" });
  const policy = await currentTargetPolicy();
  assert.equal(policy.checkPort(2525).allowed, true);
  assert.equal(policy.checkAddress("127.0.0.1").allowed, true);
});

test("a saved policy takes precedence over the environment, is audited with before and after, and applies to the next check", async () => {
  const saved = await saveProbePolicy({ allowCidrs: ["127.0.0.0/8"], denyCidrs: ["127.0.0.9/32"], ports: [25, 587], baseRevision: 0 }, { actor: admin, ip: "192.0.2.50", userAgent: "policy-test" });
  assert.deepEqual(saved, { changed: true, revision: 1 });
  const view = await getProbePolicyView();
  assert.equal(view.source, "saved");
  assert.equal(view.updatedBy, "Policy Admin <policy-admin@relaydesk.test>");
  const policy = await currentTargetPolicy();
  const port = policy.checkPort(2525);
  assert.ok(!port.allowed);
  assert.match(port.reason, /port 2525 is not an allowed probe port \(allowed: 25, 587; set by the probe target policy, Admin → Probe policy\)/);
  const denied = policy.checkAddress("127.0.0.9");
  assert.ok(!denied.allowed);
  assert.match(denied.reason, /127\.0\.0\.9 is in 127\.0\.0\.9\/32 \(denied by the probe target policy\)/);
  // the environment still says "any": it no longer counts
  assert.equal(process.env.RELAYDESK_PROBE_PORTS, "any");

  const rows = await getDb().auditEvent.findMany({ where: { action: "policy.change" } });
  assert.equal(rows.length, 1);
  const row = rows[0]!;
  assert.equal(row.actorName, "Policy Admin <policy-admin@relaydesk.test>");
  assert.equal(row.actorRole, "admin");
  assert.equal(row.ip, "192.0.2.50");
  assert.deepEqual(JSON.parse(row.detail!), {
    revision: 1,
    before: { source: "environment", allowCidrs: ["127.0.0.0/8"], denyCidrs: [], ports: "any" },
    after: { allowCidrs: ["127.0.0.0/8"], denyCidrs: ["127.0.0.9/32"], ports: "25,587" },
  });
});

test("the refusal a helpdesk member sees names the probe target policy", async () => {
  const policy = await currentTargetPolicy();
  const port = await checkTargetAllowed({ host: "127.0.0.1", port: 2525, mx: false }, { policy });
  assert.deepEqual(port, {
    allowed: false,
    field: "port",
    message: "Refused by the probe target policy: this server does not run checks on port 2525 (allowed: 25, 587). Ask an administrator if it should be allowed.",
  });
  const host = await checkTargetAllowed({ host: "127.0.0.9", port: 25, mx: false }, { policy });
  assert.equal(host.allowed, false);
  assert.match((host as { message: string }).message, /^Refused by the probe target policy: this server does not run checks against 127\.0\.0\.9/);
  assert.deepEqual(await checkTargetAllowed({ host: "127.0.0.1", port: 25, mx: false }, { policy }), { allowed: true });
});

test("a save from another process (instance) applies to this process's next check at once", async () => {
  // another console instance: its own client on the same database
  const other = createClient(database.url);
  try {
    await other.probePolicy.update({ where: { id: 1 }, data: { revision: 2, ports: "2525", updatedAt: new Date(Date.now() + 1) } });
    const policy = await currentTargetPolicy();
    assert.equal(policy.checkPort(2525).allowed, true);
    assert.equal(policy.checkPort(25).allowed, false);
  } finally {
    await other.$disconnect();
  }
  assert.equal((await getProbePolicyView()).revision, 2);
});

test("a form based on an older revision is refused (someone saved meanwhile); saving what is in force changes nothing", async () => {
  await assert.rejects(
    saveProbePolicy({ allowCidrs: [], denyCidrs: [], ports: "any", baseRevision: 1 }, { actor: admin }),
    (e: unknown) => e instanceof ProbePolicyConflictError && /Someone else changed the probe target policy meanwhile/.test(e.message),
  );
  await assert.rejects(saveProbePolicy({ allowCidrs: [], denyCidrs: [], ports: "any", baseRevision: 0 }, { actor: admin }), ProbePolicyConflictError);
  const same = await saveProbePolicy({ allowCidrs: ["127.0.0.0/8"], denyCidrs: ["127.0.0.9/32"], ports: [2525], baseRevision: 2 }, { actor: admin });
  assert.deepEqual(same, { changed: false, revision: 2 });
  const next = await saveProbePolicy({ allowCidrs: ["127.0.0.0/8"], denyCidrs: [], ports: [25, 2525, 2526], baseRevision: 2 }, { actor: admin });
  assert.deepEqual(next, { changed: true, revision: 3 });
  const last = await getDb().auditEvent.findFirstOrThrow({ where: { action: "policy.change" }, orderBy: { at: "desc" } });
  assert.deepEqual(JSON.parse(last.detail!), {
    revision: 3,
    before: { source: "saved", allowCidrs: ["127.0.0.0/8"], denyCidrs: ["127.0.0.9/32"], ports: "2525" },
    after: { allowCidrs: ["127.0.0.0/8"], denyCidrs: [], ports: "25,2525-2526" },
  });
  assert.equal(await getDb().auditEvent.count({ where: { action: "policy.change" } }), 2, "the refused and unchanged saves wrote no row");
  assert.equal((await currentTargetPolicy()).checkPort(2526).allowed, true);
});

test("a console check runs under the saved policy (the route reads it before the check)", async () => {
  const { signInAsStaff, AuthedRequest } = await import("../helpers/staff");
  const diagnosesRoute = await import("@/app/api/diagnoses/route");
  await signInAsStaff("helpdesk", "Policy Helpdesk");
  // port 2527 is outside the saved policy (25, 2525-2526) though the environment allows any port
  const res = await diagnosesRoute.POST(
    new AuthedRequest("http://localhost/api/diagnoses", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ host: "127.0.0.1", port: 2527, steps: ["banner"], save: false }) }),
  );
  assert.equal(res.status, 200);
  const body = (await res.json()) as { outcome: string; headline: string; next: string[]; findings: Array<{ id: string; evidence: string[] }> };
  assert.equal(body.outcome, "could_not_test");
  assert.match(body.headline, /probe target policy does not allow that address or port, so nothing was sent to it/);
  const denied = body.findings.find((f) => f.id === "target.denied_by_policy");
  assert.ok(denied, "the policy finding");
  assert.match(denied.evidence.join("\n"), /port 2527 is not an allowed probe port \(allowed: 25, 2525, 2526; set by the probe target policy, Admin → Probe policy\)/);
  assert.match(body.next.join("\n"), /ask an administrator to allow it in the probe target policy \(Admin → Probe policy\)/);
});
