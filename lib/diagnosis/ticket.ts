/**
 * Ticket text for a saved diagnosis: plain text (any ticket system) or Markdown. Built from the
 * snapshot only, so it matches what /d/ID shows. Pure and client-safe.
 */
import type { DiagnosisRecord, StoredProbeResult } from "./record";
import { STEP_INFO } from "./steps";

export type TicketFormat = "text" | "markdown";

const END_WORDS: Record<DiagnosisRecord["ended"], string> = {
  completed: "completed",
  deadline: "ended at its deadline (partial results)",
  cancelled: "cancelled (partial results)",
  error: "failed (partial results)",
};

const VERDICT_WORDS: Record<string, string> = {
  confirmed: "evidence confirms",
  refuted: "evidence refutes",
  mixed: "evidence is mixed",
  "no-evidence": "no live evidence",
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

  h(2, "Ranked causes");
  if (record.causes.length === 0) out.push("No cause in the knowledge base fits.");
  for (const c of record.causes) {
    const head = `${c.rank}. ${t(c.title)} (score ${c.score}; ${VERDICT_WORDS[c.verdict] ?? c.verdict}${c.candidate ? "" : "; ruled out"})`;
    out.push(markdown ? `${c.rank}. **${t(c.title)}** (score ${c.score}; ${VERDICT_WORDS[c.verdict] ?? c.verdict}${c.candidate ? "" : "; ruled out"})` : head);
    out.push(`   ${t(c.explanation)}`);
    for (const e of c.evidence) {
      const line = e.lines[0] ? `: ${markdown ? `\`${e.lines[0].replace(/`/g, "'")}\`` : `"${e.lines[0]}"`}` : "";
      out.push(`   - [${e.effect}, ${e.strength}] ${t(e.findingTitle)}${line}`);
      if (e.symptom) out.push(`     KB (${t(e.symptom.articleTitle)}): ${t(e.symptom.description)}`);
    }
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

  for (const result of record.results) {
    h(2, `Transcript (${result.kind}, ${result.target.input || result.target.host}:${result.target.port}, ${formatMs(result.durationMs)})`);
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
