/**
 * First-load JavaScript of each page from the production build, as a browser downloads it: each
 * route is opened in a fresh Chromium context (/usr/bin/chromium, no cache) and every script
 * response is counted, as transferred (gzip, as `next start` serves it) and decompressed, until the
 * network is idle. Scripts marked `nomodule` (Next's legacy polyfills, 39 KB gzip) are listed in
 * the page but never fetched by a browser that runs ES modules; the bench reports their size
 * separately and fails if Chromium fetched one. Target (issue 8): article page <= 150 KB gzip.
 *
 * Builds when stale, serves the build against a freshly seeded SQLite file on loopback.
 * Run: npm run bench:first-load   (BENCH_PORT to move it off 3290)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Browser } from "@playwright/test";
import { startAppServer } from "./lib/app-server";

const PORT = Number(process.env.BENCH_PORT ?? 3290);
const ARTICLE_TARGET_KB = 150;
const root = path.resolve(import.meta.dirname, "..");

interface RouteFigures {
  route: string;
  scripts: number;
  transferKB: number;
  rawKB: number;
  /** `nomodule` scripts in the HTML, not fetched: their gzip size. */
  nomoduleKB: number;
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

async function measure(browser: Browser, base: string, route: string): Promise<RouteFigures> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts: Array<{ url: string; transfer: number; raw: number }> = [];
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      (async () => {
        const body = await response.body();
        const sizes = await response.request().sizes();
        scripts.push({ url: new URL(response.url()).pathname, transfer: sizes.responseBodySize, raw: body.length });
      })(),
    );
  });
  const res = await page.goto(base + route, { waitUntil: "networkidle" });
  if (!res?.ok()) throw new Error(`${route}: HTTP ${res?.status()}`);
  await Promise.all(pending);
  if (process.env.BENCH_VERBOSE) console.log(route, scripts);
  const html = await res.text();
  const nomodule = [...html.matchAll(/<script[^>]*\bnoModule\b[^>]*>/gi)].map((m) => /src="([^"]+)"/.exec(m[0])?.[1]).filter((s): s is string => Boolean(s));
  let nomoduleGzip = 0;
  for (const src of nomodule) {
    if (scripts.some((s) => s.url === src)) throw new Error(`${route}: Chromium fetched the nomodule script ${src}`);
    nomoduleGzip += gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length;
  }
  await context.close();
  return {
    route,
    scripts: scripts.length,
    transferKB: kb(scripts.reduce((n, s) => n + s.transfer, 0)),
    rawKB: kb(scripts.reduce((n, s) => n + s.raw, 0)),
    nomoduleKB: kb(nomoduleGzip),
  };
}

async function main(): Promise<void> {
  const dir = path.join(root, "data");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-first-load-${process.pid}.db`);
  const env = { ...process.env, DATABASE_URL: `file:${file}`, NEXT_TELEMETRY_DISABLED: "1" };
  const steps: Array<[string, string[]]> = [
    ["migrate", [path.join(root, "node_modules/.bin/prisma"), "migrate", "deploy"]],
    ["seed", [path.join(root, "node_modules/.bin/tsx"), "prisma/seed.ts"]],
    ["build", [process.execPath, "-e", "import('./scripts/lib/prepare.mjs').then(m => m.buildIfStale())"]],
  ];
  for (const [label, [cmd, ...args]] of steps) {
    const r = spawnSync(cmd!, args, { cwd: root, env, stdio: label === "build" ? "inherit" : "ignore" });
    if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status})`);
  }
  const server = await startAppServer(PORT, env);
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const articles = (await (await fetch(`${base}/api/articles`)).json()) as { articles: Array<{ slug: string }> };
    const article = `/articles/${articles.articles[0]!.slug}`;
    const routes = ["/", article, "/search?q=0x800CCC79", "/products", "/symptoms", "/diagnose", "/diagnoses"];
    const figures: RouteFigures[] = [];
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
    try {
      for (const route of routes) figures.push(await measure(browser, base, route));
    } finally {
      await browser.close();
    }
    console.log("First-load JS per route, as Chromium downloads it from the production build (KB; transfer = gzip as served)");
    console.table(Object.fromEntries(figures.map(({ route, ...f }) => [route, f])));
    const articleFigures = figures.find((f) => f.route === article)!;
    const verdict = articleFigures.transferKB <= ARTICLE_TARGET_KB ? "within" : "OVER";
    console.log(
      `article page ${article}: ${articleFigures.transferKB} KB gzip first-load JS, ${verdict} the ${ARTICLE_TARGET_KB} KB target ` +
        `(plus ${articleFigures.nomoduleKB} KB of nomodule polyfills that module-capable browsers do not fetch)`,
    );
    console.log(JSON.stringify({ firstLoadJsGzipKB: Object.fromEntries(figures.map((f) => [f.route.replace(article, "/articles/[slug]"), f.transferKB])) }));
  } finally {
    server.kill("SIGTERM");
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
