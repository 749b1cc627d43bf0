/**
 * Ticket text for a saved diagnosis: plain text (any ticket system) or Markdown. Built from the
 * snapshot only, so it matches what /d/ID shows. Pure and client-safe.
 */
import type { DiagnosisRecord, StoredProbeResult } from "./record";
import { STEP_INFO } from "./steps";
import type { CauseResolution } from "./types";
import { isCompareFinding } from "./vantage-compare";
import { whereItRan } from "./vantage-outcome";
import { FIX_KIND_WORDS, OUTCOME_WORDS, VERDICT_WORDS, basisText } from "./words";

export type TicketFormat = "text" | "markdown";

const END_WORDS: Record<DiagnosisRecord["ended"], string> = {
  completed: "completed",
  deadline: "ended at its deadline (partial results)",
  cancelled: "cancelled (partial results)",
  error: "failed (partial results)",
};


function target(record: DiagnosisRecord): string {
  const host = record.host.includes(":") ? `[${record.host}]` : record.host;
  return record.port ? `${host}:${record.port}` : host;
}

function startText(record: DiagnosisRecord): string {
  switch (record.start.kind) {
    case "category":
      return `symptom category "${record.start.label}"`;
    case "text":
      return `pasted text (${record.start.label})`;
    default:
      return "a live check without wizard answers";
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** Telnet-like transcript lines: "+12.3 ms S: 220 ..." (C client, S server, * info). */
export function transcriptLines(result: StoredProbeResult): string[] {
  const mark = { client: "C:", server: "S:", info: "* " } as const;
  return result.transcript.map((e) => `${`+${formatMs(e.atMs)}`.padStart(11)} ${mark[e.dir]} ${e.text}`);
}

function fenceFor(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** Escapes Markdown inline syntax in KB and peer text so a banner of asterisks stays literal. */
function md(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, "\\$1");
}

/** A fix as ticket lines: title, source, warnings, steps with their commands verbatim. */
function fixLines(r: CauseResolution, markdown: boolean, t: (s: string) => string, out: string[]): void {
  out.push("", `   ${FIX_KIND_WORDS[r.kind] ?? r.kind}: ${t(r.title)} (${t(r.source)})`);
  out.push(`   ${t(r.summary)}`);
  for (const w of r.warnings) out.push(`   ${w.level.toUpperCase()}${w.risk === "lowers-security" ? " (lowers security)" : ""}: ${t(w.text)}`);
  r.steps.forEach((step, i) => {
    out.push(`   ${i + 1}. ${t(step.text)}`);
    for (const a of step.artifacts) {
      if (a.registry) {
        const reg = [a.registry.path, a.registry.valueName, a.registry.valueType, a.registry.value ? `= ${a.registry.value}` : null].filter(Boolean).join(" ");
        out.push(`      Registry: ${t(reg)}`);
      }
      if (markdown) {
        const fence = fenceFor(a.content);
        out.push(`      ${fence}`, ...a.content.split("\n").map((l) => `      ${l}`), `      ${fence}`);
      } else {
        out.push(...a.content.split("\n").map((l) => `        ${l}`));
      }
      if (a.note) out.push(`      ${t(a.note)}`);
    }
  });
  if (r.outcome) out.push(`   Outcome (as the document reports it): ${t(r.outcome)}`);
}

export function diagnosisTicket(record: DiagnosisRecord, format: TicketFormat, baseUrl = ""): string {
  const markdown = format === "markdown";
  const t = (s: string) => (markdown ? md(s) : s);
  const out: string[] = [];
  const url = `${baseUrl}/d/${record.id}`;
  const h = (level: number, text: string) => {
    if (markdown) out.push("", `${"#".repeat(level)} ${t(text)}`, "");
    else out.push("", text.toUpperCase(), "-".repeat(Math.min(60, text.length)));
  };
  const item = (text: string, indent = 0) => out.push(`${"  ".repeat(indent)}- ${text}`);

  out.push(markdown ? `# RelayDesk diagnosis ${record.id}` : `RelayDesk diagnosis ${record.id}`);
  if (!markdown) out.push("=".repeat(40));
  out.push("");
  const facts: Array<[string, string]> = [
    ["Link", url],
    ["When", `${record.createdAt} by ${record.createdBy}`],
    ["Target", target(record)],
    ["Steps", record.steps.map((s) => STEP_INFO[s].label).join(", ") || "none"],
    ["Run", END_WORDS[record.ended]],
    ["Started from", startText(record)],
    ["Knowledge base revision", String(record.kbRevision)],
  ];
  if (record.previousId) facts.push(["Re-check of", `${baseUrl}/d/${record.previousId}`]);
  for (const [k, v] of facts) out.push(markdown ? `- **${k}:** ${k === "Link" || k === "Re-check of" ? v : t(v)}` : `${k}: ${v}`);

  if (record.answers.length > 0) {
    h(2, "Answers");
    for (const a of record.answers) item(`${t(a.prompt)} ${markdown ? "**" : ""}${t(a.label)}${markdown ? "**" : ""}`);
  }

  const c0 = record.conclusion;
  if (c0) {
    h(2, `Outcome: ${OUTCOME_WORDS[c0.outcome]}`);
    out.push(t(c0.headline));
    const list = (title: string, lines: readonly string[]) => {
      if (lines.length === 0) return;
      out.push("", markdown ? `**${title}**` : `${title}:`);
      for (const line of lines) item(t(line));
    };
    list("Tested", c0.tested);
    list("Ruled out / no sign", c0.ruledOut);
    list("Cannot be ruled out from here", c0.cannotRuleOut);
    list("Next", c0.next);
    out.push("", `${markdown ? "**Where the check ran from:** " : "Where the check ran from: "}${t(c0.ranFrom.note)}`);
  } else {
    out.push("", "Saved before RelayDesk gave a headline outcome: the verdicts below were not calibrated. Check again for a calibrated verdict.");
  }

  const points = record.vantagePoints.length > 1 ? record.vantagePoints : [];
  if (points.length > 0) {
    h(2, "Vantage points");
    const compared = record.findings.filter((f) => isCompareFinding(f.id));
    if (compared.length === 0) out.push("Comparison: none of the documented differences between the vantage points.");
    for (const f of compared) {
      out.push(`Comparison: ${t(f.title)} (${t(f.id)})`);
      for (const line of f.evidence) item(markdown ? `\`${line.replace(/`/g, "'")}\`` : line, 1);
    }
    for (const p of points) {
      out.push("", `${markdown ? "**" : ""}${t(whereItRan(p))}: ${OUTCOME_WORDS[p.outcome]}${markdown ? "**" : ""}${p.reason ? ` — ${t(p.reason)}` : ""}`);
      if (p.findings.length === 0) item("no findings");
      for (const f of p.findings) item(`${t(f.title)} (${t(f.id)}, ${f.severity})${f.evidence[0] ? `: ${markdown ? `\`${f.evidence[0].replace(/`/g, "'")}\`` : f.evidence[0]}` : ""}`);
    }
  }

  h(2, "Causes");
  if (record.causes.length === 0) out.push("No cause in the knowledge base fits.");
  for (const c of record.causes) {
    const verdict = VERDICT_WORDS[c.verdict] ?? c.verdict;
    out.push(markdown ? `${c.rank}. **${t(c.title)}** — ${verdict}` : `${c.rank}. ${c.title} — ${verdict}`);
    if (c.verdictReason) out.push(`   ${t(c.verdictReason)}`);
    for (const e of c.evidence) {
      const line = e.lines[0] ? `: ${markdown ? `\`${e.lines[0].replace(/`/g, "'")}\`` : `"${e.lines[0]}"`}` : "";
      const counted = e.counted === false ? " (same observation, counted once)" : "";
      out.push(`   - [${e.effect}, ${e.verdictStrength ?? e.strength}] ${t(e.findingTitle)}${line}${counted}`);
      const basis = basisText(e.basis);
      if (basis) out.push(`     ${t(basis)}`);
      if (e.symptom) out.push(`     KB (${t(e.symptom.articleTitle)}): ${t(e.symptom.description)}`);
    }
    if (c.vantage) out.push(`   Where it is seen: ${t(c.vantage.note)} ${t(c.vantage.meaning)}`.trimEnd());
    const notRun = c.untestedSteps.filter((s) => s.couldConfirm);
    if (notRun.length > 0 && c.verdict !== "confirmed") out.push(`   Not tested in this check: ${notRun.map((s) => s.label).join("; ")}`);
    if ((c.verdict === "confirmed" || c.verdict === "consistent") && c.resolutions.length > 0) {
      out.push(`   ${markdown ? "**Fix**" : "FIX"}${c.verdict === "consistent" ? " (if the cause is confirmed)" : ""}:`);
      for (const r of c.resolutions) fixLines(r, markdown, t, out);
    }
    out.push(`   How this was ranked: ${t(c.explanation)} (score ${c.score})`);
  }

  h(2, "Articles");
  if (record.articles.length === 0) out.push("No article explains the remaining causes.");
  for (const a of record.articles) {
    out.push(markdown ? `${a.rank}. [${t(a.title)}](${baseUrl}/articles/${a.slug})` : `${a.rank}. ${a.title} (${baseUrl}/articles/${a.slug})`);
  }

  if (record.unexplained.length > 0) {
    h(2, "Findings no article explains");
    for (const f of record.unexplained) item(`${t(f.title)} (${f.severity})${f.evidence[0] ? `: ${t(f.evidence[0])}` : ""}`);
  }

  const transcripts = points.length > 0 ? points.flatMap((p) => p.results.map((result) => ({ from: ` from ${p.name}`, result }))) : record.results.map((result) => ({ from: "", result }));
  for (const { from, result } of transcripts) {
    h(2, `Transcript${from} (${result.kind}, ${result.target.input || result.target.host}:${result.target.port}, ${formatMs(result.durationMs)})`);
    const lines = transcriptLines(result);
    const steps = result.steps.map((s) => `${s.name}: ${s.status} in ${formatMs(s.durationMs)}${s.detail ? ` (${s.detail})` : ""}`);
    const body = [...lines, "", ...steps].join("\n");
    if (markdown) {
      const fence = fenceFor(body);
      out.push(fence, body, fence);
    } else {
      out.push(body);
    }
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trim()}\n`;
}
