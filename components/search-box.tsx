"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { lookupResultsAction } from "@/app/actions/lookup-results";

/**
 * The search island: everything else on the search pages renders on the server. Without
 * JavaScript the form still works (GET /search). Longer text goes through a server action instead
 * of the URL (URLs are capped at a few KB), which returns the results already rendered.
 */
const MAX_URL_QUERY = 1500;

export function SearchBox({ initial = "" }: { initial?: string }) {
  const router = useRouter();
  const [text, setText] = useState(initial);
  const [inline, setInline] = useState<React.ReactNode>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = text.trim();
    setError(null);
    if (!query) {
      setError("Type words or an error code, or paste an NDR, log excerpt or event text.");
      return;
    }
    if (query.length <= MAX_URL_QUERY) {
      setInline(null);
      router.push(`/search?q=${encodeURIComponent(query)}`);
      return;
    }
    startTransition(async () => {
      const result = await lookupResultsAction(query);
      if ("error" in result) setError(result.error);
      else setInline(result.results);
    });
  }

  return (
    <div>
      <form action="/search" method="get" onSubmit={submit} role="search" className="flex flex-col gap-2">
        <label htmlFor="kb-query" className="text-sm font-medium text-slate-700">
          Search by symptom, error code, or paste an NDR, log excerpt or event text
        </label>
        <textarea
          id="kb-query"
          name="q"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          placeholder={"e.g. 0x800CCC79, 451 5.7.3, duplicate inbound messages, or a whole NDR"}
          className="w-full rounded-md border border-slate-300 bg-white p-3 font-mono text-sm shadow-sm focus:border-sky-600 focus:outline-none focus:ring-2 focus:ring-sky-600"
        />
        <div className="flex items-center gap-3">
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus:outline-none focus:ring-2 focus:ring-sky-600 focus:ring-offset-2 disabled:opacity-60"
          >
            {pending ? "Searching…" : "Search"}
          </button>
          <span className="text-xs text-slate-600">Enter searches; Shift+Enter adds a line.</span>
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </form>
      {inline ? <div className="mt-6">{inline}</div> : null}
    </div>
  );
}
