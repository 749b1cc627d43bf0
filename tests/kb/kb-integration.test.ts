import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AuthedRequest as NextRequest, signInAsStaff } from "../helpers/staff";
import { createTempDatabase } from "../helpers/temp-db";

// Order matters: DATABASE_URL must point at the fresh database before anything opens it.
const database = createTempDatabase();
// the JSON API needs a signed-in caller: an admin's API token, as a script would send
await signInAsStaff("admin");

const { getDb } = await import("@/lib/db/client");
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const kbSeedData = (await import("@/lib/kb/shipped")).shippedKbInput();
const { searchArticles, lookupText } = await import("@/lib/search/service");
const articlesRoute = await import("@/app/api/articles/route");
const articleRoute = await import("@/app/api/articles/[slug]/route");
const lookupRoute = await import("@/app/api/lookup/route");

before(async () => {
  const first = await loadKbSeed(getDb(), kbSeedData);
  assert.equal(first.changed, true);
});

after(async () => {
  await getDb().$disconnect();
  database.cleanup();
});

test("the seed is idempotent: a second run changes nothing", async () => {
  const db = getDb();
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all([
        db.article.findMany({ orderBy: { id: "asc" } }),
        db.signature.findMany({ orderBy: { id: "asc" } }),
        db.artifact.findMany({ orderBy: { id: "asc" } }),
        db.check.findMany({ orderBy: { id: "asc" } }),
        db.kbRevision.findMany(),
      ]),
    );
  const before = await snapshot();
  const second = await loadKbSeed(db, kbSeedData);
  assert.equal(second.changed, false);
  assert.equal(await snapshot(), before);
});

test("there are at least eleven articles from all five source documents", async () => {
  const articles = await getDb().article.findMany({ select: { sourceFile: true } });
  assert.ok(articles.length >= 11, `only ${articles.length} articles`);
  assert.equal(new Set(articles.map((a) => a.sourceFile)).size, 5);
});

test("the Mailguard cause is shared by the three PIX articles, not copied", async () => {
  const cause = await getDb().cause.findUnique({ where: { key: "cisco-pix-mailguard" }, include: { articles: true } });
  assert.ok(cause);
  assert.ok(cause.articles.length >= 3, `Mailguard cause has ${cause.articles.length} articles`);
});

// Every source topic, reached by its identifying code or phrase, must rank first.
const TOPICS: [query: string, title: RegExp][] = [
  ["0x80074e24 FWX_E_CONNECTION_KILLED", /ISA Server 2006|Forefront TMG/i],
  ["GracefulPassthroughServerShutdown", /ISA Server 2006|Forefront TMG/i],
  ["XCON duplicate inbound SMTP messages", /Duplicate Inbound SMTP/i],
  ["0x800CCC79", /Cisco PIX/i],
  ["WSAETIMEDOUT 10060 POP3 ISA 2000", /POP3/i],
  ["MinTickBeforePortReuse", /POP3/i],
  ["451 5.7.3 Cannot achieve Exchange Server authentication", /Edge Transport Server Queues/i],
  ["Event ID: 9514 Two objects in the directory have the same proxy", /9514/i],
  ["Export-Message replay folder", /Export/i],
  ["#550 5.7.1 External client does not have permissions to submit to this server ##", /550 5\.7\.1/i],
  ["pipeline tracing message snapshot", /Pipeline Tracing/i],
  ["Event ID: 1032 Socket Access Denied. Binding: 0.0.0.0:25.", /1032|Transport Service/i],
  ["Event ID: 1036 Failed to open one or more bindings", /1032|Transport Service/i],
  ["220 SMTP/cmap_____________________________________read", /Cisco PIX/i],
  ["CSCds90792", /Duplicate|PIX/i],
];

for (const [query, title] of TOPICS) {
  test(`lookup "${query.slice(0, 50)}" ranks ${title} first`, async () => {
    const result = await lookupText(query);
    assert.match(result.articles[0]?.title ?? "(none)", title, JSON.stringify(result.articles.slice(0, 3).map((a) => a.title)));
  });
}

test("the example NDR and event text from the issue rank the right article first", async () => {
  const ndr = await lookupText("Remote Server returned '554 5.6.1 Body type not supported by Remote Host'");
  assert.match(ndr.articles[0]!.title, /Cisco PIX/i);
  assert.ok(ndr.signatures.some((s) => s.kind === "enhanced-status" && s.value === "5.6.1"));
  assert.ok(ndr.articles[0]!.matched.some((m) => m.kind === "log-line"));
  const event = await lookupText("Event ID: 1032 ... Socket Access Denied. Binding: 0.0.0.0:25");
  assert.match(event.articles[0]!.title, /1032|Transport Service/i);
});

test("free-text search finds articles by words", async () => {
  const results = await searchArticles("duplicate messages consistent interval");
  assert.ok(results.length > 0);
  assert.match(results[0]!.title, /Duplicate|PIX/i);
});

test("GET /api/articles?q= returns ranked summaries", async () => {
  const response = await articlesRoute.GET(new NextRequest("http://test/api/articles?q=0x800CCC79"));
  assert.equal(response.status, 200);
  const body = (await response.json()) as { articles: { slug: string; title: string; summary: string; score: number }[] };
  assert.match(body.articles[0]!.title, /Cisco PIX/i);
  assert.deepEqual(Object.keys(body.articles[0]!).sort(), ["score", "slug", "summary", "title"]);
  for (let i = 1; i < body.articles.length; i++) assert.ok(body.articles[i - 1]!.score >= body.articles[i]!.score);
});

test("GET /api/articles/SLUG returns the structured article, 404 JSON otherwise", async () => {
  const list = (await (await articlesRoute.GET(new NextRequest("http://test/api/articles?q=GracefulPassthroughServerShutdown"))).json()) as {
    articles: { slug: string }[];
  };
  const slug = list.articles[0]!.slug;
  const response = await articleRoute.GET(new NextRequest(`http://test/api/articles/${slug}`), { params: Promise.resolve({ slug }) });
  assert.equal(response.status, 200);
  const article = (await response.json()) as {
    symptoms: { signatures: { kind: string; value: string }[] }[];
    resolutions: { steps: { artifacts: { language: string; content: string }[] }[] }[];
    references: { identifier: string }[];
    appliesTo: { versions: { label: string }[] }[];
    causes: unknown[];
  };
  assert.ok(article.symptoms.some((s) => s.signatures.some((sig) => sig.value === "0x80074e24")));
  const script = article.resolutions.flatMap((r) => r.steps.flatMap((s) => s.artifacts)).find((a) => a.language === "vbscript");
  assert.ok(script, "the VBScript artifact is present");
  assert.ok(script.content.includes('Const SE_VPS_GUID = "{143F5698-103B-12D4-FF34-1F34767DEabc}"'));
  assert.ok(script.content.includes('Const SE_VPS_NAME = "GracefulPassthroughServerShutdown"'));
  assert.ok(article.references.some((r) => r.identifier.includes("959357")) || JSON.stringify(article).includes("959357"));
  assert.ok(article.appliesTo.flatMap((p) => p.versions).length >= 2);

  const missing = await articleRoute.GET(new NextRequest("http://test/api/articles/nope"), { params: Promise.resolve({ slug: "nope" }) });
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, "article_not_found");
});

test("POST /api/lookup handles 100 KB pasted text, and rejects bad bodies with clear JSON errors", async () => {
  const text = `${"noise line without codes\n".repeat(4200)}Remote Server returned '451 5.7.3 Cannot achieve Exchange Server authentication'`;
  assert.ok(text.length > 100_000);
  const post = (body: string) =>
    lookupRoute.POST(new NextRequest("http://test/api/lookup", { method: "POST", body, headers: { "content-type": "application/json" } }));
  const ok = await post(JSON.stringify({ text }));
  assert.equal(ok.status, 200);
  const body = (await ok.json()) as { signatures: { kind: string; value: string }[]; articles: { title: string; matched: unknown[] }[] };
  assert.match(body.articles[0]!.title, /Edge Transport Server Queues/i);
  assert.ok(body.articles[0]!.matched.length > 0);

  const notJson = await post("text=hello");
  assert.equal(notJson.status, 400);
  assert.equal(((await notJson.json()) as { error: { code: string } }).error.code, "invalid_json");
  const wrongType = await post(JSON.stringify({ text: 42 }));
  assert.equal(wrongType.status, 400);
  const tooLong = await post(JSON.stringify({ text: "x".repeat(250_000) }));
  assert.equal(tooLong.status, 400);
  assert.match(((await tooLong.json()) as { error: { message: string } }).error.message, /too long/);
});

test("GET /api/lookup with control characters, SQL and markup answers 200 with plain data", async () => {
  const hostile = "\u0000\u0008<script>alert(1)</script>' OR 1=1; DROP TABLE \"Article\"; -- 0x800CCC79";
  const response = await lookupRoute.GET(new NextRequest(`http://test/api/lookup?text=${encodeURIComponent(hostile)}`));
  assert.equal(response.status, 200);
  const body = (await response.json()) as { articles: { title: string }[] };
  assert.match(body.articles[0]!.title, /Cisco PIX/i);
  assert.ok((await getDb().article.count()) >= 11, "tables are intact");
  const empty = await lookupRoute.GET(new NextRequest("http://test/api/lookup?text="));
  assert.deepEqual(await empty.json(), { signatures: [], articles: [] });
});

test("'500 Command unrecognized' (the answer with Mailguard off) is not read as a Mailguard signature", async () => {
  const result = await lookupText("goodmorning\n500 Command unrecognized");
  assert.equal(
    result.signatures.some((s) => /command unrecognized/i.test(s.value)),
    false,
    JSON.stringify(result.signatures),
  );
  // The PIX articles still come first: they are the ones that explain the goodmorning test.
  const top = result.articles[0]!;
  assert.match(top.slug, /cisco-pix/);
  const typed = top.matched.filter((m) => m.kind !== "term");
  assert.deepEqual(typed.map((m) => `${m.kind}:${m.value}`), ["keyword:goodmorning"]);
});

test("symptom sentences are their own signature kind, and a bug ID is found through the references", async () => {
  const sentence = await lookupText("You cannot receive Internet-based e-mail messages");
  assert.deepEqual(sentence.signatures.map((s) => s.kind), ["symptom-sentence"]);
  const bug = await lookupText("CSCds90792");
  assert.deepEqual(bug.signatures, []);
  assert.deepEqual(bug.articles.slice(0, 2).map((a) => a.slug).sort(), [
    "cannot-send-or-receive-behind-cisco-pix-firewall",
    "xcon-receiving-duplicate-inbound-smtp-messages",
  ]);
});
