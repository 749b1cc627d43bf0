import { authorizeRequest } from "@/lib/auth/require";
import { jsonError } from "@/lib/http/responses";
import type { LiveMessage } from "@/lib/diagnosis/live";
import { followRun } from "@/lib/diagnosis/live-runs";
import { getDiagnosisHeader } from "@/lib/diagnosis/store";
import { currentFlavour } from "@/lib/db/client";
import { followStoredRun } from "@/lib/scale/live-events";

/**
 * GET /api/checks/ID/events: follows a live check that runs as a saved diagnosis. NDJSON
 * (lib/diagnosis/live.ts): "sync" with the time it has been running, everything it has seen
 * so far, then each event as it happens, then "finished". A check that is not running (any
 * more) answers "finished" with its status at once; its page shows the saved result.
 * On PostgreSQL the check may run on another instance: its messages are read from the database
 * (lib/scale/live-events.ts), the same stream whichever instance serves this request.
 */
export async function GET(request: Request, { params }: RouteContext<"/api/checks/[id]/events">) {
  const staff = await authorizeRequest(request, "viewer");
  if (staff instanceof Response) return staff;
  const { id } = await params;
  const header = await getDiagnosisHeader(id);
  if (!header) return jsonError(404, "not_found", "No such diagnosis.");
  const encoder = new TextEncoder();
  let unsubscribe: (() => void) | null = null;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const close = () => {
        if (!open) return;
        open = false;
        unsubscribe?.();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const send = (message: LiveMessage) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
        } catch {
          open = false;
        }
        if (message.type === "finished") close();
      };
      if (currentFlavour() === "postgres") {
        const stop = new AbortController();
        unsubscribe = () => stop.abort();
        followStoredRun(id, new Date(header.createdAt), send, stop.signal).then(close, (error: unknown) => {
          console.error(`relaydesk: following check ${id} failed`, error);
          close();
        });
        request.signal.addEventListener("abort", close, { once: true });
        return;
      }
      unsubscribe = followRun(id, send);
      if (!unsubscribe) {
        // not running in this process: finished, or left running by a process that ended
        send({ type: "finished", status: header.status === "running" ? "interrupted" : header.status });
      }
      request.signal.addEventListener("abort", close, { once: true });
    },
    cancel() {
      unsubscribe?.();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" },
  });
}
