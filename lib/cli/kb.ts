/**
 * Optional knowledge-base view for the CLI: which causes the probe's findings point at, ranked
 * exactly as a diagnosis ranks them (lib/diagnosis/evidence.ts). The probe engine never touches
 * the database; ./kb-lookup (database client, ranking) is imported lazily and any failure (no
 * database, slow database) simply means "not available".
 */
import type { ProbeResult } from "@/lib/probes/types";

export interface KbCause {
  key: string;
  title: string;
  verdict: string;
  /** The verdict in one sentence. */
  verdictReason: string;
  score: number;
  /** "first because: ...; against: ..." */
  explanation: string;
  articles: { slug: string; title: string }[];
}

export interface KbOutcome {
  outcome: string;
  headline: string;
  ruledOut: string[];
  cannotRuleOut: string[];
  next: string[];
}

export type KbLookup =
  | { available: true; outcome: KbOutcome; causes: KbCause[]; unexplained: { id: string; title: string }[] }
  | { available: false; reason: string };

const KB_TIMEOUT_MS = 5_000;

export async function lookupKb(result: ProbeResult<unknown>): Promise<KbLookup> {
  let timer: NodeJS.Timeout | undefined;
  try {
    // the database client and everything that reads the knowledge base load only from here
    const { missingSqliteFile, rankProbeEvidence } = await import("./kb-lookup");
    const missing = missingSqliteFile();
    if (missing) return { available: false, reason: `no database at ${missing}` };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${KB_TIMEOUT_MS} ms`)), KB_TIMEOUT_MS);
    });
    const ranking = await Promise.race([rankProbeEvidence([result]), timeout]);
    const { outcome, headline, ruledOut, cannotRuleOut, next } = ranking.conclusion;
    return {
      available: true,
      outcome: { outcome, headline, ruledOut, cannotRuleOut, next },
      causes: ranking.causes.map((c) => ({
        key: c.key,
        title: c.title,
        verdict: c.verdict,
        verdictReason: c.verdictReason,
        score: c.score,
        explanation: c.explanation,
        articles: c.articles.map(({ slug, title }) => ({ slug, title })),
      })),
      unexplained: ranking.unexplained.filter((f) => f.severity !== "info").map(({ id, title }) => ({ id, title })),
    };
  } catch (err) {
    const msg = (err as Error).message.split("\n")[0] ?? "unknown error";
    return { available: false, reason: msg.length > 200 ? `${msg.slice(0, 200)}…` : msg };
  } finally {
    clearTimeout(timer);
  }
}
