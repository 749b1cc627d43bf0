"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useTransition } from "react";
import { cancelCheckAction } from "@/app/d/[id]/actions";
import { LiveProgress } from "./live-progress";
import { useFollowCheck } from "./use-live-check";

/**
 * The running check on its diagnosis page: follows it live (also after a reload, or when a
 * colleague opens the link mid-run), cancels on the button or Esc, and shows the saved result
 * (a server render of the same page) when it ends.
 */
export function LiveRun({ id }: { id: string }) {
  const router = useRouter();
  const state = useFollowCheck(id);
  const form = useRef<HTMLFormElement>(null);
  const [cancelling, startCancel] = useTransition();
  const finished = state.status === "finished";

  useEffect(() => {
    if (finished) router.refresh();
  }, [finished, router]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented && !finished) form.current?.requestSubmit();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [finished]);

  return (
    <section aria-labelledby="live-heading" className="space-y-4 rounded-lg border border-sky-200 bg-white p-4" data-testid="live-run">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="live-heading" className="text-lg font-semibold">
          {finished ? "The check has ended; loading the result…" : "Checking now"}
        </h2>
        {!finished ? (
          <form
            ref={form}
            action={(data) => startCancel(() => cancelCheckAction(data))}
          >
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="js" value="1" />
            <button
              type="submit"
              disabled={cancelling}
              aria-keyshortcuts="Escape"
              className="min-h-11 rounded border border-slate-400 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100 focus:outline-none focus:ring-2 focus:ring-sky-600 disabled:text-slate-500"
            >
              {cancelling ? "Cancelling…" : "Cancel (Esc)"}
            </button>
          </form>
        ) : null}
      </div>
      <p className="text-sm text-slate-700">
        This page is the diagnosis: its link works now, for you and for colleagues, and shows the result when the check ends. A cancelled
        check is saved with what it saw.
      </p>
      <LiveProgress state={state} />
    </section>
  );
}
