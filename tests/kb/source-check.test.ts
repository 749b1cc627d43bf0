/**
 * The source-document check (lib/kb/source-check.ts, `npm run kb:check-sources`) without the real
 * documents, which are outside the repository: documents are built from the seed's own facts, so
 * the real collectors pass on them, and altering a document must make the check fail.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { after, test } from "node:test";
import { parseKbSeed } from "@/lib/kb/seed-loader";
import {
  FACT_COLLECTORS,
  SourceDocumentsError,
  checkSourceFacts,
  citedDocuments,
  readSourceDocuments,
  type FactCollector,
} from "@/lib/kb/source-check";
import { shippedKbInput } from "@/lib/kb/shipped";

const kbSeedData = shippedKbInput();

const ROOT = path.resolve(import.meta.dirname, "../..");
const seed = parseKbSeed(kbSeedData);
const tmp = mkdtempSync(path.join(os.tmpdir(), "relaydesk-sources-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A stand-in for each cited document: every fact of that document, reflowed (extra spaces, line breaks). */
function documentsFromFacts(): Map<string, string> {
  const docs = new Map(citedDocuments(seed).map((f) => [f, "Header line\n"]));
  for (const c of FACT_COLLECTORS) {
    for (const fact of c.collect(seed)) docs.set(fact.sourceFile, `${docs.get(fact.sourceFile)}\n  ${fact.text.replace(/ /g, "  \n")}\n`);
  }
  return docs;
}

function writeDocuments(dir: string, docs: Map<string, string>): void {
  for (const [f, text] of docs) writeFileSync(path.join(dir, f), text);
}

test("every collector finds facts in the seed, and all pass against documents that hold them (whitespace folded)", () => {
  const report = checkSourceFacts(seed, documentsFromFacts());
  assert.equal(report.missing, 0, JSON.stringify(report.collectors.map((c) => c.missing)));
  for (const c of report.collectors) assert.ok(c.checked > 0, `${c.name} collected nothing`);
  assert.equal(report.checked, report.collectors.reduce((n, c) => n + c.checked, 0));
  assert.equal(report.documents, citedDocuments(seed).length);
});

test("a fact missing from its document is reported with where it is in the seed", () => {
  const docs = documentsFromFacts();
  const sig = seed.articles.flatMap((a) => a.symptoms.flatMap((s) => s.signatures.map((g) => ({ a, s, g })))).find((x) => x.g.display.length > 12)!;
  docs.set(sig.a.sourceFile, docs.get(sig.a.sourceFile)!.split(sig.g.display.replace(/ /g, "  \n")).join("[removed]"));
  const report = checkSourceFacts(seed, docs);
  const signatures = report.collectors.find((c) => c.name === "signatures")!;
  assert.ok(signatures.missing.some((m) => m.startsWith(`${sig.a.slug}/${sig.s.key}:`) && m.includes(sig.g.display.slice(0, 12))), signatures.missing.join("\n"));
});

test("a collector added later is run and counted like the built-in ones", () => {
  const quotes: FactCollector = {
    name: "quotes",
    description: "test quotes",
    collect: (s) => [
      { label: "q/found", sourceFile: s.articles[0]!.sourceFile, text: "Header   line", comparison: "folded" },
      { label: "q/absent", sourceFile: s.articles[0]!.sourceFile, text: "never written", comparison: "folded" },
      { label: "q/nodoc", sourceFile: "999_0000000000000000.txt", text: "x", comparison: "squashed" },
    ],
  };
  const report = checkSourceFacts(seed, documentsFromFacts(), [quotes]);
  assert.equal(report.checked, 3);
  assert.deepEqual(report.collectors[0]!.missing, ['q/absent: "never written"', "q/nodoc: document 999_0000000000000000.txt not found"]);
});

test("commands are compared with the document's typographic quotes read as straight ones; other facts are not", () => {
  const file = seed.articles[0]!.sourceFile;
  const docs = new Map([[file, "Run netstat -an | find \u201c:25\u201d at the prompt."]]);
  const facts: FactCollector = {
    name: "t",
    description: "t",
    collect: () => [
      { label: "command", sourceFile: file, text: 'netstat -an | find ":25"', comparison: "command" },
      { label: "signature", sourceFile: file, text: 'find ":25"', comparison: "folded" },
    ],
  };
  assert.deepEqual(checkSourceFacts(seed, docs, [facts]).collectors[0]!.missing, ['signature: "find \\":25\\""']);
});

test("a folder without the documents fails loudly, naming what is missing", () => {
  assert.throws(() => readSourceDocuments(path.join(tmp, "nope"), seed), (e: unknown) => e instanceof SourceDocumentsError && /is not a folder/.test(e.message));
  const dir = mkdtempSync(path.join(tmp, "one-doc-"));
  const [first, ...rest] = citedDocuments(seed);
  writeFileSync(path.join(dir, first!), "text");
  assert.throws(
    () => readSourceDocuments(dir, seed),
    (e: unknown) => e instanceof SourceDocumentsError && e.message.includes(`lacks ${rest.length} of the ${rest.length + 1}`) && rest.every((f) => e.message.includes(f)),
  );
});

test("npm run kb:check-sources: count of checked facts and exit 0; exit 1 on an altered or empty folder", () => {
  const run = (dir: string) =>
    spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/kb-check-sources.ts", "--", dir], { cwd: ROOT, encoding: "utf8" });
  const good = mkdtempSync(path.join(tmp, "good-"));
  const docs = documentsFromFacts();
  writeDocuments(good, docs);
  const ok = run(good);
  assert.equal(ok.status, 0, ok.stderr);
  const expected = checkSourceFacts(seed, docs).checked;
  assert.match(ok.stdout, new RegExp(`checked ${expected} facts: all verbatim in their source documents`));

  const bad = mkdtempSync(path.join(tmp, "bad-"));
  writeDocuments(bad, new Map([...docs].map(([f, t]) => [f, t.replace(/[A-Z]/g, "#")])));
  const failed = run(bad);
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /MISSING/);
  assert.match(failed.stderr, /NOT found verbatim/);

  const empty = run(mkdtempSync(path.join(tmp, "empty-")));
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /FAILED: .* lacks \d+ of the \d+ source documents/);
});
