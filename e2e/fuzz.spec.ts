/**
 * Issue 9's fuzz suite: fast-check (bounded runs, fixed seed per run printed on failure) sends
 * arbitrary path segments, query strings, headers and bodies to every route and page and to the
 * lookup server action of the running production server, and asserts that no answer is a 5xx.
 *
 * Network safety: POST /api/diagnoses, POST /api/checks and PATCH /api/diagnoses/ID could start
 * probes. Their bodies are sanitised before sending so that a `host` is never a name (which
 * would be resolved through the system's DNS servers) — only loopback literals or invalid values —
 * and every run is short (`deadlineMs` 1000, banner only). The server's policy allows loopback only.
 */
import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, test } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3200);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

function send(method: string, urlPath: string, headers: Record<string, string>, body?: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: urlPath, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Path segments: printable text, raw percent sequences (valid or not), dots and slashes. */
const segment = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
  fc.array(fc.oneof(fc.constantFrom("%", "%f", "%ff", "%E0%A4%A", "%00", "%2F", "..", ".", "%25", "~", "'", "<x>"), fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), maxLength: 4 })), { maxLength: 6 }).map((a) =>
    a.join("").replace(/[^\x21-\x7e]/g, ""),
  ),
  fc.constantFrom("AAAAAAAAAAAAAAAAAAAAAA", "x", "", "cannot-send-or-receive-behind-cisco-pix-firewall"),
);
const query = fc.oneof(
  fc.constant(""),
  fc.dictionary(fc.constantFrom("q", "text", "host", "download", "category", "step", "x"), fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom("%ff", "1", "0x19", "[]")), { maxKeys: 3 }).map(
    (d) => `?${Object.entries(d).map(([k, v]) => `${k}=${/^%/.test(v) ? v : encodeURIComponent(v)}`).join("&")}`,
  ),
);

/** Any JSON-ish body: values, deep-ish nesting, and the fields the check request knows. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ maxLength: 30 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;
const checkLike = fc.record(
  {
    host: fc.oneof(fc.constantFrom("127.0.0.1", "::1", "[::1]", "bad host", "", "0x7f000001", "127.1"), jsonValue),
    port: fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.constantFrom("25", "0x19", "1e3", [25], "")),
    steps: fc.oneof(fc.constant(["banner"]), fc.array(fc.constantFrom("banner", "ehlo", "dns", "pop3_loop", "format"), { maxLength: 3 }), jsonValue),
    answers: jsonValue,
    category: fc.oneof(fc.constantFrom("duplicate-inbound-messages", "nope"), jsonValue),
    text: fc.string({ maxLength: 200 }),
    previousId: fc.constantFrom("AAAAAAAAAAAAAAAAAAAAAA", "x", undefined),
    recheckOf: fc.constantFrom("AAAAAAAAAAAAAAAAAAAAAA", "x", undefined),
    pinned: fc.oneof(fc.boolean(), jsonValue),
    mx: fc.oneof(fc.boolean(), jsonValue),
  },
  { requiredKeys: [] },
);

/** No host name may reach the server's resolver, and every run is short. */
function sanitise(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const out = { ...(body as Record<string, unknown>) };
  if ("host" in out) {
    const host = out.host;
    const safe = typeof host !== "string" || /^(127\.0\.0\.1|::1|\[::1\]|)$/.test(host) || /\s/.test(host) || /^[\d.x]+$/i.test(host);
    if (!safe) out.host = "bad host";
  }
  out.mx = false;
  out.deadlineMs = 1_000;
  out.steps = ["banner"];
  out.save = false;
  return out;
}

const bodyArb = fc.oneof(
  checkLike.map((b) => JSON.stringify(sanitise(b))),
  jsonValue.map((v) => JSON.stringify(sanitise(v))),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
  fc.integer({ min: 1, max: 3_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
);
const contentType = fc.constantFrom("application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "");

function lookupActionId(): string {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8")) as { node: Record<string, unknown> };
  return Object.keys(manifest.node)[0]!;
}

const GET_ROUTES = ["/", "/products", "/symptoms", "/search", "/diagnose", "/diagnoses", "/api/health", "/api/articles", "/api/lookup", "/api/diagnoses"];
const DYNAMIC = ["/articles/", "/d/", "/api/articles/", "/api/diagnoses/"];

async function assertNo5xx(method: string, p: string, headers: Record<string, string>, body?: string): Promise<number> {
  const res = await send(method, p, headers, body);
  expect(res.status, `${method} ${p} ${JSON.stringify(headers)} ${String(body).slice(0, 200)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
  return res.status;
}

test("[FUZZ] GET on every page and route, static and dynamic: no 5xx", async () => {
  test.setTimeout(300_000);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...GET_ROUTES), query, async (route, q) => {
      n++;
      await assertNo5xx("GET", `${route}${q}`, {});
    }),
    { numRuns: RUNS },
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...DYNAMIC), segment, query, async (prefix, seg, q) => {
      n++;
      await assertNo5xx("GET", `${prefix}${seg || "x"}${q}`, {});
    }),
    { numRuns: RUNS * 2 },
  );
  console.log(`GET fuzz: ${n} requests, 0 answers >= 500`);
});

test("[FUZZ] POST and PATCH bodies on every route that takes one: no 5xx", async () => {
  test.setTimeout(300_000);
  let n = 0;
  const targets: Array<[string, string]> = [
    ["POST", "/api/lookup"],
    ["POST", "/api/diagnoses"],
    ["POST", "/api/checks"],
    ["PATCH", "/api/diagnoses/AAAAAAAAAAAAAAAAAAAAAA"],
    ["POST", "/api/health"],
    ["POST", "/api/articles"],
  ];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...targets), bodyArb, contentType, async ([method, p], body, type) => {
      n++;
      await assertNo5xx(method, p, type ? { "content-type": type } : {}, body);
    }),
    { numRuns: RUNS * 3 },
  );
  console.log(`body fuzz: ${n} requests, 0 answers >= 500`);
});

test("[FUZZ] the lookup server action with arbitrary bodies and content types: no 5xx", async () => {
  test.setTimeout(300_000);
  const id = lookupActionId();
  let n = 0;
  const actionBody = fc.oneof(
    fc.string({ maxLength: 300 }).map((t) => JSON.stringify([t])),
    jsonValue.map((v) => JSON.stringify(v)),
    fc.array(fc.oneof(fc.constantFrom("$Q1", "$@1", "$undefined", "$$x", "$K1", "$D2020", "$n1", "$T"), fc.string({ maxLength: 10 })), { maxLength: 3 }).map((a) => JSON.stringify(a)),
    fc.string({ maxLength: 200 }),
    fc.integer({ min: 1, max: 3_000 }).map((k) => `${"[".repeat(k)}${"]".repeat(k)}`),
  );
  await fc.assert(
    fc.asyncProperty(actionBody, fc.constantFrom("text/plain;charset=UTF-8", "text/plain", "multipart/form-data; boundary=x", "application/json"), fc.constantFrom("/search", "/", "/diagnose"), async (body, type, page) => {
      n++;
      await assertNo5xx("POST", page, { "next-action": id, "content-type": type, accept: "text/x-component" }, body);
    }),
    { numRuns: RUNS * 3 },
  );
  console.log(`server-action fuzz: ${n} requests, 0 answers >= 500`);
});

test("[FUZZ] Host headers: refused or answered, never a 5xx", async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x21-\x7e]/g, "")), fc.constantFrom("localhost", "[::1]", "evil.example:80", "127.0.0.1:1", "[::1", "a@b", "x y")),
      async (host) => {
        n++;
        if (!host) return;
        const res = await send("GET", "/api/health", { host });
        expect(res.status, host).toBeLessThan(500);
      },
    ),
    { numRuns: RUNS },
  );
  console.log(`Host fuzz: ${n} requests, 0 answers >= 500`);
});
