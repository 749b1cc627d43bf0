/**
 * Revisions of the knowledge base (issue 12) on a real SQLite database seeded from kb/: drafts
 * and publishing, optimistic concurrency (a stale save is refused, kept, and neither edit is
 * lost), field-by-field diffs, revert, search and diagnosis picking a publish up at once, the
 * signature check before publishing, and the impact view on saved diagnosis fixtures.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTempDatabase } from "../helpers/temp-db";

const tmp = createTempDatabase();
const { getDb } = await import("@/lib/db/client");
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const { shippedKb, shippedKbInput } = await import("@/lib/kb/shipped");
const { writeKb } = await import("@/lib/kb/write");
const docs = await import("@/lib/kb/documents");
const { searchArticles } = await import("@/lib/search/service");
const { getDiagnosisModel } = await import("@/lib/diagnosis/model");
const { modelFromSeed } = await import("@/lib/diagnosis/model-from-seed");
const { checkArticleSignatures } = await import("@/lib/kb/signature-check");
const { impactOfDrafts } = await import("@/lib/kb/impact");
const { buildDiagnosis } = await import("@/lib/diagnosis/build");
const { consoleVantage } = await import("@/lib/diagnosis/outcome");
const { getDiagnosis, saveDiagnosis } = await import("@/lib/diagnosis/store");
const { proposeSignatures } = await import("@/lib/kb/authoring-help");

const db = getDb();
const SLUG = "edge-inbound-550-5-7-1-ndr-ip-block-list";
const KEY = `article:${SLUG}`;
const alice = { userId: "alice", name: "Alice Editor" };
const bob = { userId: "bob", name: "Bob Editor" };

before(async () => {
  await loadKbSeed(db, shippedKbInput());
});
after(async () => {
  await db.$disconnect();
  tmp.cleanup();
});

test("the model built from a knowledge base equals the one the database gives (the impact view relies on it)", async () => {
  const fromDb = await getDiagnosisModel();
  assert.deepEqual(modelFromSeed(shippedKb(), fromDb.kbRevision), fromDb);
});

test("a draft is a revision that changes nothing published; publishing it is picked up by search at once", async () => {
  const doc = await docs.getKbDocument(db, KEY);
  assert.equal(doc.headNumber, 1);
  assert.equal((await searchArticles("zanzibarquokka")).length, 0); // warms the index
  const draft = { ...doc.content!, summary: `${doc.content!.summary as string} Seen as zanzibarquokka in the queue.` };
  const saved = await writeKb(db, { actor: alice, action: "kb.draft", message: "add zanzibarquokka", docs: [{ key: KEY, content: draft, baseNumber: 1 }], publish: false });
  assert.equal(saved.status, "ok");
  assert.equal(saved.status === "ok" && saved.kbRevision, null);
  assert.equal((await searchArticles("zanzibarquokka")).length, 0, "a draft is not published");
  const after1 = await docs.getKbDocument(db, KEY);
  assert.equal(after1.headNumber, 2);
  assert.equal(after1.headState, "draft");
  assert.equal(after1.publishedNumber, 1);

  const published = await writeKb(db, { actor: alice, action: "kb.publish", message: "publish", docs: [{ key: KEY, content: draft, baseNumber: 2 }], publish: true });
  assert.equal(published.status, "ok");
  const hits = await searchArticles("zanzibarquokka");
  assert.equal(hits[0]?.slug, SLUG, "search follows the publish without waiting for the revision poll");
  const last = await docs.lastPublishedChange(db, SLUG);
  assert.equal(last?.by, "Alice Editor");
  assert.equal(last?.number, 3);
});

test("a stale save is refused with both versions; the refused edit is kept as a revision; neither is lost", async () => {
  const base = await docs.getKbDocument(db, KEY);
  const aliceVersion = { ...base.content!, title: "Edge rejects inbound mail with 550 5.7.1 (Alice)" };
  const bobVersion = { ...base.content!, title: "Edge 550 5.7.1 NDR for internet mail (Bob)" };
  const first = await writeKb(db, { actor: alice, action: "kb.draft", message: "Alice's title", docs: [{ key: KEY, content: aliceVersion, baseNumber: base.headNumber }], publish: false });
  assert.equal(first.status, "ok");
  const second = await writeKb(db, { actor: bob, action: "kb.publish", message: "Bob's title", docs: [{ key: KEY, content: bobVersion, baseNumber: base.headNumber }], publish: true });
  assert.equal(second.status, "conflict");
  if (second.status !== "conflict") return;
  const c = second.conflicts[0]!;
  assert.equal(c.theirs.content.title, aliceVersion.title);
  assert.equal(c.theirs.authorName, "Alice Editor");
  assert.equal(c.mine.content.title, bobVersion.title);
  assert.ok(c.fields.some((f) => f.path === "title" && f.kind === "changed"));
  const head = await docs.getKbDocument(db, KEY);
  assert.equal(head.content!.title, aliceVersion.title, "Alice's save stays the head");
  const kept = await docs.getRevision(db, KEY, c.mine.number);
  assert.equal(kept?.state, "conflict");
  assert.equal(kept?.content.title, bobVersion.title, "Bob's edit is kept");
  // Bob resolves it by saving on top of Alice's revision
  const resolved = await writeKb(db, { actor: bob, action: "kb.publish", message: "Bob's title over Alice's", docs: [{ key: KEY, content: bobVersion, baseNumber: head.headNumber }], publish: true });
  assert.equal(resolved.status, "ok");
});

test("a diff between any two revisions is field by field, with the words changed inside a field", async () => {
  const changes = await docs.diffRevisions(db, KEY, 1, 3);
  const summary = changes!.find((f) => f.path === "summary")!;
  assert.equal(summary.kind, "changed");
  assert.ok(summary.parts!.some((p) => p.added && p.value.includes("zanzibarquokka")));
  assert.ok(summary.parts!.every((p) => !p.removed), "only words were added");
  const reverse = await docs.diffRevisions(db, KEY, 3, 1);
  assert.ok(reverse!.find((f) => f.path === "summary")!.parts!.some((p) => p.removed && p.value.includes("zanzibarquokka")));
});

test("revert publishes an earlier revision as a new one, and search follows", async () => {
  const head = await docs.getKbDocument(db, KEY);
  const reverted = await docs.revertToRevision(db, { actor: alice, key: KEY, number: 1, baseNumber: head.headNumber });
  assert.equal(reverted?.status, "ok");
  const now = await docs.getKbDocument(db, KEY);
  assert.equal(now.headNumber, head.headNumber + 1);
  assert.equal(now.headState, "published");
  assert.deepEqual(now.content, (await docs.getRevision(db, KEY, 1))!.content);
  assert.equal((await searchArticles("zanzibarquokka")).length, 0);
  const history = await docs.listRevisions(db, KEY);
  assert.deepEqual(history.map((r) => r.state), ["published", "published", "conflict", "draft", "published", "draft", "published"]);
  assert.match(history[0]!.message, /Revert to revision 1/);
});

test("publishing an invalid reference is refused with the file and field; nothing changes", async () => {
  const head = await docs.getKbDocument(db, KEY);
  const content = structuredClone(head.content!) as { causes: Array<{ cause: string }> };
  content.causes[0]!.cause = "no-such-cause";
  const r = await writeKb(db, { actor: alice, action: "kb.publish", message: "bad", docs: [{ key: KEY, content, baseNumber: head.headNumber }], publish: true });
  assert.equal(r.status, "invalid");
  assert.deepEqual(r.status === "invalid" && r.problems[0], { file: `articles/${SLUG}.json`, field: "causes.0.cause", message: 'unknown cause "no-such-cause"' });
  assert.equal((await docs.getKbDocument(db, KEY)).headNumber, head.headNumber);
});

test("the signature check: a new signature brings its article back first; one another article owns does not", async () => {
  const head = await docs.getKbDocument(db, KEY);
  const content = structuredClone(head.content!) as { symptoms: Array<{ signatures: Array<Record<string, unknown>> }> };
  content.symptoms[0]!.signatures.push({ kind: "log-line", display: "554 5.7.0 Quokka relay refused by gateway policy" });
  content.symptoms[0]!.signatures.push({ kind: "hresult", display: "0x800CCC79" });
  const r = await checkArticleSignatures(db, content);
  assert.equal(r.ok, true);
  if (!r.ok) return;
  const byDisplay = new Map(r.checks.map((c) => [c.display, c]));
  assert.equal(byDisplay.get("554 5.7.0 Quokka relay refused by gateway policy")?.ok, true);
  assert.equal(byDisplay.get("0x800CCC79")?.ok, false);
  assert.notEqual(byDisplay.get("0x800CCC79")?.first?.slug, SLUG);
});

test("authoring help proposes the signatures the lookup recognises in a pasted NDR", () => {
  const proposals = proposeSignatures(
    "Delivery has failed.\n#550 5.7.1 External client does not have permissions to submit to this server ##\nEvent ID: 9514\nSet HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\SMTPSVC\\Parameters to 1.\nGet-ReceiveConnector | fl\n",
  );
  const kinds = new Set(proposals.map((p) => `${p.kind}:${p.display}`));
  assert.ok(kinds.has("enhanced-status:5.7.1") || [...kinds].some((k) => k.startsWith("enhanced-status:")), [...kinds].join(" | "));
  assert.ok([...kinds].some((k) => k.startsWith("log-line:550 5.7.1 External client")), [...kinds].join(" | "));
  assert.ok([...kinds].some((k) => k.startsWith("keyword:HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Services\\SMTPSVC\\Parameters")), [...kinds].join(" | "));
  assert.ok([...kinds].some((k) => k.startsWith("keyword:Get-ReceiveConnector")), [...kinds].join(" | "));
});

test("impact: lowering a check's weight in a draft lists exactly the saved diagnoses (last 30 days) whose first cause changes", async () => {
  const model = await getDiagnosisModel();
  const finding = (id: string, probe: string) => ({ id, title: id, severity: "warning", evidence: [`fixture ${id}`] , probe });
  const result = (kind: string, findings: Array<{ id: string }>) => ({
    kind,
    id: `fixture-${kind}`,
    target: { input: "mail.fixture.test", host: "mail.fixture.test", port: 25 },
    startedAt: new Date().toISOString(),
    durationMs: 10,
    steps: [],
    transcript: [],
    findings: findings.map((f) => ({ ...f, severity: "warning", title: f.id, evidence: ["fixture"] })),
    errors: [],
    completed: true,
  });
  const save = async (findings: string[], createdAt?: Date) => {
    const content = buildDiagnosis({
      model,
      host: "mail.fixture.test",
      port: 25,
      start: { kind: "none" },
      answers: [],
      steps: ["banner", "tcp_loop"],
      mx: false,
      recipient: null,
      results: [result("smtp", findings.map((id) => finding(id, "smtp")))],
      ended: "completed",
      deadlineMs: 30_000,
      createdBy: "fixture",
      previousId: null,
      ranFrom: consoleVantage("console.fixture.test"),
    });
    const saved = await saveDiagnosis(content);
    if (createdAt) await db.diagnosis.update({ where: { id: saved.id }, data: { createdAt } });
    return saved.id;
  };
  // two supporting findings for two causes: TCP loop failures (ISA 2000, weight 2) and an IIS banner (weight 1)
  const flips = await save(["tcp.connect.intermittent_failures", "smtp.banner.iis_smtp"]);
  const steady = await save(["smtp.banner.masked"]);
  const old = await save(["tcp.connect.intermittent_failures", "smtp.banner.iis_smtp"], new Date(Date.now() - 40 * 86_400_000));
  const before = await getDiagnosis(flips);
  assert.equal(before?.causes[0]?.key, "isa-2000-fwsrv-port-reuse");

  const checksDoc = (await docs.getKbDocument(db, "checks")).content as { checks: Array<{ findingId: string; weight: number }> };
  const draft = structuredClone(checksDoc);
  draft.checks.find((c) => c.findingId === "tcp.connect.intermittent_failures")!.weight = 0.5;
  const impact = await impactOfDrafts(db, new Map([["checks", draft]]), { loadDiagnosis: getDiagnosis });
  assert.equal(impact.ok, true);
  if (!impact.ok) return;
  assert.equal(impact.examined, 2, "the 40-day-old diagnosis is outside the window");
  assert.deepEqual(impact.changed.map((c) => c.id), [flips]);
  const row = impact.changed[0]!;
  assert.equal(row.before.firstCause, "isa-2000-fwsrv-port-reuse");
  assert.equal(row.after.firstCause, "iis-smtp-service-holds-port-25");
  assert.ok(!impact.changed.some((c) => c.id === steady || c.id === old));
  // the unchanged draft changes nothing
  const none = await impactOfDrafts(db, new Map([["checks", checksDoc]]), { loadDiagnosis: getDiagnosis });
  assert.deepEqual(none.ok && none.changed, []);
  // saved diagnoses keep their snapshot whatever is published later
  const published = await writeKb(db, { actor: alice, action: "kb.publish", message: "lower TCP loop weight", docs: [{ key: "checks", content: draft }], publish: true });
  assert.equal(published.status, "ok");
  assert.deepEqual(await getDiagnosis(flips), before);
});

test("removing an article: refused while a check points at it; otherwise it leaves search, stays in the history, and revert brings it back", async () => {
  // the PIX article's symptoms are named by checks: removal is refused with the file and field
  const pix = "article:exchange-2007-cannot-send-or-receive-behind-cisco-pix";
  const pixDoc = await docs.getKbDocument(db, pix);
  const refused = await writeKb(db, { actor: alice, action: "kb.publish", message: "remove", docs: [{ key: pix, content: null, baseNumber: pixDoc.headNumber }], publish: true });
  assert.equal(refused.status, "invalid");
  assert.ok(refused.status === "invalid" && refused.problems.some((p) => p.file === "checks.json" && /^checks\.\d+\.symptom$/.test(p.field)), JSON.stringify(refused));

  // every shipped article is cited somewhere, so remove a new one
  const slug = "wombat-relay-notes";
  const key = `article:${slug}`;
  const created = await writeKb(db, {
    actor: alice,
    action: "kb.publish",
    message: "new",
    docs: [
      {
        key,
        baseNumber: 0,
        content: {
          slug,
          title: "Wombat relay notes",
          summary: "Notes about the wombat relay and its Export-Message habit.",
          sourceKind: "practitioner",
          sourceFile: "004_0699abce81226719.txt",
          sourceTitle: "Wombat notes",
          appliesTo: ["exchange-2007"],
          symptoms: [{ key: "wombat-relay-symptom", description: "The wombat relay holds messages.", location: "queue-viewer", signatures: [{ kind: "log-line", display: "Wombat relay holds the queue now" }] }],
          causes: [{ cause: "exchange-transport-agent-problem", explanation: "A transport agent holds messages." }],
          position: 20,
        },
      },
    ],
    publish: true,
  });
  assert.equal(created.status, "ok", JSON.stringify(created));
  assert.equal((await searchArticles("Wombat relay holds the queue now"))[0]?.slug, slug);
  const head = await docs.getKbDocument(db, key);
  const removed = await writeKb(db, { actor: alice, action: "kb.publish", message: "remove", docs: [{ key, content: null, baseNumber: head.headNumber }], publish: true });
  assert.equal(removed.status, "ok", JSON.stringify(removed));
  assert.ok(!(await searchArticles("Wombat relay holds the queue now")).some((a) => a.slug === slug));
  assert.equal(await db.article.count({ where: { slug } }), 0);
  const listed = (await docs.listKbDocuments(db)).find((d) => d.key === key);
  assert.equal(listed?.live, false);
  const history = await docs.listRevisions(db, key);
  assert.equal(history[0]?.state, "removed");
  const back = await docs.revertToRevision(db, { actor: alice, key, number: 1, baseNumber: history[0]!.number });
  assert.equal(back?.status, "ok");
  assert.equal((await searchArticles("Wombat relay holds the queue now"))[0]?.slug, slug);
  assert.equal((await docs.listKbDocuments(db)).find((d) => d.key === key)?.live, true);
});
