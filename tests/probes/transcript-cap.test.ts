/**
 * Guards issue 9: a garbage-spewing peer stored ~450 KB of transcript per diagnosis. The
 * transcript of one probe keeps at most MAX_TRANSCRIPT_BYTES and ends with "[N bytes more not
 * kept]"; the findings still see everything the probe read.
 */
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, test } from "node:test";
import { MAX_TRANSCRIPT_BYTES } from "@/lib/probes/constants";
import { ProbeRecorder } from "@/lib/probes/recorder";
import { probeSmtp } from "@/lib/probes/smtp";
import { labPolicy } from "./helpers";

/** Answers every command with 99 lines of 1500 characters (about 150 KB per reply): within the reader's limits. */
let peer: net.Server;
let port = 0;
before(async () => {
  const filler = "9".repeat(1_500);
  peer = net.createServer((socket) => {
    socket.on("error", () => undefined);
    socket.write("220 spew.test ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString("latin1").split("\r\n").filter(Boolean)) {
        if (/^QUIT/i.test(line)) {
          socket.end("221 bye\r\n");
          return;
        }
        socket.write(`${Array.from({ length: 98 }, () => `250-${filler}\r\n`).join("")}250 ${filler}\r\n`);
      }
    });
  });
  await new Promise<void>((r) => peer.listen(0, "127.0.0.1", r));
  port = (peer.address() as net.AddressInfo).port;
});
after(async () => {
  await new Promise((r) => peer.close(r));
});

const bytesOf = (entries: Array<{ text: string }>) => entries.reduce((n, e) => n + Buffer.byteLength(e.text), 0);

test("the recorder keeps at most the byte cap and says how many bytes it did not keep", () => {
  const rec = new ProbeRecorder("smtp", undefined, 1_000, 5_000, 10_000);
  const line = "x".repeat(900);
  for (let i = 0; i < 30; i++) rec.server(line);
  const result = rec.result({ input: "t", host: "t", port: 25, addresses: [], resolvedFrom: "literal" }, {}, true);
  const last = result.transcript.at(-1)!;
  assert.equal(last.text, `[${(30 - 11) * 900} bytes more not kept]`);
  assert.ok(bytesOf(result.transcript.slice(0, -1)) <= 10_000);
});

test("a peer that spews huge replies leaves a bounded transcript, and the probe still reads it all", async () => {
  const result = await probeSmtp({
    target: `127.0.0.1:${port}`,
    policy: labPolicy,
    steps: { ehlo: true, unknownCommand: true, quit: true },
    timeouts: { greetingMs: 3_000, probeMs: 10_000 },
  });
  const kept = bytesOf(result.transcript);
  assert.ok(kept <= MAX_TRANSCRIPT_BYTES + 200, `kept ${kept} bytes`);
  const last = result.transcript.at(-1)!.text;
  const notKept = Number(/^\[(\d+) bytes more not kept\]$/.exec(last)?.[1]);
  assert.ok(notKept > 0, last);
  assert.ok(result.steps.some((s) => s.name === "ehlo" && s.status === "ok"), JSON.stringify(result.steps));
});
