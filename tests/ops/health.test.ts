import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createTempDatabase } from "../helpers/temp-db";

/**
 * GET /api/health's report on the flavour under test (SQLite in `npm test`, PostgreSQL in the PG
 * pass): ready with every migration applied; a migration the database lacks makes it not ready
 * and is named; the route answers 200 or 503 accordingly, and /api/health/live needs no database.
 */
const db = createTempDatabase();
after(async () => {
  const { getDb } = await import("@/lib/db/client");
  await getDb().$disconnect();
  db.cleanup();
});

test("ready when the database answers and every migration is applied; 503 naming a pending one", async () => {
  const { GET } = await import("@/app/api/health/route");
  const { GET: live } = await import("@/app/api/health/live/route");
  const { getDb, currentFlavour } = await import("@/lib/db/client");
  const res = await GET();
  assert.equal(res.status, 200);
  const body = (await res.json()) as { ready: boolean; database: { flavour: string; reachable: boolean; latencyMs: number }; migrations: { pending: string[]; failed: string[]; expected: number; applied: number } };
  assert.equal(body.ready, true);
  assert.equal(body.database.flavour, currentFlavour());
  assert.equal(body.database.reachable, true);
  assert.ok(body.migrations.expected >= 1 && body.migrations.applied === body.migrations.expected);
  const rows = await getDb().$queryRawUnsafe<Array<{ migration_name: string }>>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC`);
  const last = rows[0]!.migration_name;
  await getDb().$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = '${last.replace(/'/g, "")}'`);
  const pending = await GET();
  assert.equal(pending.status, 503);
  const report = (await pending.json()) as { ready: boolean; status: string; migrations: { pending: string[] } };
  assert.equal(report.ready, false);
  assert.equal(report.status, "unavailable");
  assert.deepEqual(report.migrations.pending, [last]);
  const alive = await live();
  assert.equal(alive.status, 200);
  assert.equal(((await alive.json()) as { live: boolean }).live, true);
});
