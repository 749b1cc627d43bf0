/**
 * Knowledge as files (issue 12): the shipped kb/ folder, its published JSON Schema, and
 * `relaydesk kb export|import` (the compiled command line) against real SQLite databases.
 * Guards: export → import into an empty database reproduces every knowledge table exactly; a
 * folder with an error changes nothing and names the file and the field; a dry run writes nothing.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { createClient } from "@/lib/db/client";
import { docFile, docKind, documentText, jsonSchemas, seedToDocuments } from "@/lib/kb/file-format";
import { fromRows } from "@/lib/kb/from-rows";
import { readKbFolder } from "@/lib/kb/folder";
import { parseKbSeed, toRows } from "@/lib/kb/seed-loader";
import { SHIPPED_KB_DIR, shippedKb } from "@/lib/kb/shipped";
import { createTempDatabase } from "../helpers/temp-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin", "relaydesk.cjs");
const work = mkdtempSync(path.join(os.tmpdir(), "relaydesk-kbfiles-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** Every knowledge table, plus the revision bookkeeping, as sorted rows. */
const KB_TABLES = [
  "Product", "ProductVersion", "Cause", "Article", "ArticleSection", "ArticleAppliesTo", "Symptom", "Signature", "ArticleCause",
  "Resolution", "ResolutionStep", "Artifact", "Warning", "Reference", "Check", "WizardCategory", "WizardQuestion", "WizardAnswer",
];

/** Raw rows, on whichever engine the temporary database is (SQLite, or PostgreSQL in the PG pass). */
async function dumpTables(url: string, tables: string[]): Promise<Record<string, unknown[]>> {
  const db = createClient(url);
  try {
    const dump: Record<string, unknown[]> = {};
    for (const t of tables) dump[t] = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${t}" ORDER BY 1, 2`);
    return dump;
  } finally {
    await db.$disconnect();
  }
}

function cli(args: string[], databaseUrl: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: databaseUrl } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function seedDatabase(url: string) {
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["prisma/seed.ts"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
}

test("the committed JSON Schema (kb/schema) is what the zod schemas generate (run npm run kb:schema)", () => {
  for (const [kind, schema] of Object.entries(jsonSchemas())) {
    const committed = readFileSync(path.join(SHIPPED_KB_DIR, "schema", `${kind}.schema.json`), "utf8");
    assert.equal(committed, `${JSON.stringify(schema, null, 2)}\n`, `kb/schema/${kind}.schema.json is stale`);
  }
});

test("every kb/ file is in canonical form: what export would write, byte for byte", () => {
  const seed = shippedKb();
  const docs = seedToDocuments(fromRows(toRows(seed)));
  const files = new Set([...docs.keys()].map(docFile));
  for (const [key, content] of docs) {
    assert.equal(readFileSync(path.join(SHIPPED_KB_DIR, docFile(key)), "utf8"), documentText(docKind(key), content), docFile(key));
  }
  assert.deepEqual(new Set(readdirSync(path.join(SHIPPED_KB_DIR, "articles")).map((f) => `articles/${f}`)), new Set([...files].filter((f) => f.startsWith("articles/"))));
});

test("rows → knowledge base → rows is the identity on the shipped knowledge base", () => {
  const rows = toRows(shippedKb());
  const again = toRows(parseKbSeed(fromRows(rows)));
  const sorted = (r: Record<string, unknown[]>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.map((x) => JSON.stringify(x)).sort()]));
  assert.deepEqual(sorted(again), sorted(rows));
});

test("reading a folder reports each invalid file with its field, and a file whose slug is not its name", () => {
  const dir = path.join(work, "bad-read");
  cpSync(SHIPPED_KB_DIR, dir, { recursive: true });
  writeFileSync(path.join(dir, "causes.json"), "{ not json");
  const article = path.join(dir, "articles", "edge-inbound-550-5-7-1-ndr-ip-block-list.json");
  const doc = JSON.parse(readFileSync(article, "utf8"));
  doc.symptoms[0].signatures[0].kind = "smoke-signal";
  writeFileSync(article, JSON.stringify(doc));
  writeFileSync(path.join(dir, "articles", "renamed.json"), readFileSync(path.join(SHIPPED_KB_DIR, "articles", "edge-inbound-550-5-7-1-ndr-ip-block-list.json")));
  const { problems } = readKbFolder(dir);
  const seen = problems.map((p) => `${p.file}|${p.field}`);
  assert.ok(seen.includes("causes.json|"), seen.join(", "));
  assert.match(problems.find((p) => p.file === "causes.json")!.message, /not valid JSON/);
  assert.ok(seen.includes("articles/edge-inbound-550-5-7-1-ndr-ip-block-list.json|symptoms.0.signatures.0.kind"), seen.join(", "));
  assert.ok(seen.includes("articles/renamed.json|slug"), seen.join(", "));
});

test("relaydesk kb export → import into an empty database reproduces every knowledge table exactly", async () => {
  const a = createTempDatabase();
  const b = createTempDatabase();
  try {
    seedDatabase(a.url);
    const exported = path.join(work, "export");
    const ex = cli(["kb", "export", exported], a.url);
    assert.equal(ex.code, 0, ex.stderr);
    assert.match(ex.stdout, /exported 15 files/);
    // the export of the seeded database is the shipped folder, byte for byte
    for (const f of readdirSync(path.join(exported, "articles"))) {
      assert.equal(readFileSync(path.join(exported, "articles", f), "utf8"), readFileSync(path.join(SHIPPED_KB_DIR, "articles", f), "utf8"));
    }
    const im = cli(["kb", "import", exported], b.url);
    assert.equal(im.code, 0, im.stderr);
    assert.match(im.stdout, /imported 15 document\(s\) as knowledge-base revision 1/);
    const tablesA = await dumpTables(a.url, KB_TABLES);
    const tablesB = await dumpTables(b.url, KB_TABLES);
    for (const t of KB_TABLES) {
      assert.ok(tablesA[t]!.length > 0, `${t} is empty`);
      assert.deepEqual(tablesB[t], tablesA[t], `table ${t} differs`);
    }
    // one revision: every document at revision 1, written in one batch
    const revs = (await dumpTables(b.url, ["KbDocumentRevision"])).KbDocumentRevision as Array<{ number: number; state: string; batchId: string }>;
    assert.equal(revs.length, 15);
    assert.equal(new Set(revs.map((r) => r.batchId)).size, 1);
    assert.ok(revs.every((r) => r.number === 1 && r.state === "published"));

    // importing the same folder again changes nothing
    const again = cli(["kb", "import", exported], b.url);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /nothing to import/);
  } finally {
    a.cleanup();
    b.cleanup();
  }
});

test("relaydesk kb import: an invalid folder changes nothing and names file and field; a dry run writes nothing", async () => {
  const db = createTempDatabase();
  try {
    seedDatabase(db.url);
    const all = [...KB_TABLES, "KbRevision", "KbDocument", "KbDocumentRevision"];
    const before = await dumpTables(db.url, all);

    const bad = path.join(work, "bad-import");
    cpSync(SHIPPED_KB_DIR, bad, { recursive: true });
    const checksFile = path.join(bad, "checks.json");
    const checks = JSON.parse(readFileSync(checksFile, "utf8"));
    checks.checks[1].weight = 7;
    writeFileSync(checksFile, JSON.stringify(checks, null, 2));
    const articleFile = path.join(bad, "articles", "edge-inbound-550-5-7-1-ndr-ip-block-list.json");
    const article = JSON.parse(readFileSync(articleFile, "utf8"));
    article.title = "A valid change in the same folder";
    writeFileSync(articleFile, JSON.stringify(article, null, 2));
    const r = cli(["kb", "import", bad], db.url);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /checks\.json: checks\.1\.weight: Too big/);
    assert.match(r.stderr, /nothing was changed/);
    assert.deepEqual(await dumpTables(db.url, all), before);

    // valid files, but a reference that does not resolve: found in the whole-KB check, still named
    checks.checks[1].weight = 2;
    checks.checks[1].cause = "no-such-cause";
    writeFileSync(checksFile, JSON.stringify(checks, null, 2));
    const r2 = cli(["kb", "import", bad], db.url);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /checks\.json: checks\.1\.cause: unknown cause "no-such-cause"/);
    assert.deepEqual(await dumpTables(db.url, all), before);

    // a dry run of a valid change lists it, field by field, and writes nothing
    cpSync(path.join(SHIPPED_KB_DIR, "checks.json"), checksFile);
    const dry = cli(["kb", "import", bad, "--dry-run"], db.url);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /changed\s+articles\/edge-inbound-550-5-7-1-ndr-ip-block-list\.json/);
    assert.match(dry.stdout, /title: ".*" → "A valid change in the same folder"/);
    assert.match(dry.stdout, /1 document\(s\) would change; nothing was written/);
    assert.deepEqual(await dumpTables(db.url, all), before);
  } finally {
    db.cleanup();
  }
});
