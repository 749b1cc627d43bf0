/**
 * The SMTP options fast path (lib/probes/smtp-options-fast.ts) against the zod schema it stands in
 * for: on generated options it accepts exactly what the schema accepts (within the options it
 * knows), returns the same value with the same key order, and never accepts anything the schema
 * refuses.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { parseCli } from "../../lib/cli/args";
import { optionSchemas, smtpOptionsSchema, validateOptions } from "../../lib/probes/options";
import { smtpOptionsFastPath } from "../../lib/probes/smtp-options-fast";

const schema = optionSchemas().smtpOptionsSchema;

const text = fc.oneof(
  fc.constantFrom("", " ", "a", "mx.example.test", " host.test ", "127.0.0.1:25", "[::1]:25", "bad name!", "-x", "x-", "a..b", "[::1]", "[1.2.3.4]", "GOODMORNING", "good-morning", "9abc", "x".repeat(300), "y".repeat(301), ` ${"z".repeat(300)} `, "é", "a\r\nQUIT"),
  fc.string({ maxLength: 20 }),
  fc.stringMatching(/^ ?[A-Za-z0-9][A-Za-z0-9.-]{0,12} ?$/),
);
const num = fc.oneof(fc.integer({ min: -2, max: 700_000 }), fc.constantFrom(0, 1, 25, 65535, 65536, 120_000, 120_001, 600_000, 600_001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53), fc.double());
const anything = fc.oneof(text, num, fc.boolean(), fc.constant(null), fc.constantFrom(4, 6, "any", "first", "all", "auto", "none", "implicit"), fc.constant([]), fc.constant({}));
const timeoutKeys = ["connectMs", "greetingMs", "commandMs", "tlsMs", "dataMs", "closeMs", "dnsMs", "attemptMs", "probeMs"];

const mailbox = fc.oneof(
  fc.constantFrom("", " ", "postmaster@[127.0.0.1]", " a@b.test ", "postmaster@mx.example.test", "a@b", "a b@c.test", "a@-b.test", "@b.test", "a@", "a@[::1]", "a@[1.2.3.4]x", `${"l".repeat(64)}@d.test`, `${"l".repeat(65)}@d.test`, `a@${"d".repeat(253)}`, `a@${"d".repeat(254)}`, " \tpostmaster@x.test\n"),
  fc.tuple(fc.stringMatching(/^[A-Za-z0-9.!#-]{0,6}$/), fc.stringMatching(/^[A-Za-z0-9.[\]:-]{0,8}$/)).map(([l, d]) => `${l}@${d}`),
);
const value: Record<string, fc.Arbitrary<unknown>> = {
  target: fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: anything }),
  port: fc.oneof(num, anything),
  family: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(4, 6, "any") }, { weight: 1, arbitrary: anything }),
  addresses: fc.oneof({ weight: 4, arbitrary: fc.constantFrom("first", "all") }, { weight: 1, arbitrary: anything }),
  address: fc.oneof(text, anything),
  mx: fc.oneof(fc.boolean(), anything),
  tls: fc.oneof({ weight: 4, arbitrary: fc.constantFrom("auto", "none", "implicit") }, { weight: 1, arbitrary: anything }),
  starttls: fc.oneof(fc.boolean(), anything),
  heloName: fc.oneof(text, anything),
  steps: fc.oneof(
    fc.dictionary(fc.constantFrom("ehlo", "unknownCommand", "quit", "other"), fc.oneof({ weight: 5, arbitrary: fc.boolean() }, { weight: 1, arbitrary: anything }), { maxKeys: 3 }),
    anything,
  ),
  unknownCommand: fc.oneof(text, anything),
  timeouts: fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...timeoutKeys, "otherMs"), fc.oneof({ weight: 4, arbitrary: num }, { weight: 1, arbitrary: anything }), { maxKeys: 4 }) },
    { weight: 1, arbitrary: anything },
  ),
  checkTlsRequired: fc.oneof(fc.boolean(), anything),
  envelope: fc.oneof(
    fc.dictionary(fc.constantFrom("from", "to", "other"), fc.oneof(mailbox, anything), { maxKeys: 3 }),
    anything,
  ),
  greetingDelayThresholdMs: fc.oneof(num, anything),
  // options the fast path leaves to zod
  expectExtensions: fc.constant(["STARTTLS"]),
  compareCloseWithoutTls: fc.boolean(),
  resetSettleMs: fc.integer({ min: 0, max: 10 }),
  tlsServername: fc.constant("mx.example.test"),
  dnsServers: fc.constant(["127.0.0.1"]),
  extra: fc.constant(1),
  undefinedValue: fc.constant(undefined),
};
/** Mostly valid values, so that the fast path's acceptances are exercised too. */
const valid: Record<string, fc.Arbitrary<unknown>> = {
  target: fc.constantFrom("127.0.0.1:25", " mx.example.test ", "[::1]:2525", "h"),
  port: fc.integer({ min: 1, max: 65535 }),
  address: fc.constantFrom("127.0.0.1", " ::1 ", ""),
  mx: fc.boolean(),
  starttls: fc.boolean(),
  checkTlsRequired: fc.boolean(),
  heloName: fc.constantFrom("relaydesk.invalid", " client.example.test ", "[127.0.0.1]", "a"),
  unknownCommand: fc.constantFrom("XYZZY", "goodmorning", "a-1"),
  steps: fc.record({ ehlo: fc.boolean(), unknownCommand: fc.boolean(), quit: fc.boolean() }, { requiredKeys: [] }),
  timeouts: fc.record(Object.fromEntries(timeoutKeys.map((k) => [k, fc.integer({ min: 1, max: 60_000 })])), { requiredKeys: [] }),
  greetingDelayThresholdMs: fc.integer({ min: 1, max: 600_000 }),
  envelope: fc.record({ from: fc.constantFrom("", "a@b.test", " postmaster@[127.0.0.1] "), to: fc.constantFrom("postmaster@[127.0.0.1]", "x@y.test ") }),
};
for (const [k, arb] of Object.entries(valid)) value[k] = fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: value[k]! });
const fastKeys = new Set(["target", "port", "family", "addresses", "address", "mx", "tls", "starttls", "heloName", "steps", "unknownCommand", "envelope", "timeouts", "checkTlsRequired", "greetingDelayThresholdMs"]);

const fastValues = Object.entries(value).filter(([k]) => fastKeys.has(k));
const otherValues = Object.entries(value).filter(([k]) => !fastKeys.has(k));
const options = fc
  .tuple(
    fc.record(Object.fromEntries(fastValues) as Record<string, fc.Arbitrary<unknown>>, { requiredKeys: ["target"] }),
    fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...otherValues.map(([k]) => k)) }),
    fc.anything(),
  )
  .map(([o, extraKey, extra]) => {
    const out: Record<string, unknown> = { ...o };
    if (extraKey === "undefinedValue") out.address = undefined;
    else if (extraKey !== undefined) out[extraKey] = extraKey === "extra" ? extra : fc.sample(value[extraKey]!, 1)[0];
    return out;
  });

describe("SMTP options fast path = smtpOptionsSchema", () => {
  test("the command line's usual options take the fast path, with zod's result", () => {
    for (const argv of [
      ["probe", "smtp", "127.0.0.1:25", "--json", "--no-kb"],
      ["probe", "smtp", "mx.example.test", "--mx", "--starttls", "--helo", "client.example.test", "-4", "--all"],
      ["probe", "smtp", "[::1]:2525", "--implicit-tls", "--timeout", "5000", "--deadline", "60000", "--no-unknown-command", "--address", "::1"],
      ["probe", "smtp", "host.test", "--unknown-command", "XYZZY", "--check-tls-required", "--greeting-threshold", "100", "--port", "587", "-6"],
    ]) {
      const cmd = parseCli(argv);
      assert.equal(cmd.command, "probe");
      const data = { ...(cmd as { options: Record<string, unknown> }).options };
      const fast = smtpOptionsFastPath(data);
      assert.ok(fast !== undefined, `fast path refused ${argv.join(" ")}`);
      const parsed = schema.parse(data);
      assert.deepStrictEqual(fast, parsed);
      assert.equal(JSON.stringify(fast), JSON.stringify(parsed));
    }
  });

  test("generated options: never accepts what zod refuses; same result and key order; accepts all of zod's within its options", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(options, (data) => {
        const fast = smtpOptionsFastPath({ ...data });
        const parsed = schema.safeParse({ ...data });
        if (fast !== undefined) {
          assert.ok(parsed.success, `fast path accepted what zod refuses: ${JSON.stringify(data)} (${parsed.error?.message})`);
          assert.deepStrictEqual(fast, parsed.data);
          assert.equal(JSON.stringify(fast), JSON.stringify(parsed.data));
          accepted++;
        } else {
          refused++;
          const onlyFastKeys = Object.entries(data).every(([k, v]) => fastKeys.has(k) && v !== undefined);
          const plainNested = ["steps", "timeouts", "envelope"].every((k) => data[k] === undefined || (typeof data[k] === "object" && data[k] !== null && Object.getPrototypeOf(data[k]) === Object.prototype));
          // (objects without a prototype, which zod takes, are left to zod)
          if (onlyFastKeys && plainNested) assert.ok(!parsed.success, `fast path refused what zod accepts: ${JSON.stringify(data)}`);
        }
      }),
      { numRuns: 20_000 },
    );
    assert.ok(accepted > 500, `only ${accepted} generated options took the fast path (refused ${refused})`);
    assert.ok(refused > 500, `only ${refused} generated options were refused`);
  });

  test("validateOptions: same config on the fast path, zod's messages off it", () => {
    const ok = validateOptions(smtpOptionsSchema, { target: " 127.0.0.1:25 ", steps: { quit: true } }, "SMTP probe");
    assert.deepStrictEqual(ok.config, schema.parse({ target: " 127.0.0.1:25 ", steps: { quit: true } }));
    assert.throws(() => validateOptions(smtpOptionsSchema, { target: "h", port: 0 }, "SMTP probe"), /invalid SMTP probe options: port: /);
    assert.throws(() => validateOptions(smtpOptionsSchema, { target: "h", heloName: "bad name" }, "SMTP probe"), /heloName: not a valid HELO\/EHLO name/);
    assert.throws(() => validateOptions(smtpOptionsSchema, { target: "h", bogus: 1 }, "SMTP probe"), /invalid SMTP probe options: options: /);
  });
});
