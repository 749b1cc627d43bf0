"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";
import { applyLiveMessage, initialLiveState, readNdjson, type LiveMessage, type LiveState } from "@/lib/diagnosis/live";

type Action = { kind: "message"; message: LiveMessage } | { kind: "cancelled" } | { kind: "failed"; message: string } | { kind: "reset" };

function reducer(state: LiveState, action: Action): LiveState {
  switch (action.kind) {
    case "message":
      return applyLiveMessage(state, action.message);
    case "cancelled":
      return state.status === "running" ? { ...state, status: "cancelled" } : state;
    case "failed":
      return { ...state, status: "error", error: action.message };
    case "reset":
      return initialLiveState;
  }
}

/** Streams a live check from POST /api/checks; cancel() aborts the request, which stops the probes. */
export function useLiveCheck() {
  const [state, dispatch] = useReducer(reducer, initialLiveState);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async (body: unknown) => {
    controller.current?.abort();
    const ctl = new AbortController();
    controller.current = ctl;
    dispatch({ kind: "reset" });
    try {
      const response = await fetch("/api/checks", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: ctl.signal,
      });
      if (!response.ok || !response.body) {
        let message = `The check could not start (HTTP ${response.status}).`;
        try {
          const json = (await response.json()) as { error?: { message?: string } };
          if (json.error?.message) message = json.error.message;
        } catch {
          // not JSON
        }
        dispatch({ kind: "failed", message });
        return;
      }
      for await (const message of readNdjson(response.body)) dispatch({ kind: "message", message });
    } catch (error) {
      if (ctl.signal.aborted) dispatch({ kind: "cancelled" });
      else dispatch({ kind: "failed", message: error instanceof Error ? error.message : "The connection to the server was lost." });
    } finally {
      if (controller.current === ctl) controller.current = null;
    }
  }, []);

  const cancel = useCallback(() => controller.current?.abort(), []);
  const reset = useCallback(() => {
    controller.current?.abort();
    dispatch({ kind: "reset" });
  }, []);

  return { state, start, cancel, reset };
}
