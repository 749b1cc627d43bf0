import assert from "node:assert/strict";
import { test } from "node:test";
import { parseKbSeed } from "@/lib/kb/seed-loader";
import { shippedKbInput } from "@/lib/kb/shipped";

const kbSeedData = shippedKbInput();

/**
 * Key facts of the source documents are in the knowledge base exactly as written. (The verbatim
 * check of the whole knowledge base against the documents themselves needs the documents, which
 * are outside this repository: `npm run kb:check-sources -- DIR`, run by .ci/run.)
 */

const seed = parseKbSeed(kbSeedData);

test("key facts from the documents are present exactly", () => {
  const all = JSON.stringify(seed);
  for (const fact of [
    "{143F5698-103B-12D4-FF34-1F34767DEabc}",
    "GracefulPassthroughServerShutdown",
    "0x80074e24",
    "FWX_E_CONNECTION_KILLED",
    "959357",
    "CSCds90792",
    "no fixup protocol smtp 25",
    "write memory",
    "0x800CCC79",
    "554 5.6.1 Body type not supported by Remote Host",
    "HKLM\\\\System\\\\CurrentControlSet\\\\Services\\\\FwSrv\\\\Parameters",
    "MinTickBeforePortReuse",
    "240000",
    "MaxSocketsInAllPools",
    "MaxTimeInFreePool",
    "TcpTimedWaitDelay",
    "Locallat.txt",
    "netsh diag connect iphost FQDN 110",
    "Cannot achieve Exchange Server authentication",
    "Remove-IPblockListEntry -Identity <line #>",
    "PipelineTracingSenderAddress",
    "Socket Access Denied. Binding: 0.0.0.0:25.",
    "Failed to open one or more bindings. The service will be stopped.",
    "220 SMTP/cmap_____________________________________read",
  ]) {
    assert.ok(all.includes(fact), `missing fact: ${fact}`);
  }
});
