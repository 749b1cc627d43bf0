import { CodeBlock } from "@/components/code-block";
import { LANGUAGE_LABEL } from "@/lib/kb/labels";

/** A registry value as an article and a diagnosis's fix both carry it (absent parts are null). */
export interface RegistryValue {
  path: string;
  valueName?: string | null;
  valueType?: string | null;
  value?: string | null;
  defaultValue?: string | null;
  /** set | delete, where the document says what the step does to the value. */
  action?: string | null;
}

export interface StepView {
  text: string;
  artifacts: ReadonlyArray<{ language: string; title: string; content: string; note?: string | null; registry?: RegistryValue | null }>;
}

function RegistryTable({ registry }: { registry: RegistryValue }) {
  const rows: Array<[string, string | null | undefined]> = [
    ["Action", registry.action === "delete" ? "Delete this value" : registry.action === "set" ? "Set this value" : null],
    ["Path", registry.path],
    ["Name", registry.valueName],
    ["Type", registry.valueType],
    ["Value", registry.value],
    ["Default", registry.defaultValue],
  ];
  return (
    <table className="my-2 w-full border-collapse text-left text-xs [overflow-wrap:anywhere]">
      <caption className="sr-only">Registry value</caption>
      <tbody>
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <tr key={k} className="border-b border-slate-200">
              <th scope="row" className="w-24 py-1 pr-2 font-medium text-slate-700">
                {k}
              </th>
              <td className="py-1 font-mono">{v}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/**
 * The ordered steps of a resolution with their artifacts (registry values, copyable commands and
 * scripts), rendered the same on the article page and in a diagnosis's fix.
 */
export function ResolutionSteps({ steps }: { steps: readonly StepView[] }) {
  if (steps.length === 0) return null;
  return (
    <ol className="mt-2 list-decimal space-y-2 pl-5 sm:pl-6">
      {steps.map((s, i) => (
        <li key={i} className="min-w-0">
          <p className="whitespace-pre-line">{s.text}</p>
          {s.artifacts.map((a, j) => (
            <div key={j} className="min-w-0">
              {a.registry ? <RegistryTable registry={a.registry} /> : null}
              <CodeBlock title={a.title} language={LANGUAGE_LABEL[a.language] ?? a.language} content={a.content} />
              {a.note ? <p className="text-sm text-slate-700">{a.note}</p> : null}
            </div>
          ))}
        </li>
      ))}
    </ol>
  );
}
