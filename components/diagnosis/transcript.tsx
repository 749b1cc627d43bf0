import { formatMs } from "@/lib/diagnosis/ticket";

/** Telnet-like transcript: client lines (C:) and server lines (S:) told apart by marker and colour, with offsets. */
export interface TranscriptLine {
  dir: "client" | "server" | "info";
  text: string;
  atMs: number;
  address?: string | undefined;
}

const MARK = { client: "C:", server: "S:", info: "··" } as const;
const WHO = { client: "client", server: "server", info: "note" } as const;
const STYLE = {
  client: "text-sky-300",
  server: "text-emerald-300",
  info: "text-slate-400 italic",
} as const;

export function Transcript({ lines, label, live = false }: { lines: readonly TranscriptLine[]; label: string; live?: boolean }) {
  return (
    <div
      role="log"
      aria-label={label}
      aria-live={live ? "polite" : "off"}
      aria-relevant="additions"
      tabIndex={0}
      data-testid="transcript"
      className="max-h-[28rem] overflow-auto rounded-md border border-slate-300 bg-slate-950 p-3 font-mono text-xs leading-relaxed text-slate-100"
    >
      {lines.length === 0 ? <p className="text-slate-400">No lines yet.</p> : null}
      <ol className="space-y-0.5">
        {lines.map((line, i) => (
          <li key={i} className="grid grid-cols-[6.5rem_2rem_1fr] gap-2" data-dir={line.dir}>
            <span className="text-right tabular-nums text-slate-400">+{formatMs(line.atMs)}</span>
            <span className={STYLE[line.dir]}>
              <span aria-hidden="true">{MARK[line.dir]}</span>
              <span className="sr-only">{WHO[line.dir]}:</span>
            </span>
            <span className={`whitespace-pre-wrap break-all ${STYLE[line.dir]}`}>{line.text}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

export interface StepLine {
  name: string;
  status: string;
  durationMs: number;
  startedAtMs: number;
  detail?: string | undefined;
}

const STATUS_STYLE: Record<string, string> = {
  ok: "bg-emerald-100 text-emerald-900",
  failed: "bg-red-100 text-red-900",
  timeout: "bg-amber-100 text-amber-900",
  skipped: "bg-slate-200 text-slate-800",
};

export function StepTable({ steps, caption }: { steps: readonly StepLine[]; caption: string }) {
  if (steps.length === 0) return null;
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-300 text-xs uppercase text-slate-700">
          <th scope="col" className="py-1 pr-3 font-medium">Step</th>
          <th scope="col" className="py-1 pr-3 font-medium">Result</th>
          <th scope="col" className="py-1 pr-3 font-medium">Time</th>
          <th scope="col" className="py-1 font-medium">Detail</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s, i) => (
          <tr key={`${s.name}-${i}`} className="border-b border-slate-100 align-top" data-testid="step-result">
            <td className="py-1 pr-3 font-mono text-xs">{s.name}</td>
            <td className="py-1 pr-3">
              <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[s.status] ?? STATUS_STYLE.skipped}`}>{s.status}</span>
            </td>
            <td className="py-1 pr-3 tabular-nums text-slate-700">{formatMs(s.durationMs)}</td>
            <td className="py-1 text-slate-700">{s.detail ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
