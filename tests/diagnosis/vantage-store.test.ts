// The saved record keeps every vantage point's own result (issue 14): a check run from several
// places is saved and read back whole (real database, both engines); rows saved before agents
// existed read as no vantage points.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createTempDatabase } from "../helpers/temp-db";

const database = createTempDatabase();
const { getDb } = await import("@/lib/db/client");
const { getDiagnosis, saveDiagnosis } = await import("@/lib/diagnosis/store");
const { buildDiagnosis } = await import("@/lib/diagnosis/build");
const { consoleVantage } = await import("@/lib/diagnosis/outcome");
const { modelFromSeed } = await import("./seed-model");
type VantagePoint = import("@/lib/diagnosis/record").VantagePoint;

after(async () => {
  await getDb().$disconnect();
  database.cleanup();
});

const finding = (id: string, evidence: string) => ({ id, title: id, severity: "info" as const, evidence: [evidence], probe: "smtp" });
const point = (name: string, findings: ReturnType<typeof finding>[], outcome: VantagePoint["outcome"]): VantagePoint => ({
  name,
  kind: "agent",
  address: "192.0.2.10",
  outcome,
  reason: null,
  ended: "completed",
  results: [],
  findings,
});

function content(vantagePoints: VantagePoint[]) {
  return buildDiagnosis({
    model: modelFromSeed(),
    host: "mail.example.test",
    port: 25,
    start: { kind: "none" },
    answers: [],
    steps: ["banner"],
    mx: false,
    recipient: null,
    results: [],
    ended: "completed",
    deadlineMs: 10_000,
    createdBy: "test",
    previousId: null,
    ranFrom: consoleVantage("relaydesk-test"),
    vantagePoints,
  });
}

test("a record from two vantage points is saved and read back with both points and the comparison", async () => {
  const points = [
    point("inside", [finding("smtp.banner.clear", "220 mail.example.test ESMTP")], "no_documented_problem"),
    point("outside-eu", [finding("smtp.banner.masked", "220 ****0***2***")], "problem_found"),
  ];
  const saved = await saveDiagnosis(content(points));
  const read = await getDiagnosis(saved.id);
  assert.ok(read);
  assert.deepEqual(read.vantagePoints, points);
  assert.deepEqual(
    read.findings.map((f) => `${f.vantage ?? "-"} ${f.id}`),
    ["- compare.banner.masked-on-one-side", "inside smtp.banner.clear", "outside-eu smtp.banner.masked"],
  );
  assert.equal(read.causes[0]!.key, "cisco-pix-mailguard");
  assert.deepEqual(read.causes[0]!.byVantage?.map((v) => v.vantage), [null, "inside", "outside-eu"]);
  assert.equal(read.conclusion?.outcome, "problem_found");
});

test("a record saved without vantage points reads back with none", async () => {
  const saved = await saveDiagnosis(content([]));
  const row = await getDb().diagnosis.findUniqueOrThrow({ where: { id: saved.id } });
  assert.equal(JSON.parse(row.findings).vantagePoints, undefined, "nothing extra is written for a check from one place");
  assert.deepEqual((await getDiagnosis(saved.id))?.vantagePoints, []);
});
