const STYLE: Record<string, string> = {
  important: "border-amber-400 bg-amber-50 text-amber-950",
  warning: "border-red-400 bg-red-50 text-red-950",
  caution: "border-orange-400 bg-orange-50 text-orange-950",
  note: "border-sky-300 bg-sky-50 text-sky-950",
};

const TITLE: Record<string, string> = { important: "Important", warning: "Warning", caution: "Caution", note: "Note" };

export function Callout({ level, text, risk }: { level: string; text: string; risk?: string }) {
  return (
    <div role="note" aria-label={TITLE[level] ?? level} className={`my-3 rounded-md border-l-4 p-3 text-sm ${STYLE[level] ?? STYLE.note}`}>
      <p className="font-semibold">
        {TITLE[level] ?? level}
        {risk === "lowers-security" ? <span className="ml-2 font-normal">(lowers security)</span> : null}
      </p>
      <p className="mt-1 whitespace-pre-line">{text}</p>
    </div>
  );
}
