/**
 * Guards issue 9's request hardening on the diagnosis and lookup routes, called in-process:
 * - a re-check links only to a diagnosis of the same target and steps (the forged re-check that
 *   planted "checked again since" on a victim's page is refused with 409);
 * - POST /api/checks refuses bad input with a 4xx JSON error, like POST /api/diagnoses, instead
 *   of a 200 stream with an error line;
 * - ports are strict (integers 1-65535: no "0x19", "1e3" or [25]);
 * - bodies are counted while they are read (a chunked body stops being read at the limit),
 *   must be UTF-8 and shallow JSON.
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
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const kbSeedData = (await import("@/lib/kb/shipped")).shippedKbInput();
const diagnosesRoute = await import("@/app/api/diagnoses/route");
const checksRoute = await import("@/app/api/checks/route");
const lookupRoute = await import("@/app/api/lookup/route");
const { MAX_BODY_BYTES } = await import("@/lib/diagnosis/http");

let mail: RunningPeer;
let other: RunningPeer;
let victimId: string;

before(async () => {
  await loadKbSeed(getDb(), kbSeedData);
  mail = await startMailServer();
  other = await startMailServer();
  const res = await diagnosesRoute.POST(post("/api/diagnoses", { host: "127.0.0.1", port: mail.port, steps: ["banner"], createdBy: "victim" }));
  assert.equal(res.status, 201);
  victimId = ((await res.json()) as { id: string }).id;
});

after(async () => {
  await mail.close();
  await other.close();
  await getDb().$disconnect();
  database.cleanup();
});

function post(path: string, body: unknown): NextRequest {
  return new NextRequest(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function errorOf(res: Response): Promise<{ message: string; code: string; status: number }> {
  const body = (await res.json()) as { error: { message: string; code: string; status: number } };
  assert.equal(body.error.status, res.status);
  return body.error;
}

test("a re-check of another target, port or steps is refused (409); the same check (or one adding a step) is accepted", async () => {
  const forged: unknown[] = [
    { host: "127.0.0.2", port: mail.port, steps: ["banner"], previousId: victimId },
    { host: "127.0.0.1", port: other.port, steps: ["banner"], previousId: victimId },
    { host: "127.0.0.1", port: mail.port, steps: ["tcp_loop"], previousId: victimId },
    { host: "127.0.0.1", port: mail.port, steps: ["banner"], mx: false, previousId: victimId, createdBy: "mallory" },
  ];
  for (const [i, body] of forged.slice(0, 3).entries()) {
    for (const route of [diagnosesRoute, checksRoute]) {
      const res = await route.POST(post("/api/x", body));
      assert.equal(res.status, 409, `case ${i}`);
      const error = await errorOf(res);
      assert.equal(error.code, "recheck_mismatch");
      assert.match(error.message, /a re-check must repeat the same check/);
    }
  }
  const same = await diagnosesRoute.POST(post("/api/diagnoses", forged[3]));
  assert.equal(same.status, 201);
  const addingAStep = await diagnosesRoute.POST(post("/api/diagnoses", { host: "127.0.0.1", port: mail.port, steps: ["banner", "ehlo"], previousId: victimId }));
  assert.equal(addingAStep.status, 201);
  const unknown = await diagnosesRoute.POST(post("/api/diagnoses", { host: "127.0.0.1", port: mail.port, previousId: "AAAAAAAAAAAAAAAAAAAAAA" }));
  assert.equal(unknown.status, 404);
});

test("POST /api/checks answers bad input with 4xx JSON, as POST /api/diagnoses does", async () => {
  const cases: Array<[unknown, number]> = [
    ["{not json", 400],
    [{ host: "bad host" }, 400],
    [{ host: "127.0.0.1", category: "no-such-category" }, 400],
    [{ recheckOf: "AAAAAAAAAAAAAAAAAAAAAA" }, 404],
    [{ recheckOf: "x" }, 400],
    [{ host: "127.0.0.1", previousId: "AAAAAAAAAAAAAAAAAAAAAA" }, 404],
  ];
  for (const [body, status] of cases) {
    const viaChecks = await checksRoute.POST(post("/api/checks", body));
    assert.equal(viaChecks.status, status, JSON.stringify(body));
    assert.match(viaChecks.headers.get("content-type") ?? "", /application\/json/);
    await errorOf(viaChecks);
    if (!(typeof body === "object" && body !== null && "recheckOf" in body)) {
      const viaDiagnoses = await diagnosesRoute.POST(post("/api/diagnoses", body));
      assert.equal(viaDiagnoses.status, status, JSON.stringify(body));
    }
  }
});

test("ports are integers 1-65535 only: no hex, exponent, array or fraction", async () => {
  for (const port of ["0x19", "1e3", [25], 25.5, "25 ", "", 0, 65536, true]) {
    const res = await diagnosesRoute.POST(post("/api/diagnoses", { host: "127.0.0.1", port, save: false }));
    assert.equal(res.status, 400, JSON.stringify(port));
    assert.match((await errorOf(res)).message, /port/);
  }
  const ok = await diagnosesRoute.POST(post("/api/diagnoses", { host: "127.0.0.1", port: String(mail.port), steps: ["banner"], save: false }));
  assert.equal(ok.status, 200);
});

/** A chunked body (no Content-Length) of `total` bytes; reports how many bytes were pulled. */
function chunkedRequest(path: string, total: number, chunk = 64 * 1024): { request: NextRequest; pulled: () => number } {
  let sent = 0;
  const piece = new Uint8Array(chunk).fill(0x20);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk;
      controller.enqueue(piece);
    },
  });
  const init = { method: "POST", body, duplex: "half" } as unknown as ConstructorParameters<typeof NextRequest>[1];
  const request = new NextRequest(`http://localhost${path}`, init);
  return { request, pulled: () => sent };
}

test("a chunked body is refused with 413 once it passes the limit, without reading the rest", async () => {
  for (const [route, path, limit] of [
    [diagnosesRoute, "/api/diagnoses", MAX_BODY_BYTES],
    [checksRoute, "/api/checks", MAX_BODY_BYTES],
    [lookupRoute, "/api/lookup", 1_000_000],
  ] as const) {
    const { request, pulled } = chunkedRequest(path, 200 * 1024 * 1024);
    const res = await route.POST(request);
    assert.equal(res.status, 413, path);
    assert.equal((await errorOf(res)).code, "body_too_large");
    assert.ok(pulled() <= limit + 4 * 64 * 1024, `${path} pulled ${pulled()} bytes`);
  }
  const declared = new NextRequest("http://localhost/api/diagnoses", { method: "POST", headers: { "content-length": String(10 * MAX_BODY_BYTES) }, body: "{}" });
  assert.equal((await diagnosesRoute.POST(declared)).status, 413);
});

test("deeply nested JSON, invalid UTF-8 and non-JSON bodies are 400s, not crashes", async () => {
  const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
  for (const route of [diagnosesRoute, checksRoute, lookupRoute]) {
    const res = await route.POST(post("/api/x", deep));
    assert.equal(res.status, 400);
    assert.equal((await errorOf(res)).code, "body_too_deep");
    const bad = new NextRequest("http://localhost/api/x", { method: "POST", body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) });
    const badRes = await route.POST(bad);
    assert.equal(badRes.status, 400);
    assert.equal((await errorOf(badRes)).code, "invalid_encoding");
    const form = new NextRequest("http://localhost/api/x", { method: "POST", body: "a=1&b=2", headers: { "content-type": "application/x-www-form-urlencoded" } });
    assert.equal((await route.POST(form)).status, 400);
  }
  // strings may hold brackets: only structure counts towards the depth
  const text = await lookupRoute.POST(post("/api/lookup", { text: `${"[".repeat(5000)} 550 5.7.1 "\\"{{{` }));
  assert.equal(text.status, 200);
});
