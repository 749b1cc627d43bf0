import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { missingQuotes, quoteSites } from "@/lib/kb/quote-check";
import { parseKbSeed } from "@/lib/kb/seed-loader";
import { kbSeedData } from "@/prisma/seed-data";

/**
 * The knowledge base must say exactly what the source documents say. Every signature and every
 * code, script, command and registry artifact is checked verbatim (whitespace folded) against the
 * document its article cites.
 */

const seedsDir = path.resolve(process.cwd(), "..", "shared", "seeds");
const fold = (s: string) => s.replace(/\s+/g, " ").trim();
const squash = (s: string) => s.replace(/\s+/g, "");
/** Commands are stored copyable: typographic quotes the capture prints become straight quotes. */
const straightQuotes = (s: string) => s.replace(/[“”]/g, '"');
const documents = new Map(
  readdirSync(seedsDir)
    .filter((f) => f.endsWith(".txt"))
    .map((f) => [f, readFileSync(path.join(seedsDir, f), "utf8")]),
);
const seed = parseKbSeed(kbSeedData);

test("every article cites an existing source document", () => {
  for (const article of seed.articles) assert.ok(documents.has(article.sourceFile), `${article.slug}: ${article.sourceFile}`);
});

test("every signature appears verbatim in its article's document", () => {
  const missing: string[] = [];
  for (const article of seed.articles) {
    const doc = fold(documents.get(article.sourceFile)!);
    for (const symptom of article.symptoms) {
      for (const sig of symptom.signatures) {
        if (!doc.includes(fold(sig.display))) missing.push(`${article.slug}/${symptom.key}: ${sig.display}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

test("every script, command and registry value appears verbatim in its article's document", () => {
  const missing: string[] = [];
  for (const article of seed.articles) {
    const raw = documents.get(article.sourceFile)!;
    for (const resolution of article.resolutions) {
      for (const step of resolution.steps) {
        for (const artifact of step.artifacts) {
          // The capture collapsed the VBScript's line breaks, so compare it without any whitespace.
          const ok =
            artifact.language === "vbscript"
              ? squash(raw).includes(squash(artifact.content))
              : artifact.content
                  .split("\n")
                  .every((line) => straightQuotes(fold(raw)).includes(fold(line)));
          if (!ok) missing.push(`${article.slug}/${resolution.key} [${artifact.language}] ${artifact.content.slice(0, 80)}`);
          if (artifact.registry) {
            for (const value of [artifact.registry.path, artifact.registry.valueName, artifact.registry.value, artifact.registry.defaultValue]) {
              if (value && !fold(raw).includes(fold(value))) missing.push(`${article.slug}/${resolution.key} registry ${value}`);
            }
          }
        }
      }
    }
  }
  assert.deepEqual(missing, []);
});

test("every documented basis quotes its source document verbatim (whitespace folded)", () => {
  assert.ok(quoteSites(seed).length >= 100);
  assert.deepEqual(missingQuotes(seed, (file) => documents.get(file) ?? ""), []);
});

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
