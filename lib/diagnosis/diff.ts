/**
 * What changed between a diagnosis and its re-check ("check again"): findings that went away
 * or appeared, causes whose verdict or rank moved, steps whose status changed, and the key
 * dialogue lines (banner, replies to EHLO, the invalid command, STARTTLS, QUIT) before and
 * after. This is how a fix is verified, e.g. after `no fixup protocol smtp 25` the banner is
 * no longer masked and EHLO is accepted. Pure and client-safe.
 */
import type { DiagnosisRecord, StoredProbeResult } from "./record";
import type { Verdict } from "./types";
import { OUTCOME_WORDS, VERDICT_WORDS } from "./words";

export interface FindingChange {
  id: string;
  title: string;
  severity: string;
}

export interface CauseChange {
  key: string;
  title: string;
  before: { rank: number; verdict: string; score: number } | null;
  after: { rank: number; verdict: string; score: number } | null;
}

export interface LineChange {
  /** "Banner", "Reply to EHLO", ... */
  label: string;
  before: string | null;
  after: string | null;
}

export interface DiagnosisDiff {
  gone: FindingChange[];
  appeared: FindingChange[];
  unchanged: FindingChange[];
  causes: CauseChange[];
  steps: Array<{ name: string; before: string | null; after: string | null }>;
  lines: LineChange[];
  /** One sentence per change, most telling first. */
  summary: string[];
}

function findingSet(record: DiagnosisRecord): Map<string, FindingChange> {
  const map = new Map<string, FindingChange>();
  for (const f of record.findings) {
    // from several vantage points, one per point: a finding gone from one point while another still sees it is a change
    const key = f.vantage === undefined ? f.id : `${f.vantage}\u0000${f.id}`;
    if (!map.has(key)) map.set(key, { id: f.id, title: f.vantage === undefined ? f.title : `${f.title} (from ${f.vantage})`, severity: f.severity });
  }
  return map;
}

/** The banner and the first reply line to each command verb, from the SMTP transcripts. */
export function keyLines(results: readonly StoredProbeResult[]): Map<string, string> {
  const lines = new Map<string, string>();
  for (const result of results) {
    if (result.kind !== "smtp") continue;
    let lastCommand: string | null = null;
    let awaiting = false;
    for (const entry of result.transcript) {
      if (entry.dir === "client") {
        const verb = entry.text.trim().split(/\s+/)[0]?.toUpperCase() ?? "";
        lastCommand = verb.length > 0 && verb.length <= 20 && /^[A-Z0-9-]+$/.test(verb) ? verb : null;
        awaiting = lastCommand !== null;
        continue;
      }
      if (entry.dir !== "server") continue;
      const label = lastCommand === null ? "Banner" : `Reply to ${lastCommand}`;
      if (lastCommand === null || awaiting) {
        if (!lines.has(label)) lines.set(label, entry.text);
        awaiting = false;
      }
    }
  }
  return lines;
}

/** A verdict as the result page words it (old records' words pass through). */
function words(verdict: string): string {
  return VERDICT_WORDS[verdict as Verdict] ?? verdict;
}

function causeSentence(c: CauseChange): string | null {
  if (c.before && c.after) {
    if (c.before.verdict !== c.after.verdict) return `${c.title}: ${words(c.before.verdict)} → ${words(c.after.verdict)}`;
    if (c.before.rank !== c.after.rank) return `${c.title}: ranked ${c.before.rank} → ${c.after.rank}`;
    return null;
  }
  if (c.before) return `${c.title}: no longer ranked (was ${words(c.before.verdict)})`;
  if (c.after) return `${c.title}: newly ranked ${c.after.rank} (${words(c.after.verdict)})`;
  return null;
}

export function diffDiagnoses(before: DiagnosisRecord, after: DiagnosisRecord): DiagnosisDiff {
  const a = findingSet(before);
  const b = findingSet(after);
  const gone = [...a.entries()].filter(([k]) => !b.has(k)).map(([, f]) => f);
  const appeared = [...b.entries()].filter(([k]) => !a.has(k)).map(([, f]) => f);
  const unchanged = [...b.entries()].filter(([k]) => a.has(k)).map(([, f]) => f);

  const causeKeys = [...new Set([...before.causes.map((c) => c.key), ...after.causes.map((c) => c.key)])];
  const causes: CauseChange[] = causeKeys.map((key) => {
    const x = before.causes.find((c) => c.key === key);
    const y = after.causes.find((c) => c.key === key);
    return {
      key,
      title: (y ?? x)!.title,
      before: x ? { rank: x.rank, verdict: x.verdict, score: x.score } : null,
      after: y ? { rank: y.rank, verdict: y.verdict, score: y.score } : null,
    };
  });

  const stepStatus = (record: DiagnosisRecord) => {
    const map = new Map<string, string>();
    for (const r of record.results) for (const s of r.steps) map.set(`${r.kind}.${s.name}`, s.status);
    return map;
  };
  const sa = stepStatus(before);
  const sb = stepStatus(after);
  const steps = [...new Set([...sa.keys(), ...sb.keys()])]
    .map((name) => ({ name, before: sa.get(name) ?? null, after: sb.get(name) ?? null }))
    .filter((s) => s.before !== s.after);

  const la = keyLines(before.results);
  const lb = keyLines(after.results);
  const lines = [...new Set([...la.keys(), ...lb.keys()])]
    .map((label) => ({ label, before: la.get(label) ?? null, after: lb.get(label) ?? null }))
    .filter((l) => l.before !== l.after);

  const summary = [
    ...gone.filter((f) => f.severity !== "info").map((f) => `No longer seen: ${f.title}`),
    ...appeared.filter((f) => f.severity !== "info").map((f) => `New problem: ${f.title}`),
    ...appeared.filter((f) => f.severity === "info").map((f) => `Now seen: ${f.title}`),
    ...gone.filter((f) => f.severity === "info").map((f) => `No longer seen (was healthy): ${f.title}`),
    ...causes.map(causeSentence).filter((s): s is string => s !== null),
  ];
  const outcomeBefore = before.conclusion?.outcome;
  const outcomeAfter = after.conclusion?.outcome;
  if (outcomeBefore && outcomeAfter && outcomeBefore !== outcomeAfter) {
    summary.unshift(`Outcome: ${OUTCOME_WORDS[outcomeBefore]} → ${OUTCOME_WORDS[outcomeAfter]}`);
  }
  if (summary.length === 0) {
    // a re-check that sees the same problems is the answer "not fixed yet", not "nothing happened"
    const problems = unchanged.filter((f) => f.severity !== "info").map((f) => f.title);
    const confirmed = after.causes.filter((c) => c.verdict === "confirmed").map((c) => c.title);
    if (problems.length > 0 || confirmed.length > 0) {
      const seen = problems.length > 0 ? ` Seen again: ${problems.join("; ")}.` : "";
      const still = confirmed.length > 0 ? ` Still confirmed: ${confirmed.join("; ")}.` : "";
      summary.push(`The problem is still there: the re-check saw the same as before.${seen}${still}`);
    } else {
      summary.push("Nothing changed: the same findings and the same ranking, and no problem was seen either time.");
    }
  }
  return { gone, appeared, unchanged, causes: causes.filter((c) => causeSentence(c) !== null), steps, lines, summary };
}
