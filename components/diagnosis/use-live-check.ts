"use client";

import { useEffect, useReducer } from "react";
import { applyLiveMessage, initialLiveState, readNdjson, type LiveMessage, type LiveState } from "@/lib/diagnosis/live";

type Action = { kind: "message"; message: LiveMessage; at: number } | { kind: "lost" };

function reducer(state: LiveState, action: Action): LiveState {
  if (action.kind === "lost") return state;
  return applyLiveMessage(state, action.message, action.at);
}

/** Pause before following again after the stream broke off (server restart, network). */
const RETRY_MS = 1_000;

/**
 * Follows a live check that runs as the saved diagnosis `id` (GET /api/checks/ID/events):
 * what it has seen so far, then each event as it happens, until it finishes. A stream that
 * breaks off is followed again (each reconnect starts with a full replay, so nothing is lost).
 */
export function useFollowCheck(id: string): LiveState {
  const [state, dispatch] = useReducer(reducer, { ...initialLiveState, status: "running" });

  useEffect(() => {
    const controller = new AbortController();
    let stopped = false;
    void (async () => {
      while (!stopped) {
        let finished = false;
        try {
          const response = await fetch(`/api/checks/${encodeURIComponent(id)}/events`, { signal: controller.signal, cache: "no-store" });
          if (response.ok && response.body) {
            for await (const message of readNdjson(response.body)) {
              dispatch({ kind: "message", message, at: Date.now() });
              if (message.type === "finished") finished = true;
            }
          } else if (response.status === 404) {
            finished = true;
          }
        } catch {
          // aborted (page left) or the connection broke: retry below unless stopped
        }
        if (finished || stopped) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    })();
    return () => {
      stopped = true;
      controller.abort();
    };
  }, [id]);

  return state;
}
