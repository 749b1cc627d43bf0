/**
 * The verbatim check of the knowledge base against its five source documents (which live
 * outside this repository): every fact a collector names must appear,
 * word for word, in the document its article cites. It is a command of its own
 * (`npm run kb:check-sources -- DIR`, see scripts/kb-check-sources.ts) rather than part of
 * `npm test`, because a clone of the repository does not have the documents.
 *
 * A collector turns the parsed seed into facts; the runner reads the documents and checks every
 * fact. To check a new kind of fact, add a collector to FACT_COLLECTORS.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { quoteSites } from "./quote-check";
import type { KbSeed } from "./seed-schema";

/**
 * How a fact is compared with its document. `folded`: every run of whitespace is one space on both
 * sides. `command`: folded, and the document's typographic double quotes read as straight ones
 * (commands are stored copyable; the capture prints “…”). `squashed`: all whitespace removed on
 * both sides (the capture of one VBScript listing lost its line breaks, so only the characters
 * can be compared).
 */
export type FactComparison = "folded" | "command" | "squashed";

export interface SourceFact {
  /** Where the fact is in the seed, e.g. `article-slug/symptom-key`. */
  label: string;
  /** The source document (file name in the documents folder) the fact must appear in. */
  sourceFile: string;
  text: string;
  comparison: FactComparison;
}

export interface FactCollector {
  /** Short name printed in the report. */
  name: string;
  /** What the collector checks, one line. */
  description: string;
  collect(seed: KbSeed): SourceFact[];
}

const fold = (s: string): string => s.replace(/\s+/g, " ").trim();
const squash = (s: string): string => s.replace(/\s+/g, "");
const straightQuotes = (s: string): string => s.replace(/[“”]/g, '"');

/** Every signature (the exact text a user would paste) appears in its article's document. */
export const signatureFacts: FactCollector = {
  name: "signatures",
  description: "symptom signatures appear verbatim in the article's document",
  collect: (seed) =>
    seed.articles.flatMap((article) =>
      article.symptoms.flatMap((symptom) =>
        symptom.signatures.map((sig) => ({
          label: `${article.slug}/${symptom.key}`,
          sourceFile: article.sourceFile,
          text: sig.display,
          comparison: "folded" as const,
        })),
      ),
    ),
};

/** Every line of every script, command and log artifact appears in its article's document. */
export const artifactFacts: FactCollector = {
  name: "artifacts",
  description: "scripts, commands and logs appear verbatim (line by line) in the article's document",
  collect: (seed) =>
    seed.articles.flatMap((article) =>
      article.resolutions.flatMap((resolution) =>
        resolution.steps.flatMap((step) =>
          step.artifacts.flatMap((artifact): SourceFact[] => {
            const label = `${article.slug}/${resolution.key} [${artifact.language}] ${artifact.title}`;
            // The capture collapsed the VBScript's line breaks, so compare it without any whitespace.
            if (artifact.language === "vbscript") {
              return [{ label, sourceFile: article.sourceFile, text: artifact.content, comparison: "squashed" }];
            }
            return artifact.content
              .split("\n")
              .filter((line) => line.trim() !== "")
              .map((line) => ({ label, sourceFile: article.sourceFile, text: line, comparison: "command" }));
          }),
        ),
      ),
    ),
};

/** Registry paths, value names and values appear in the article's document. */
export const registryFacts: FactCollector = {
  name: "registry",
  description: "registry paths, value names, values and defaults appear verbatim in the article's document",
  collect: (seed) =>
    seed.articles.flatMap((article) =>
      article.resolutions.flatMap((resolution) =>
        resolution.steps.flatMap((step) =>
          step.artifacts.flatMap((artifact) => {
            const reg = artifact.registry;
            if (!reg) return [];
            return [reg.path, reg.valueName, reg.value, reg.defaultValue]
              .filter((v): v is string => Boolean(v))
              .map((text) => ({
                label: `${article.slug}/${resolution.key} registry`,
                sourceFile: article.sourceFile,
                text,
                comparison: "folded" as const,
              }));
          }),
        ),
      ),
    ),
};

/** Every `documented` basis (check, wizard weight, vantage note) quotes its article's document. */
export const documentedQuoteFacts: FactCollector = {
  name: "quotes",
  description: "documented quotes of checks, wizard weights and vantage notes appear verbatim in the cited article's document",
  collect: (seed) => {
    const fileOf = new Map(seed.articles.map((a) => [a.slug, a.sourceFile]));
    return quoteSites(seed).map((site) => ({
      label: site.where,
      // an unknown article has no document: reported as such by the runner
      sourceFile: fileOf.get(site.article) ?? `(no article ${site.article})`,
      text: site.quote,
      comparison: "folded" as const,
    }));
  },
};

/** The collectors `npm run kb:check-sources` runs, in report order. */
export const FACT_COLLECTORS: readonly FactCollector[] = [signatureFacts, artifactFacts, registryFacts, documentedQuoteFacts];

/** The folder does not hold the source documents the seed cites. */
export class SourceDocumentsError extends Error {
  readonly code = "ESOURCEDOCS";
}

/** The documents the seed cites, in seed order without repeats. */
export function citedDocuments(seed: KbSeed): string[] {
  return [...new Set(seed.articles.map((a) => a.sourceFile))];
}

/**
 * Reads every document the seed cites from `dir`. Throws SourceDocumentsError when the folder
 * does not exist or lacks any of them, naming what is missing (a check against no documents
 * must never pass quietly).
 */
export function readSourceDocuments(dir: string, seed: KbSeed): Map<string, string> {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new SourceDocumentsError(`${abs} is not a folder: give the folder that holds the source documents`);
  }
  const present = new Set(readdirSync(abs));
  const cited = citedDocuments(seed);
  const missing = cited.filter((f) => !present.has(f));
  if (missing.length > 0) {
    throw new SourceDocumentsError(
      `${abs} lacks ${missing.length} of the ${cited.length} source documents the knowledge base cites: ${missing.join(", ")}`,
    );
  }
  return new Map(cited.map((f) => [f, readFileSync(path.join(abs, f), "utf8")]));
}

export interface CollectorReport {
  name: string;
  description: string;
  checked: number;
  /** Facts not found verbatim, as `label: text`. */
  missing: string[];
}

export interface SourceCheckReport {
  documents: number;
  checked: number;
  missing: number;
  collectors: CollectorReport[];
}

/** Checks every collected fact against its document (compared as the fact says). */
export function checkSourceFacts(
  seed: KbSeed,
  documents: ReadonlyMap<string, string>,
  collectors: readonly FactCollector[] = FACT_COLLECTORS,
): SourceCheckReport {
  // each document folded/squashed once, not once per fact
  const prepared = new Map<string, Record<FactComparison, string>>();
  const view = (file: string): Record<FactComparison, string> | undefined => {
    const raw = documents.get(file);
    if (raw === undefined) return undefined;
    let v = prepared.get(file);
    if (!v) prepared.set(file, (v = { folded: fold(raw), command: straightQuotes(fold(raw)), squashed: squash(raw) }));
    return v;
  };
  const reports = collectors.map((collector): CollectorReport => {
    const facts = collector.collect(seed);
    const missing: string[] = [];
    for (const fact of facts) {
      const doc = view(fact.sourceFile);
      const needle = fact.comparison === "squashed" ? squash(fact.text) : fold(fact.text);
      if (doc === undefined) missing.push(`${fact.label}: document ${fact.sourceFile} not found`);
      else if (needle === "" || !doc[fact.comparison].includes(needle)) missing.push(`${fact.label}: ${JSON.stringify(fact.text.slice(0, 120))}`);
    }
    return { name: collector.name, description: collector.description, checked: facts.length, missing };
  });
  return {
    documents: documents.size,
    checked: reports.reduce((n, r) => n + r.checked, 0),
    missing: reports.reduce((n, r) => n + r.missing.length, 0),
    collectors: reports,
  };
}

/** The report as the command prints it. */
export function formatSourceCheckReport(report: SourceCheckReport, dir: string): string {
  const lines = [`Source-document check against ${path.resolve(dir)} (${report.documents} documents)`];
  const width = Math.max(...report.collectors.map((c) => c.name.length));
  for (const c of report.collectors) {
    lines.push(`  ${c.name.padEnd(width)}  ${String(c.checked).padStart(4)} checked, ${c.missing.length} missing  (${c.description})`);
    for (const m of c.missing) lines.push(`      MISSING ${m}`);
  }
  lines.push(
    report.missing === 0
      ? `checked ${report.checked} facts: all verbatim in their source documents`
      : `checked ${report.checked} facts: ${report.missing} NOT found verbatim in their source documents`,
  );
  return `${lines.join("\n")}\n`;
}
