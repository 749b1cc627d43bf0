/**
 * The command line's fast path (lib/cli/argv-fast.ts) against node:util parseArgs, which it stands
 * in for: on generated command lines it returns exactly what parseArgs returns whenever it answers
 * at all, and never answers for a command line parseArgs refuses.
 */
import assert from "node:assert/strict";
import { parseArgs } from "node:util";
import { test } from "node:test";
import fc from "fast-check";
import { OPTIONS, parseCli } from "../../lib/cli/args";
import { parseArgvFast } from "../../lib/cli/argv-fast";

const names = Object.keys(OPTIONS);
const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...names.map((n) => `--${n}`)) },
  { weight: 3, arbitrary: fc.constantFrom("probe", "smtp", "pop3", "tcp", "mx", "findings", "help", "127.0.0.1:2525", "[::1]:25", "mx.example.test", "relaydesk.invalid", "25", "a@b.test", "") },
  { weight: 2, arbitrary: fc.constantFrom("-", "--", "-4", "-6", "-h", "-x", "-46", "--json=1", "--helo=x", "--nope", "--__proto__", "--constructor", "--toString", "---json", "-1", "--no-json", "-json") },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const argv = fc.array(token, { maxLength: 10 });

function reference(args: string[]): { ok: true; values: Record<string, unknown>; positionals: string[] } | { ok: false } {
  try {
    const r = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
    return { ok: true, values: r.values, positionals: r.positionals };
  } catch {
    return { ok: false };
  }
}

test("answers exactly as parseArgs does, and only for command lines parseArgs accepts", () => {
  let answered = 0;
  fc.assert(
    fc.property(argv, (args) => {
      const fast = parseArgvFast(args, OPTIONS);
      if (fast === undefined) return;
      answered++;
      const ref = reference(args);
      assert.ok(ref.ok, `fast path accepted what parseArgs refuses: ${JSON.stringify(args)}`);
      if (!ref.ok) return;
      assert.deepStrictEqual(fast.positionals, ref.positionals);
      assert.deepStrictEqual(fast.values, ref.values);
      assert.equal(Object.getPrototypeOf(fast.values), Object.getPrototypeOf(ref.values));
    }),
    { numRuns: 20_000 },
  );
  // the generator must reach the fast path often, or the property says little
  assert.ok(answered > 2_000, `fast path answered only ${answered} times`);
});

test("the usual command lines take the fast path; anything unusual is parseArgs's", () => {
  for (const args of [
    ["probe", "smtp", "127.0.0.1:2525", "--json", "--no-kb"],
    ["probe", "smtp", "mx.example.test", "--helo", "relaydesk.invalid", "--tls-ca", "a.pem", "--tls-ca", "b.pem"],
    ["findings"],
    [],
  ]) {
    assert.deepStrictEqual(parseArgvFast(args, OPTIONS), (({ values, positionals }) => ({ values, positionals }))(parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true })));
  }
  for (const args of [["-4", "probe"], ["--helo=x"], ["--helo", "-x"], ["--", "probe"], ["--helo"], ["--nope"]]) {
    assert.equal(parseArgvFast(args, OPTIONS), undefined, args.join(" "));
  }
  // and the errors are still parseArgs's words
  assert.throws(() => parseCli(["probe", "smtp", "x", "--nope"]), /Unknown option '--nope'/);
  assert.throws(() => parseCli(["probe", "smtp", "x", "--helo"]), /argument missing/);
});
