/**
 * The fix of a cause: its resolutions and workarounds as the knowledge base's articles give them
 * (steps, commands, scripts, registry values, warnings), shaped once for the diagnosis model so a
 * saved diagnosis snapshots them. Diagnostic procedures ("how to test") and reference lists are
 * not fixes. Pure and client-safe.
 */
import type { CauseResolution, FixArtifact, FixWarning } from "./types";

/** Resolution kinds shown as the fix beside a cause. */
export const FIX_KINDS: ReadonlySet<string> = new Set(["resolution", "workaround", "hotfix"]);

export interface FixSource {
  key: string;
  kind: string;
  title: string;
  summary: string;
  outcome?: string | null | undefined;
  cause?: string | null | undefined;
  article: { slug: string; title: string; source: string; warnings: readonly FixWarning[] };
  steps: ReadonlyArray<{
    text: string;
    artifacts: ReadonlyArray<{
      language: string;
      title: string;
      content: string;
      note?: string | null | undefined;
      registry?: { path: string; valueName?: string | null; valueType?: string | null; value?: string | null; defaultValue?: string | null } | null | undefined;
    }>;
  }>;
  warnings: readonly FixWarning[];
}

/**
 * A resolution as the diagnosis shows it, or null when it is not a fix of a cause. The article's
 * own warnings (e.g. "lowers security") travel with every fix taken from it, before the
 * resolution's own.
 */
export function toCauseResolution(r: FixSource): CauseResolution | null {
  if (!r.cause || !FIX_KINDS.has(r.kind)) return null;
  const warnings: FixWarning[] = [];
  for (const w of [...r.article.warnings, ...r.warnings]) {
    if (!warnings.some((x) => x.text === w.text)) warnings.push({ level: w.level, risk: w.risk, text: w.text });
  }
  return {
    key: r.key,
    cause: r.cause,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    outcome: r.outcome ?? null,
    articleSlug: r.article.slug,
    articleTitle: r.article.title,
    source: r.article.source,
    steps: r.steps.map((s) => ({
      text: s.text,
      artifacts: s.artifacts.map(
        (a): FixArtifact => ({
          language: a.language,
          title: a.title,
          content: a.content,
          note: a.note ?? null,
          registry: a.registry
            ? {
                path: a.registry.path,
                valueName: a.registry.valueName ?? null,
                valueType: a.registry.valueType ?? null,
                value: a.registry.value ?? null,
                defaultValue: a.registry.defaultValue ?? null,
              }
            : null,
        }),
      ),
    })),
    warnings,
  };
}

/** Every artifact of a fix as text, for the ticket and for tests ("no fixup protocol smtp 25"). */
export function fixText(r: CauseResolution): string[] {
  return r.steps.flatMap((s) => s.artifacts.map((a) => a.content));
}
