import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyBanner, extractSignatures, normalizePhrase, normalizeSignatureValue } from "@/lib/kb/signatures";

const kinds = (text: string) => extractSignatures(text).map((s) => `${s.kind}:${s.value}`);

test("NDR text: SMTP reply, enhanced status", () => {
  const ndr = `Delivery has failed to these recipients or groups:
user@example.com
Remote Server returned '554 5.6.1 Body type not supported by Remote Host'`;
  const found = kinds(ndr);
  assert.ok(found.includes("smtp-reply:554"), found.join());
  assert.ok(found.includes("enhanced-status:5.6.1"), found.join());
});

test("Edge NDR with #550 5.7.1 ## markers", () => {
  const found = kinds("postmaster@domain.com\nftr-van-exfe.domain.com #550 5.7.1 External client does not have permissions to submit to this server ##");
  assert.deepEqual(found.filter((k) => !k.startsWith("banner")), ["smtp-reply:550", "enhanced-status:5.7.1"]);
});

test("Queue viewer 451 5.7.3 with quotes", () => {
  const found = kinds(`Last Error: 451 5.7.3 "Cannot achieve Exchange Server authentication"`);
  assert.deepEqual(found, ["smtp-reply:451", "enhanced-status:5.7.3"]);
});

test("HRESULTs in client dialogs and ISA logs are normalized to lower case", () => {
  const text = "Outlook: The operation failed. Error 0x800CCC79.\nISA log result code: 0x80074e24 FWX_E_CONNECTION_KILLED";
  const found = extractSignatures(text).filter((s) => s.kind === "hresult").map((s) => s.value);
  assert.deepEqual(found, ["0x800ccc79", "0x80074e24"]);
});

test("Winsock errors by symbolic name and by bare number in context", () => {
  const byName = extractSignatures("The connection to the server has failed. Socket Error: 10060, Error Number: 0x800CCC0E (WSAETIMEDOUT)");
  const winsock = byName.filter((s) => s.kind === "winsock");
  assert.deepEqual(
    winsock.map((s) => s.value),
    ["10060"],
  );
  assert.equal(winsock[0]?.qualifier, "WSAETIMEDOUT");
  // A bare five-digit number without socket wording is not a Winsock error.
  assert.deepEqual(kinds("Invoice 10060 is attached").filter((k) => k.startsWith("winsock")), []);
});

test("Event IDs carry their source", () => {
  const event = `Event Type: Error
Event Source: MSExchange TransportService
Event Category: None
Event ID: 1032
Description: Socket Access Denied. Binding: 0.0.0.0:25.`;
  const found = extractSignatures(event).filter((s) => s.kind === "event-id");
  assert.equal(found.length, 1);
  assert.equal(found[0]?.value, "1032");
  assert.equal(found[0]?.qualifier, "MSExchange TransportService");
  assert.deepEqual(
    extractSignatures("Event ID 9514 MSExchangeIS").filter((s) => s.kind === "event-id").map((s) => s.value),
    ["9514"],
  );
});

test("PIX banners: masked (5.1+), fully masked (4.4), cmap, IIS SMTP", () => {
  assert.equal(classifyBanner("220 *********0***************************************************************** ************2*************"), "pix-masked");
  assert.equal(classifyBanner("220*******************************0*2******0***********"), "pix-masked");
  assert.equal(classifyBanner("220 ****************************************"), "pix-masked");
  assert.equal(classifyBanner("2002*******2***0*00"), "pix-masked");
  assert.equal(classifyBanner("220 SMTP/cmap_____________________________________read"), "pix-cmap");
  assert.equal(classifyBanner("220 mail.contoso.com Microsoft ESMTP MAIL Service, Version: 6.0.3790.3959 ready"), "iis-smtp");
  assert.equal(classifyBanner("220 mx.example.org ESMTP Postfix"), null);
  assert.equal(classifyBanner("220 2002 2020"), null);
  const inTranscript = kinds("telnet mail 25\n220 *********0*********************2****\nehlo\n500 Unrecognized command");
  assert.ok(inTranscript.includes("banner:pix-masked"), inTranscript.join());
  assert.ok(inTranscript.includes("smtp-reply:500"), inTranscript.join());
});

test("numbers that only look like codes are not extracted", () => {
  const text = "Exchange Server 2003 SP2 on Windows 2000 SP4, version 6.0.3790, port 25, 200 internal mail clients every 5 minutes";
  const found = kinds(text);
  assert.ok(!found.some((k) => k.startsWith("enhanced-status")), found.join());
  assert.ok(!found.includes("smtp-reply:2003"), found.join());
});

test("stored values normalize the same way as extraction", () => {
  assert.equal(normalizeSignatureValue("hresult", "0x800CCC79"), "0x800ccc79");
  assert.equal(normalizeSignatureValue("winsock", "WSAETIMEDOUT"), "10060");
  assert.equal(normalizeSignatureValue("event-id", "Event ID: 1036"), "1036");
  assert.equal(normalizeSignatureValue("log-line", "Socket Access Denied.  Binding: 0.0.0.0:25."), "socket access denied. binding: 0.0.0.0:25");
  assert.equal(normalizeSignatureValue("banner", "220 SMTP/cmap_____read"), "pix-cmap");
});

test("hostile input: huge, control characters, markup, SQL — bounded and never throws", () => {
  const huge = "A".repeat(300_000) + " 0x800CCC79";
  assert.deepEqual(extractSignatures(huge), []); // beyond the 256 KiB bound
  const nasty = "\u0000\u0007<script>alert(1)</script>' OR 1=1; DROP TABLE Article; -- 550 5.7.1 relaying denied\u001b[31m";
  const found = kinds(nasty);
  assert.ok(found.includes("enhanced-status:5.7.1"), found.join());
  const many = Array.from({ length: 1000 }, (_, i) => `0x8${String(i).padStart(7, "0")}`).join(" ");
  assert.equal(extractSignatures(many).length, 200);
});

/**
 * Regression (issue 9): a 200 KB paste on one line ("550 5.7.1 " x 20000) took 62 s because the
 * display text of every match copied and reformatted its whole line before duplicates were
 * dropped. Extraction is now linear: the one-line paste costs about what the same text split into
 * lines costs, and the context shown for a match stays short.
 */
test("a 200 KB one-line paste is extracted in linear time with a bounded context", () => {
  const oneLine = "550 5.7.1 ".repeat(20_000);
  const lines = "550 5.7.1\n".repeat(20_000);
  const time = (text: string) => {
    const t0 = performance.now();
    const found = extractSignatures(text);
    return { ms: performance.now() - t0, found };
  };
  time(lines); // warm-up
  const split = time(lines);
  const single = time(oneLine);
  assert.deepEqual(single.found.map((s) => `${s.kind}:${s.value}`), ["smtp-reply:550", "enhanced-status:5.7.1"]);
  for (const s of single.found) assert.ok(s.text.length <= 120, s.text);
  assert.ok(single.ms < 1000, `one-line extraction took ${single.ms.toFixed(0)} ms`);
  assert.ok(single.ms < Math.max(50, split.ms * 10), `one line ${single.ms.toFixed(0)} ms vs split ${split.ms.toFixed(0)} ms`);
  // a long run of dots and spaces used to make phrase normalisation quadratic
  const t0 = performance.now();
  assert.equal(normalizePhrase(`x${". ".repeat(100_000)}y`).length, 200_002);
  assert.ok(performance.now() - t0 < 1000);
});
