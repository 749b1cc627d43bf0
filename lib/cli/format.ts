/**
 * Human-readable rendering of a probe result: target, transcript with time
 * offsets, per-step timings, findings with their evidence, and the matching
 * knowledge-base articles.
 */
import type { AnyProbeResult } from "../probes/index";
import { findingCatalogue } from "../probes/findings";
import type { KbLookup } from "./kb";

const KIND_TITLE: Record<string, string> = { smtp: "SMTP probe", pop3: "POP3 probe", tcp: "TCP probe", dns: "DNS (MX) probe" };
const DIR: Record<string, string> = { client: "C:", server: "S:", info: "--" };

function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

export function formatResult(r: AnyProbeResult, kb: KbLookup | null): string {
  const out: string[] = [];
  const t = r.target;
  out.push(`${KIND_TITLE[r.kind] ?? r.kind} of ${t.input}`);
  const tested = t.addresses.filter((a) => a.tested);
  if (r.kind === "dns") {
    out.push(`domain   ${t.host}${t.mx ? `  MX: ${t.mx.map((m) => `${m.preference} ${m.exchange}`).join(", ")}` : ""}`);
  } else if (tested.length > 0) {
    for (const a of tested) {
      out.push(
        `target   ${a.host === a.address ? a.address : `${a.host} -> ${a.address}`} port ${t.port} (IPv${a.family})${a.mxPreference !== undefined ? `  [MX ${a.mxPreference} of ${t.host}]` : ""}`,
      );
    }
    const others = t.addresses.filter((a) => !a.tested);
    if (others.length > 0) out.push(`         not tested: ${others.map((a) => `${a.address}${a.denied ? " (denied by policy)" : ""}`).join(", ")}`);
  } else {
    out.push(`target   ${t.host} port ${t.port} (nothing tested)`);
  }
  out.push(`started  ${r.startedAt}  took ${ms(r.durationMs)}${r.completed ? "" : "  (incomplete)"}`);

  const multi = new Set(r.transcript.map((e) => e.address).filter(Boolean)).size > 1;
  out.push("", "Transcript");
  for (const e of r.transcript) {
    out.push(`  ${`+${e.atMs.toFixed(1)}`.padStart(9)} ms  ${multi && e.address ? `[${e.address}] ` : ""}${DIR[e.dir] ?? "  "} ${e.text}`);
  }

  out.push("", "Steps");
  for (const s of r.steps) {
    out.push(`  ${s.status.padEnd(8)} ${(multi && s.address ? `[${s.address}] ${s.name}` : s.name).padEnd(22)} ${ms(s.durationMs).padStart(10)}${s.detail ? `  ${s.detail}` : ""}`);
  }

  out.push("", `Findings (${r.findings.length})`);
  if (r.findings.length === 0) out.push("  none");
  const order = { critical: 0, warning: 1, info: 2 } as const;
  for (const f of [...r.findings].sort((a, b) => order[a.severity] - order[b.severity])) {
    out.push(`  ${f.severity.toUpperCase().padEnd(8)} ${f.id}  ${f.title}${multi && f.address ? `  [${f.address}]` : ""}`);
    for (const ev of f.evidence.slice(0, 8)) out.push(`           > ${ev}`);
    if (f.evidence.length > 8) out.push(`           > ... ${f.evidence.length - 8} more line(s)`);
    const reasons = (f.data as { reasons?: unknown } | undefined)?.reasons;
    if (Array.isArray(reasons)) for (const why of reasons) out.push(`           why: ${String(why)}`);
    const missing = (f.data as { missing?: unknown } | undefined)?.missing;
    if (Array.isArray(missing)) out.push(`           missing: ${missing.join(", ")}`);
  }

  if (r.errors.length > 0) {
    out.push("", "Errors");
    for (const e of r.errors) out.push(`  ${e.code}${e.step ? ` (${e.step})` : ""}: ${e.message}`);
  }

  if (kb !== null) {
    out.push("", "Knowledge base");
    if (!kb.available) out.push(`  knowledge base not available (${kb.reason})`);
    else {
      out.push(`  Outcome: ${kb.outcome.outcome}`, `  ${kb.outcome.headline}`);
      for (const line of kb.outcome.cannotRuleOut) out.push(`  cannot rule out: ${line}`);
      for (const line of kb.outcome.next) out.push(`  next: ${line}`);
      out.push("");
      if (kb.causes.length === 0) out.push("  no cause in the knowledge base is confirmed or refuted by these findings");
      for (const c of kb.causes) {
        out.push(`  ${c.title}  [${c.verdict.replace("_", " ")}]`);
        out.push(`      ${c.verdictReason}`);
        out.push(`      how this was ranked: ${c.explanation} (score ${c.score})`);
        for (const a of c.articles) out.push(`      article ${a.slug}: ${a.title}`);
      }
      for (const f of kb.unexplained) out.push(`  not explained by any article: ${f.id} (${f.title})`);
    }
  }
  return `${out.join("\n")}\n`;
}

export function formatCatalogue(): string {
  return `${findingCatalogue()
    .map((f) => `${f.severity.padEnd(8)} ${f.id.padEnd(38)} ${f.title}`)
    .join("\n")}\n`;
}
