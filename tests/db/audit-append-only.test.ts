// Guards issue 11's "append-only" audit log in the database itself: triggers in both flavours'
// migrations refuse UPDATE and DELETE on AuditEvent (and TRUNCATE on PostgreSQL), whatever the
// client. Runs on SQLite in `npm test` and on PostgreSQL in `npm run test:postgres`.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();
const { getDb, currentFlavour } = await import("@/lib/db/client");
const { recordAudit } = await import("@/lib/audit/record");

after(async () => {
  await getDb().$disconnect();
  database.cleanup();
});

/**
 * The trigger's refusal, however the driver adapter reports it: Prisma files SQLite's
 * SQLITE_CONSTRAINT_TRIGGER under a foreign-key error code, with the trigger's text kept in the
 * adapter error's originalMessage.
 */
function APPEND_ONLY(error: unknown): boolean {
  const e = error as { message?: string; meta?: { driverAdapterError?: { cause?: { originalMessage?: string } } } };
  const text = `${e.message ?? ""}\n${e.meta?.driverAdapterError?.cause?.originalMessage ?? ""}`;
  assert.match(text, /AuditEvent is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
  return true;
}

async function oneRow() {
  await recordAudit({ action: "test.append-only", target: `row-${Math.random()}`, detail: { n: 1 } });
  return getDb().auditEvent.findFirstOrThrow({ where: { action: "test.append-only" }, orderBy: { at: "desc" } });
}

test(`the audit log accepts inserts and refuses UPDATE and DELETE through the client`, async () => {
  const row = await oneRow();
  const db = getDb();
  await assert.rejects(db.auditEvent.update({ where: { id: row.id }, data: { target: "rewritten" } }), APPEND_ONLY);
  await assert.rejects(db.auditEvent.updateMany({ data: { ip: "0.0.0.0" } }), APPEND_ONLY);
  await assert.rejects(db.auditEvent.delete({ where: { id: row.id } }), APPEND_ONLY);
  await assert.rejects(db.auditEvent.deleteMany({}), APPEND_ONLY);
  const again = await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } });
  assert.deepEqual(again, row, "the row is unchanged");
  assert.ok((await db.auditEvent.count()) >= 1);
});

test(`raw SQL cannot rewrite or remove audit rows either (${currentFlavour()})`, async () => {
  const row = await oneRow();
  const db = getDb();
  await assert.rejects(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "action" = 'x' WHERE "id" = '${row.id}'`), APPEND_ONLY);
  await assert.rejects(db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`), APPEND_ONLY);
  if (currentFlavour() === "postgres") await assert.rejects(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`), APPEND_ONLY);
  assert.equal((await db.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).action, "test.append-only");
  // inserting still works after the refusals
  await recordAudit({ action: "test.append-only.after" });
  assert.equal(await db.auditEvent.count({ where: { action: "test.append-only.after" } }), 1);
});
