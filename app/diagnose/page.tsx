import type { Metadata } from "next";
import { Wizard } from "@/components/wizard/wizard";
import { getDiagnosisModel } from "@/lib/diagnosis/model";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Diagnose" };

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function DiagnosePage({ searchParams }: PageProps<"/diagnose">) {
  const params = await searchParams;
  const model = await getDiagnosisModel();
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">Diagnose a mail-flow problem</h1>
        <p className="max-w-3xl text-slate-700">
          Start from what the user reported. Each question is the one that best splits the causes still in the running; run a live check
          on the host at any point to confirm or refute them, and save the result as a link to send a colleague.
        </p>
      </header>
      <Wizard model={model} initial={{ category: one(params.c), answers: one(params.a) }} />
    </div>
  );
}
