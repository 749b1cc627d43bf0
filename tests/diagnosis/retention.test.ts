/**
 * Guards issue 9's retention setting: saved diagnoses are deleted RELAYDESK_RETENTION_DAYS
 * (default 180) days after they were saved unless pinned; PATCH /api/diagnoses/ID { pinned }
 * pins one (the route asks lib/permissions first, so accounts can restrict it to admins).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AuthedRequest as NextRequest, signInAsStaff } from "../helpers/staff";
import { startMailServer, type RunningPeer } from "@/tests/peers";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();
// the JSON API needs a signed-in caller: an admin's API token, as a script would send
await signInAsStaff("admin");
process.env.RELAYDESK_PROBE_ALLOW_CIDRS = "127.0.0.0/8";
process.env.RELAYDESK_PROBE_PORTS = "any";

const { getDb } = await import("@/lib/db/client");
const diagnosesRoute = await import("@/app/api/diagnoses/route");
const diagnosisRoute = await import("@/app/api/diagnoses/[id]/route");
const { purgeExpiredDiagnoses, retentionDays, RetentionConfigError, DEFAULT_RETENTION_DAYS } = await import("@/lib/diagnosis/retention");

let mail: RunningPeer;
before(async () => {
  mail = await startMailServer();
});
after(async () => {
  await mail.close();
  await getDb().$disconnect();
  database.cleanup();
});

async function saveOne(): Promise<string> {
  const res = await diagnosesRoute.POST(
    new NextRequest("http://localhost/api/diagnoses", {
      method: "POST",
      body: JSON.stringify({ host: "127.0.0.1", port: mail.port, steps: ["banner"] }),
    }),
  );
  assert.equal(res.status, 201);
  return ((await res.json()) as { id: string }).id;
}

const patch = (id: string, body: unknown) =>
  diagnosisRoute.PATCH(new NextRequest(`http://localhost/api/diagnoses/${id}`, { method: "PATCH", body: JSON.stringify(body) }), {
    params: Promise.resolve({ id }),
  });

test("the retention setting: 180 days by default, 0 keeps everything, anything else is refused", () => {
  assert.equal(retentionDays({}), DEFAULT_RETENTION_DAYS);
  assert.equal(DEFAULT_RETENTION_DAYS, 180);
  assert.equal(retentionDays({ RELAYDESK_RETENTION_DAYS: "30" }), 30);
  assert.equal(retentionDays({ RELAYDESK_RETENTION_DAYS: "0" }), null);
  for (const bad of ["-1", "1.5", "30d", "0x10"]) assert.throws(() => retentionDays({ RELAYDESK_RETENTION_DAYS: bad }), RetentionConfigError);
});

test("expired diagnoses are purged, pinned and recent ones kept; pinning goes through PATCH", async () => {
  const old = await saveOne();
  const oldPinned = await saveOne();
  const recent = await saveOne();
  const longAgo = new Date(Date.now() - 181 * 24 * 60 * 60 * 1000);
  await getDb().diagnosis.updateMany({ where: { id: { in: [old, oldPinned] } }, data: { createdAt: longAgo } });

  const pinned = await patch(oldPinned, { pinned: true });
  assert.equal(pinned.status, 200);
  assert.deepEqual(await pinned.json(), { id: oldPinned, pinned: true });
  assert.equal((await patch(oldPinned, { pinned: "yes" })).status, 400);
  assert.equal((await patch(oldPinned, { pinned: true, extra: 1 })).status, 400);
  assert.equal((await patch("AAAAAAAAAAAAAAAAAAAAAA", { pinned: true })).status, 404);
  assert.equal((await patch("x", { pinned: true })).status, 404);

  assert.equal(await purgeExpiredDiagnoses(new Date(), null), 0);
  assert.equal(await purgeExpiredDiagnoses(new Date(), 180), 1);
  const left = (await getDb().diagnosis.findMany({ select: { id: true } })).map((d) => d.id).sort();
  assert.deepEqual(left, [oldPinned, recent].sort());

  const got = await diagnosisRoute.GET(new NextRequest(`http://localhost/api/diagnoses/${oldPinned}`), { params: Promise.resolve({ id: oldPinned }) });
  assert.equal(((await got.json()) as { pinned: boolean }).pinned, true);
  // unpinned, it goes at the next purge
  assert.equal((await patch(oldPinned, { pinned: false })).status, 200);
  assert.equal(await purgeExpiredDiagnoses(new Date(), 180), 1);
});
