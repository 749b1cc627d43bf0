// Regression (issue 10): /symptoms was one 5,200 px list with no filter.
import assert from "node:assert/strict";
import { test } from "node:test";
import { filterSymptomGroups, symptomFilterSchema } from "@/lib/kb/symptom-filter";

const groups = [
  { location: "client", symptoms: [{ description: "Error 0x800CCC79 when sending", article: { title: "PIX blocks ESMTP" } }, { description: "POP3 time-out", article: { title: "ISA 2000 POP3" } }] },
  { location: "ndr", symptoms: [{ description: "451 4.7.3 Cannot achieve Exchange Server authentication", article: { title: "Edge queue 451" } }] },
];

test("no filter keeps everything", () => {
  assert.deepEqual(filterSymptomGroups(groups, symptomFilterSchema.parse({})), groups);
});

test("words match the symptom text or the article title, all of them, any case", () => {
  const r = filterSymptomGroups(groups, symptomFilterSchema.parse({ q: "  PIX 0x800ccc79 " }));
  assert.deepEqual(r.map((g) => [g.location, g.symptoms.length]), [["client", 1]]);
  assert.deepEqual(filterSymptomGroups(groups, symptomFilterSchema.parse({ q: "pop3 451" })), []);
});

test("where narrows to one group; bad input is ignored rather than an error", () => {
  assert.deepEqual(filterSymptomGroups(groups, symptomFilterSchema.parse({ where: "ndr" })).map((g) => g.location), ["ndr"]);
  const lax = symptomFilterSchema.parse({ q: 42, where: "<script>" });
  assert.deepEqual(lax, { q: "", where: "" });
});
