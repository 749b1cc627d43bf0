import assert from "node:assert/strict";
import { test } from "node:test";
import { KbIndex, type IndexDocument } from "@/lib/search/kb-index";
import { normalizeSignatureValue } from "@/lib/kb/signatures";
import type { SignatureKind } from "@/lib/kb/seed-schema";

function doc(slug: string, title: string, text: string, sigs: [SignatureKind, string, string?][]): IndexDocument {
  return {
    slug,
    title,
    summary: text,
    fields: [
      { text: title, boost: 3 },
      { text, boost: 1 },
    ],
    signatures: sigs.map(([kind, display, qualifier]) => ({
      kind,
      value: normalizeSignatureValue(kind, display),
      display,
      qualifier: qualifier ?? null,
      weight: 1,
      symptomKey: `${slug}-s`,
      symptomDescription: `${title} symptom`,
    })),
  };
}

const index = new KbIndex([
  doc("edge-451", "Edge queue 451 5.7.3", "Messages queue on the Edge Transport server", [
    ["smtp-reply", "451"],
    ["enhanced-status", "5.7.3"],
    ["log-line", "Cannot achieve Exchange Server authentication"],
  ]),
  doc("edge-550", "Edge 550 5.7.1 NDR", "Inbound messages rejected by the Edge server", [
    ["smtp-reply", "550"],
    ["enhanced-status", "5.7.1"],
    ["log-line", "External client does not have permissions to submit to this server"],
  ]),
  doc("pix", "Cannot send or receive behind a Cisco PIX firewall", "Mailguard blocks ESMTP commands", [
    ["hresult", "0x800CCC79"],
    ["smtp-reply", "550"],
    ["enhanced-status", "5.7.1"],
    ["log-line", "relaying denied"],
    ["banner", "220 *****0*****2****"],
  ]),
  doc("transport-1032", "Transport service fails with Event ID 1032 or 1036", "IIS SMTP service holds port 25", [
    ["event-id", "1032", "MSExchange TransportService"],
    ["event-id", "1036", "MSExchange TransportService"],
    ["log-line", "Socket Access Denied. Binding: 0.0.0.0:25"],
  ]),
  doc("event-9514", "Event ID 9514 duplicate proxy addresses", "Two objects in the directory have the same proxy", [
    ["event-id", "9514", "MSExchangeIS"],
  ]),
]);

test("a pasted NDR ranks the article whose identifying text it contains first", () => {
  const result = index.lookup(`Delivery is delayed to these recipients.
Remote Server returned '451 5.7.3 Cannot achieve Exchange Server authentication'`);
  assert.equal(result.articles[0]?.slug, "edge-451");
  const matched = result.articles[0]!.matched.map((m) => `${m.kind}:${m.value}`);
  assert.ok(matched.includes("enhanced-status:5.7.3"));
  assert.ok(matched.includes("log-line:cannot achieve exchange server authentication"));
  assert.ok(result.signatures.some((s) => s.kind === "smtp-reply" && s.value === "451"));
});

test("shared codes are disambiguated by the message text", () => {
  const edge = index.lookup("#550 5.7.1 External client does not have permissions to submit to this server ##");
  assert.equal(edge.articles[0]?.slug, "edge-550");
  const pix = index.lookup("550 5.7.1 relaying denied from local server");
  assert.equal(pix.articles[0]?.slug, "pix");
});

test("an HRESULT alone finds its article", () => {
  assert.equal(index.search("0x800ccc79")[0]?.slug, "pix");
  assert.equal(index.search("0x800CCC79")[0]?.slug, "pix");
});

test("event source raises the matching article; rarer signatures count more", () => {
  const result = index.lookup("Event ID: 1032\nEvent Source: MSExchange TransportService\nDescription: Socket Access Denied. Binding: 0.0.0.0:25.");
  assert.equal(result.articles[0]?.slug, "transport-1032");
  assert.ok(result.articles[0]!.matched.some((m) => m.note?.includes("from MSExchange TransportService")));
});

test("masked banner in a transcript points at the PIX article", () => {
  const result = index.lookup("220 *********0***************2*******");
  assert.equal(result.articles[0]?.slug, "pix");
  assert.ok(result.articles[0]!.matched.some((m) => m.kind === "banner" && m.value === "pix-masked"));
});

test("plain words rank by text relevance", () => {
  assert.equal(index.search("proxy directory objects")[0]?.slug, "event-9514");
  assert.deepEqual(index.search("zzzz-nothing"), []);
});

test("bad input gives empty or bounded results, never throws", () => {
  for (const input of ["", " ", "\u0000\u0001", "<img src=x onerror=alert(1)>", "' OR '1'='1", "%%%%", "a".repeat(250_000)]) {
    const result = index.lookup(input);
    assert.ok(Array.isArray(result.articles));
    assert.ok(result.articles.length <= 20);
  }
});
