import Link from "next/link";
import type { DiagnosisDiff } from "@/lib/diagnosis/diff";

/** What changed since the diagnosis this one re-checks. */
export function DiffView({ diff, previousId, previousWhen }: { diff: DiagnosisDiff; previousId: string; previousWhen: string }) {
  return (
    <section aria-labelledby="diff-heading" className="space-y-3 rounded-lg border border-sky-300 bg-sky-50 p-4" data-testid="diff">
      <h2 id="diff-heading" className="text-lg font-semibold">
        What changed since the first check
      </h2>
      <p className="text-sm text-slate-800">
        This diagnosis re-checks{" "}
        <Link href={`/d/${previousId}`} className="font-mono text-sky-800 underline">
          /d/{previousId}
        </Link>{" "}
        ({previousWhen}).
      </p>
      <ul className="list-disc space-y-1 pl-5 text-sm" aria-label="Changes">
        {diff.summary.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      {diff.lines.length > 0 ? (
        <table className="w-full border-collapse text-left text-sm">
          <caption className="text-left text-sm font-medium">Dialogue lines before and after</caption>
          <thead>
            <tr className="border-b border-slate-300 text-xs uppercase text-slate-700">
              <th scope="col" className="py-1 pr-3 font-medium">Line</th>
              <th scope="col" className="py-1 pr-3 font-medium">Before</th>
              <th scope="col" className="py-1 font-medium">After</th>
            </tr>
          </thead>
          <tbody>
            {diff.lines.map((l) => (
              <tr key={l.label} className="border-b border-sky-100 align-top">
                <th scope="row" className="py-1 pr-3 font-medium">{l.label}</th>
                <td className="break-all py-1 pr-3 font-mono text-xs">{l.before ?? "(none)"}</td>
                <td className="break-all py-1 font-mono text-xs">{l.after ?? "(none)"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
