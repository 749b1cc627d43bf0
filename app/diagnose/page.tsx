import type { Metadata } from "next";
import { Wizard, type WizardProps } from "@/components/wizard/wizard";
import { getDiagnosisModel } from "@/lib/diagnosis/model";
import { priorsFromLookup } from "@/lib/diagnosis/ranking";
import { suggestCheck } from "@/lib/diagnosis/steps";
import type { GivenAnswer, WizardStart } from "@/lib/diagnosis/types";
import { parseAnswersParam } from "@/lib/diagnosis/wizard-url";
import { categoryStart, resolveAnswers, textStart } from "@/lib/diagnosis/wizard-state";
import { MAX_TRIMMED_CHARS } from "@/lib/diagnosis/pasted-text";
import { lookupText } from "@/lib/search/service";
import { requireRole } from "@/lib/auth/require";
import { canRunChecks } from "@/lib/permissions/diagnoses";
import { listOnlineAgents } from "@/lib/agents/store";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Diagnose" };

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function DiagnosePage({ searchParams }: PageProps<"/diagnose">) {
  const staff = await requireRole("viewer");
  const params = await searchParams;
  const model = await getDiagnosisModel();
  const c = one(params.c);
  const t = one(params.t)?.slice(0, MAX_TRIMMED_CHARS + 200);
  const articleSlug = one(params.article);
  let start: WizardStart = { kind: "none" };
  let answers: GivenAnswer[] = [];
  const problems: string[] = [];
  if (c) {
    try {
      start = categoryStart(model, c);
    } catch {
      problems.push("The category in this link is not known any more; choose one below.");
    }
  } else if (t) {
    const lookup = await lookupText(t);
    const causes = priorsFromLookup(lookup.articles.map((a) => ({ slug: a.slug, score: a.score })), model.articles);
    if (causes.length > 0) start = textStart(t, causes, lookup.articles[0]?.title ?? null);
    else problems.push("Nothing in the knowledge base matches the text in this link. Start from a category instead.");
  }
  if (start.kind !== "none") {
    try {
      answers = resolveAnswers(model, parseAnswersParam(one(params.a)));
    } catch {
      problems.push("Some answers in this link are not valid any more; the wizard starts from the first question.");
    }
  }
  const article = articleSlug ? model.articles.find((a) => a.slug === articleSlug) : undefined;
  const fromArticle: WizardProps["fromArticle"] = article
    ? { slug: article.slug, title: article.title, suggested: suggestCheck(article.causes.map((x) => x.cause), model.checks) }
    : null;
  const trimmedFrom = Number(one(params.trimmed));
  const agents = canRunChecks(staff) ? await listOnlineAgents() : [];
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Diagnose a mail-flow problem</h1>
        <p className="max-w-3xl text-slate-700">
          Start from what the user reported. Each question is the one that best splits the causes still in the running; run a live check
          on the host at any point to confirm or refute them, and share the diagnosis page with a colleague.
        </p>
      </header>
      <Wizard
        model={model}
        start={start}
        answers={answers}
        text={start.kind === "text" ? t : undefined}
        checkOpen={one(params.check) === "1" || fromArticle !== null}
        fromArticle={fromArticle}
        trimmedFrom={Number.isFinite(trimmedFrom) && trimmedFrom > 0 ? trimmedFrom : null}
        problems={problems}
        canRun={canRunChecks(staff)}
        agents={agents}
      />
    </div>
  );
}
