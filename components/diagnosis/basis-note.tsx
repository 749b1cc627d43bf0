import Link from "next/link";
import type { Basis } from "@/lib/diagnosis/types";

/** "documented: Microsoft KB 295725 …: '…'" or "inferred: …", beside an evidence line or a reason. */
export function BasisNote({ basis }: { basis: Basis | undefined }) {
  if (!basis) return null;
  if (basis.kind === "documented") {
    return (
      <p className="mt-1 text-xs text-slate-700" data-testid="basis" data-basis="documented">
        <span className="font-semibold text-slate-800">documented:</span>{" "}
        <Link href={`/articles/${basis.articleSlug}`} className="text-sky-800 underline">
          {basis.source}
        </Link>{" "}
        — <q className="italic">{basis.quote}</q>
      </p>
    );
  }
  return (
    <p className="mt-1 text-xs text-slate-700" data-testid="basis" data-basis="inferred">
      <span className="font-semibold text-slate-800">inferred:</span> {basis.reason}
    </p>
  );
}
