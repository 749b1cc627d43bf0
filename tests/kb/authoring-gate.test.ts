/**
 * Every authoring route, page and server action of the knowledge-base console is gated by the
 * role check (lib/auth/require.ts; issue 11 fills it in): each page and action calls
 * requireRole("editor") and each route handler authorizeRequest(req, "editor") before it reads or
 * writes anything. A new file under app/kb or app/api/kb without the check fails here.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(e) ? [p] : [];
  });
}

test("every knowledge-base console page, action and route checks the editor role first", () => {
  const checked: string[] = [];
  /** The first `await` of each exported async function (or handler) must be the role check. */
  const firstAwaits = (src: string, pattern: RegExp) =>
    [...src.matchAll(pattern)].map((m) => {
      const rest = src.slice(m.index! + m[0].length);
      const next = rest.search(/\nexport /);
      const body = next === -1 ? rest : rest.slice(0, next);
      return { name: m[1]!, first: /await [^;]*/.exec(body)?.[0] ?? "(no await)" };
    });
  for (const file of [...files(path.join(ROOT, "app", "kb")), ...files(path.join(ROOT, "app", "api", "kb"))]) {
    const src = readFileSync(file, "utf8");
    const rel = path.relative(ROOT, file);
    if (file.endsWith("route.ts")) {
      for (const f of firstAwaits(src, /export async function (GET|POST|PUT|PATCH|DELETE)\(/g)) {
        assert.match(f.first, /^await authorizeRequest\(req, "editor"\)/, `${rel} ${f.name}: first await is ${f.first}`);
        checked.push(`${rel} ${f.name}`);
      }
    } else if (src.startsWith('"use server"')) {
      for (const f of firstAwaits(src, /export async function (\w+)\(/g)) {
        assert.match(f.first, /^await requireRole\("editor"\)/, `${rel} ${f.name}: first await is ${f.first}`);
        checked.push(`${rel} ${f.name}`);
      }
    } else if (file.endsWith("page.tsx")) {
      const pages = firstAwaits(src, /export default async function (\w+)\(/g);
      assert.equal(pages.length, 1, `${rel} must export an async page`);
      assert.match(pages[0]!.first, /^await requireRole\("editor"\)/, `${rel}: first await is ${pages[0]!.first}`);
      checked.push(rel);
    }
  }
  assert.ok(checked.length >= 12, `only ${checked.length} entry points found: ${checked.join(", ")}`);
});
