// Regression: host:port, [IPv6]:port and smtp:// URLs were refused by the live-check form ("Not a host name…").
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseTargetInput } from "@/lib/diagnosis/target-input";

const ok = (raw: string) => {
  const r = parseTargetInput(raw);
  assert.ok(r.ok, `${raw}: ${r.ok ? "" : r.message}`);
  return { host: r.host, port: r.port };
};

test("plain host names, IPv4 and IPv6 literals have no port", () => {
  assert.deepEqual(ok("Mail.Example.com"), { host: "mail.example.com", port: null });
  assert.deepEqual(ok(" 192.0.2.25 "), { host: "192.0.2.25", port: null });
  assert.deepEqual(ok("2001:db8::25"), { host: "2001:db8::25", port: null });
  assert.deepEqual(ok("[2001:db8::25]"), { host: "2001:db8::25", port: null });
});

test("host:port and [IPv6]:port give the port", () => {
  assert.deepEqual(ok("mail.example.com:2525"), { host: "mail.example.com", port: 2525 });
  assert.deepEqual(ok("127.0.0.1:25"), { host: "127.0.0.1", port: 25 });
  assert.deepEqual(ok("[::1]:587"), { host: "::1", port: 587 });
});

test("URLs: the scheme's port unless one is written; paths and users are dropped", () => {
  assert.deepEqual(ok("smtp://mail.example.com"), { host: "mail.example.com", port: 25 });
  assert.deepEqual(ok("SMTP://mail.example.com:2525/"), { host: "mail.example.com", port: 2525 });
  assert.deepEqual(ok("smtps://user@mail.example.com"), { host: "mail.example.com", port: 465 });
  assert.deepEqual(ok("pop3://[2001:db8::1]"), { host: "2001:db8::1", port: 110 });
  assert.deepEqual(ok("submission://mx.example.net"), { host: "mx.example.net", port: 587 });
});

test("bad input gets a message that says what is accepted", () => {
  for (const raw of ["", "   ", "mail.example.com:0", "mail.example.com:70000", "host:abc", "[::1]:x", "http://example.com", "a b", "x".repeat(400)]) {
    const r = parseTargetInput(raw);
    assert.equal(r.ok, false, raw);
    if (!r.ok) assert.ok(r.message.length > 10 && !/^\w+: /.test(r.message), `${raw}: ${r.message}`);
  }
  const r = parseTargetInput("mail example");
  assert.ok(!r.ok && r.message.includes("[2001:db8::25]:25"));
});
