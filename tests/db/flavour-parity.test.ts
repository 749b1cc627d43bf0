import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { createClient, type Db } from "@/lib/db/client";
import { listDiagnoses } from "@/lib/diagnosis/store";
import { listProducts, listSymptoms, listArticleSummaries } from "@/lib/kb/articles";
import { loadIndexDocuments } from "@/lib/search/index-source";
import { loadKbSeed } from "@/lib/kb/seed-import";
import { shippedKbInput } from "@/lib/kb/shipped";
import { migrateAndSeedDatabase } from "../../scripts/lib/instances.mjs";
import { startTestCluster, type PrivateCluster } from "../helpers/postgres";

/**
 * The same lib/ queries on SQLite and PostgreSQL give the same answers: the recent-diagnoses host
 * filter (case, LIKE wildcards), and every ordered KB list. Both databases get the same seed and
 * the same rows; the shared client is swapped between them (getDb() reads globalThis).
 */

let cluster: PrivateCluster | null = null;
let sqlite: Db;
let pg: Db;
let scratch = "";
const holder = globalThis as unknown as { relaydeskPrisma?: Db };

async function on<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  holder.relaydeskPrisma = db;
  try {
    return await fn();
  } finally {
    holder.relaydeskPrisma = undefined;
  }
}

before(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "relaydesk-parity-"));
  const sqliteUrl = `file:${path.join(scratch, "parity.db")}`;
  cluster = await startTestCluster();
  migrateAndSeedDatabase(sqliteUrl);
  migrateAndSeedDatabase(cluster.url);
  sqlite = createClient(sqliteUrl);
  pg = createClient(cluster.url);
  const hosts = ["mx1.example.com", "mxa1.example.com", "mx_1.example.com", "mail.example.org", "10.0.0.5", "2001:db8::25"];
  for (const db of [sqlite, pg]) {
    let n = 0;
    for (const host of hosts) {
      n++;
      await db.diagnosis.create({
        data: {
          id: `parity-${String(n).padStart(15, "0")}`,
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 3)), // ties on createdAt: the id decides
          createdBy: "Parity",
          host,
          port: 25,
          answers: JSON.stringify({ start: { kind: "none" }, answers: [] }),
          steps: JSON.stringify({ steps: ["banner"], mx: false, recipient: null, ended: "completed", deadlineMs: 60000 }),
          results: "[]",
          findings: JSON.stringify({ findings: [], unexplained: [] }),
          causes: "[]",
          articles: "[]",
          kbRevision: 1,
          status: "done",
        },
      });
    }
  }
});

after(async () => {
  await sqlite?.$disconnect();
  await pg?.$disconnect();
  cluster?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("recent-diagnoses host filter: same rows in the same order on SQLite and PostgreSQL (case, LIKE wildcards, createdAt ties)", async () => {
  for (const filter of ["MX1", "mx_1", "mx%", "EXAMPLE.COM", "db8::", "10.0", ""]) {
    const a = (await on(sqlite, () => listDiagnoses({ host: filter }))).map((d) => d.host);
    const b = (await on(pg, () => listDiagnoses({ host: filter }))).map((d) => d.host);
    assert.deepEqual(b, a, `filter "${filter}"`);
  }
  // ignores case on PostgreSQL too (hosts are stored lower-cased, the filter is lower-cased);
  // "_" is LIKE's one-character wildcard on both engines alike (Prisma does not escape it)
  assert.deepEqual((await on(pg, () => listDiagnoses({ host: "MX1" }))).map((d) => d.host), ["mx1.example.com"]);
  assert.deepEqual((await on(pg, () => listDiagnoses({ host: "MX_1" }))).map((d) => d.host).sort(), ["mx_1.example.com", "mxa1.example.com"]);
});

test("knowledge-base lists and the search index source: identical on SQLite and PostgreSQL", async () => {
  const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === "id" || k.endsWith("Id") ? undefined : x)));
  for (const [name, fn] of [
    ["listProducts", listProducts],
    ["listSymptoms", listSymptoms],
    ["listArticleSummaries", listArticleSummaries],
  ] as const) {
    const a = strip(await on(sqlite, fn as () => Promise<unknown>));
    const b = strip(await on(pg, fn as () => Promise<unknown>));
    assert.deepEqual(b, a, name);
  }
  const docsA = strip(await loadIndexDocuments(sqlite));
  const docsB = strip(await loadIndexDocuments(pg));
  assert.deepEqual(docsB, docsA, "search index documents");
});

test("seeding is idempotent on PostgreSQL as on SQLite (an unchanged seed writes nothing)", async () => {
  const again = await loadKbSeed(pg, shippedKbInput());
  assert.equal(again.changed, false);
});
