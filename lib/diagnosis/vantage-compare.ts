/**
 * Comparison findings: what differs between the vantage points of one check (the console and
 * probe agents on the internet side, in the DMZ, inside). The documents check from a particular
 * place (KB 295725: from a workstation on the internet; the ISA 2000 article: from a Firewall
 * client; ISA 2006/TMG: the client side of the filter), so a difference between two places names
 * the device on one path. These ids are data in the knowledge model's checks (kb/checks.json,
 * probe "compare"), with their documented basis like every other check.
 *
 * Only points that tested take part (a could_not_test point says nothing about its path). Pure,
 * client-safe and linear in the points' findings and results.
 */
import { z } from "zod";
import type { VantagePoint } from "./record";
import type { ObservedFinding } from "./types";

/**
 * The probe kind of comparison findings; the knowledge-model checks that read them name it with
 * what is compared, like the probe engine's steps: compare.banner, compare.ehlo, compare.close,
 * compare.connect.
 */
export const COMPARE_PROBE = "compare";

export const COMPARE_FINDINGS = {
  "compare.banner.masked-on-one-side": {
    title: "SMTP banner readable from one vantage point, masked with asterisks from another",
    description:
      "One vantage point reads the server's own 220 banner, another gets it masked with asterisks: a Cisco PIX with Mailguard (fixup protocol smtp) sits on the path of the masked one.",
  },
  "compare.ehlo.extensions-differ": {
    title: "EHLO extensions differ between vantage points",
    description:
      "EHLO is accepted with ESMTP extensions from one vantage point and rejected, or answered without some of those extensions, from another: something on that path strips ESMTP (or the server answers the two differently).",
  },
  "compare.close.reset-on-one-side": {
    title: "TLS session ends with a reset from one vantage point, with FIN from another",
    description:
      "After STARTTLS and QUIT the connection ends with a TCP reset on one path and a normal FIN on another: a filter on the reset path (ISA Server 2006 / Forefront TMG 2010) resets its client side when the server closes with FIN.",
  },
  "compare.connect.fails-from-one-side": {
    title: "Repeated connects fail from one vantage point, not from another",
    description:
      "The same connect loop has failures from one vantage point and none from another: the path, not the server (the ISA 2000 Firewall client reuses source ports still in TIME_WAIT on the server).",
  },
} as const;

export type CompareFindingId = keyof typeof COMPARE_FINDINGS;

export const COMPARE_FINDING_IDS = Object.keys(COMPARE_FINDINGS) as CompareFindingId[];

export function isCompareFinding(id: string): boolean {
  return id.startsWith("compare.");
}

/** Transcript lines quoted per vantage point in one comparison finding. */
const LINES_PER_POINT = 6;

/** The names in a sentence: "inside", "inside and dmz", "a, b and c". */
export function nameList(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** One vantage point's observations that a comparison reads. */
interface PointView {
  name: string;
  /** Finding id → its evidence lines (first occurrence). */
  findings: Map<string, string[]>;
  /** Keywords of an accepted plain EHLO (union over the point's SMTP results), or null: EHLO was rejected everywhere or never sent. */
  extensions: Set<string> | null;
  ehloRejected: boolean;
}

const ehloData = z.object({ extensions: z.array(z.string()) });

function viewOf(point: VantagePoint): PointView {
  const findings = new Map<string, string[]>();
  for (const f of point.findings) if (!findings.has(f.id)) findings.set(f.id, f.evidence);
  let extensions: Set<string> | null = null;
  for (const r of point.results) {
    for (const f of r.findings) {
      if (f.id !== "smtp.ehlo.accepted") continue;
      const data = ehloData.safeParse((f as { data?: unknown }).data);
      if (!data.success) continue;
      extensions ??= new Set();
      for (const k of data.data.extensions) extensions.add(k.toUpperCase());
    }
  }
  return { name: point.name, findings, extensions, ehloRejected: extensions === null && findings.has("smtp.ehlo.rejected") };
}

function quote(view: PointView, ids: readonly string[]): string[] {
  const lines = ids.flatMap((id) => view.findings.get(id) ?? []);
  return [...new Set(lines)].slice(0, LINES_PER_POINT).map((l) => `${view.name}: ${l}`);
}

function finding(id: CompareFindingId, title: string, evidence: string[]): ObservedFinding {
  return { id, title, severity: "warning", evidence, probe: COMPARE_PROBE };
}

/** Points that show `a` against points that show `b`; a finding when both sides are non-empty. */
function split(views: readonly PointView[], a: string, b: string): { withA: PointView[]; withB: PointView[] } {
  return { withA: views.filter((v) => v.findings.has(a)), withB: views.filter((v) => v.findings.has(b) && !v.findings.has(a)) };
}

function names(views: readonly PointView[]): string {
  return nameList(views.map((v) => v.name));
}

function bannerFinding(views: readonly PointView[]): ObservedFinding | null {
  const { withA: masked, withB: clear } = split(views, "smtp.banner.masked", "smtp.banner.clear");
  if (masked.length === 0 || clear.length === 0) return null;
  return finding(
    "compare.banner.masked-on-one-side",
    `SMTP banner readable from ${names(clear)}, masked with asterisks from ${names(masked)}`,
    [...clear.flatMap((v) => quote(v, ["smtp.banner.clear"])), ...masked.flatMap((v) => quote(v, ["smtp.banner.masked"]))],
  );
}

function ehloFinding(views: readonly PointView[]): ObservedFinding | null {
  const offered = views.filter((v) => v.extensions !== null && v.extensions.size > 0);
  // every keyword some point was offered: what a point lacks is what it was not offered of these
  const union = new Set<string>();
  for (const o of offered) for (const k of o.extensions!) union.add(k);
  const lacking: Array<{ view: PointView; missing: string[] }> = [];
  for (const v of views) {
    if (v.extensions === null && !v.ehloRejected) continue; // EHLO never answered here: nothing to compare
    const have = v.extensions ?? new Set<string>();
    const missing = [...union].filter((k) => !have.has(k));
    if (missing.length > 0) lacking.push({ view: v, missing: missing.sort() });
  }
  if (lacking.length === 0) return null;
  const lackingViews = new Set(lacking.map((l) => l.view));
  const fullViews = offered.filter((v) => !lackingViews.has(v));
  const how = lacking
    .map((l) => (l.view.ehloRejected ? `rejected from ${l.view.name}` : `${l.missing.join(", ")} missing from ${l.view.name}`))
    .join("; ");
  const from = fullViews.length > 0 ? `accepted with extensions from ${names(fullViews)}, ` : "";
  const ehloIds = ["smtp.esmtp.missing", "smtp.esmtp.extensions_present", "smtp.ehlo.accepted", "smtp.ehlo.rejected"];
  return finding("compare.ehlo.extensions-differ", `EHLO ${from}${how}`, [
    ...fullViews.flatMap((v) => quote(v, ehloIds)),
    ...lacking.flatMap((l) => quote(l.view, ehloIds)),
  ]);
}

function closeFinding(views: readonly PointView[]): ObservedFinding | null {
  const { withA: reset, withB: fin } = split(views, "smtp.close.reset_after_tls", "smtp.close.graceful_after_tls");
  if (reset.length === 0 || fin.length === 0) return null;
  return finding(
    "compare.close.reset-on-one-side",
    `TLS session ended with a TCP reset from ${names(reset)}, with FIN from ${names(fin)}`,
    [...reset.flatMap((v) => quote(v, ["smtp.close.reset_after_tls"])), ...fin.flatMap((v) => quote(v, ["smtp.close.graceful_after_tls"]))],
  );
}

function connectFinding(views: readonly PointView[]): ObservedFinding | null {
  const failingSet = new Set<PointView>();
  const stableSet = new Set<PointView>();
  const ids: string[] = [];
  for (const loop of ["pop3", "tcp"]) {
    const { withA, withB } = split(views, `${loop}.connect.intermittent_failures`, `${loop}.connect.stable`);
    if (withA.length === 0 || withB.length === 0) continue;
    for (const v of withA) failingSet.add(v);
    for (const v of withB) stableSet.add(v);
    ids.push(`${loop}.connect.intermittent_failures`, `${loop}.connect.stable`);
  }
  // in the points' order
  const failing = views.filter((v) => failingSet.has(v));
  const stable = views.filter((v) => stableSet.has(v) && !failingSet.has(v));
  if (failing.length === 0) return null;
  return finding(
    "compare.connect.fails-from-one-side",
    `Repeated connects failed from ${names(failing)}, never from ${names(stable)}`,
    [...failing.flatMap((v) => quote(v, ids)), ...stable.flatMap((v) => quote(v, ids))],
  );
}

/**
 * The comparison findings across the points that tested (could_not_test points are left out):
 * none with fewer than two such points, none where they saw the same.
 */
export function compareVantagePoints(points: readonly VantagePoint[]): ObservedFinding[] {
  const views = points.filter((p) => p.outcome !== "could_not_test").map(viewOf);
  if (views.length < 2) return [];
  return [bannerFinding(views), ehloFinding(views), closeFinding(views), connectFinding(views)].filter((f): f is ObservedFinding => f !== null);
}
