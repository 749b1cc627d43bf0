/**
 * Impact of a draft before it is published: the saved diagnoses of the last 30 days ranked again
 * with the model of the published knowledge base and with the model of the draft; those whose
 * outcome or first cause would change are listed. Both rankings run on the same saved findings,
 * answers and wizard start (what the diagnosis recorded), so only the draft makes a difference.
 */
import type { Db } from "@/lib/db/client";
import { buildDiagnosis } from "@/lib/diagnosis/build";
import { modelFromSeed } from "@/lib/diagnosis/model-from-seed";
import { consoleVantage } from "@/lib/diagnosis/outcome";
import type { DiagnosisRecord } from "@/lib/diagnosis/record";
import type { DiagnosisModel } from "@/lib/diagnosis/types";
import { draftKnowledgeBase } from "./draft-kb";
import type { DocKey } from "./file-format";
import type { KbProblem } from "./problems";

export const IMPACT_WINDOW_DAYS = 30;
/** At most this many diagnoses are ranked again (newest first). */
export const IMPACT_MAX_DIAGNOSES = 2_000;

export interface ImpactRow {
  id: string;
  createdAt: string;
  host: string;
  before: { outcome: string | null; firstCause: string | null; firstCauseTitle: string | null };
  after: { outcome: string | null; firstCause: string | null; firstCauseTitle: string | null };
  outcomeChanged: boolean;
  firstCauseChanged: boolean;
}

export interface Impact {
  examined: number;
  changed: ImpactRow[];
}

function rerank(model: DiagnosisModel, d: DiagnosisRecord) {
  const content = buildDiagnosis({
    model,
    host: d.host,
    port: d.port,
    start: d.start,
    answers: d.answers,
    steps: d.steps,
    mx: d.mx,
    recipient: d.recipient,
    results: d.results,
    ended: d.ended,
    deadlineMs: d.deadlineMs,
    createdBy: d.createdBy,
    previousId: d.previousId,
    ranFrom: d.conclusion?.ranFrom ?? consoleVantage("console"),
    vantagePoints: d.vantagePoints,
  });
  const first = content.causes[0];
  return { outcome: content.conclusion?.outcome ?? null, firstCause: first?.key ?? null, firstCauseTitle: first?.title ?? null };
}

/** Pure: the diagnoses whose outcome or first cause differs between the two models. */
export function compareRankings(diagnoses: readonly DiagnosisRecord[], current: DiagnosisModel, draft: DiagnosisModel): Impact {
  const changed: ImpactRow[] = [];
  for (const d of diagnoses) {
    const before = rerank(current, d);
    const after = rerank(draft, d);
    const outcomeChanged = before.outcome !== after.outcome;
    const firstCauseChanged = before.firstCause !== after.firstCause;
    if (outcomeChanged || firstCauseChanged) changed.push({ id: d.id, createdAt: d.createdAt, host: d.host, before, after, outcomeChanged, firstCauseChanged });
  }
  return { examined: diagnoses.length, changed };
}

export async function impactOfDrafts(
  db: Db,
  drafts: ReadonlyMap<DocKey, unknown>,
  options: { now?: Date; loadDiagnosis: (id: string) => Promise<DiagnosisRecord | null> },
): Promise<({ ok: true } & Impact) | { ok: false; problems: KbProblem[] }> {
  const kb = await draftKnowledgeBase(db, drafts);
  if (!kb.ok) return kb;
  const since = new Date((options.now ?? new Date()).getTime() - IMPACT_WINDOW_DAYS * 86_400_000);
  const rows = await db.diagnosis.findMany({
    where: { createdAt: { gte: since }, status: { not: "running" } },
    orderBy: { createdAt: "desc" },
    take: IMPACT_MAX_DIAGNOSES,
    select: { id: true },
  });
  const diagnoses: DiagnosisRecord[] = [];
  for (const { id } of rows) {
    const d = await options.loadDiagnosis(id);
    if (d) diagnoses.push(d);
  }
  return { ok: true, ...compareRankings(diagnoses, modelFromSeed(kb.published), modelFromSeed(kb.draft)) };
}
