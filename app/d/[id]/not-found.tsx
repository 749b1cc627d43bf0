import Link from "next/link";

export default function DiagnosisNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-semibold">No such diagnosis</h1>
      <p className="text-slate-700">The link is wrong or the diagnosis was removed.</p>
      <p>
        <Link href="/diagnoses" className="text-sky-800 underline">
          Recent diagnoses
        </Link>{" "}
        ·{" "}
        <Link href="/diagnose" className="text-sky-800 underline">
          Start a diagnosis
        </Link>
      </p>
    </div>
  );
}
