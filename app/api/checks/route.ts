import type { NextRequest } from "next/server";
import { z } from "zod";
import { jsonError } from "@/lib/http/responses";
import { readJsonBody, userMessage } from "@/lib/diagnosis/http";
import { diagnosisPath } from "@/lib/diagnosis/record";
import { DiagnosisInputError, runDiagnosis, runRecheck, type DiagnosisRunResult } from "@/lib/diagnosis/service";
import type { CheckEvent, LiveMessage } from "@/lib/diagnosis/live";
import { checkRequestSchema, diagnosisIdSchema, displayNameSchema, firstIssue } from "@/lib/diagnosis/validation";

const recheckSchema = z.object({ recheckOf: diagnosisIdSchema, createdBy: displayNameSchema.optional() });

/**
 * POST /api/checks: the live check. Body: a check request (as POST /api/diagnoses), or
 * { "recheckOf": ID, "createdBy"? } to check a saved diagnosis again. The answer is an NDJSON
 * stream (one JSON object per line, see lib/diagnosis/live.ts): every probe event as it
 * happens, then "done" with the saved diagnosis. Closing the request (the cancel button)
 * aborts the probes; a run that reaches its deadline ends with what it has.
 */
export async function POST(request: NextRequest) {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const isRecheck = typeof body.json === "object" && body.json !== null && "recheckOf" in body.json;
  const recheck = isRecheck ? recheckSchema.safeParse(body.json) : null;
  const check = isRecheck ? null : checkRequestSchema.safeParse(body.json);
  if (recheck && !recheck.success) return jsonError(400, "invalid_request", firstIssue(recheck.error));
  if (check && !check.success) return jsonError(400, "invalid_request", firstIssue(check.error));

  const stopped = new AbortController();
  const signal = AbortSignal.any([request.signal, stopped.signal]);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (message: LiveMessage) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(message)}\n`));
        } catch {
          open = false;
        }
      };
      send({ type: "accepted", at: new Date().toISOString() });
      try {
        const options = { signal, onEvent: (event: CheckEvent) => send({ type: "check", event }) };
        let result: DiagnosisRunResult;
        if (recheck?.success) result = await runRecheck(recheck.data.recheckOf, recheck.data.createdBy, options);
        else result = await runDiagnosis(check!.data!, options);
        send({ type: "done", saved: result.saved, url: result.saved ? diagnosisPath(result.record.id) : null, record: result.record });
      } catch (error) {
        if (!(error instanceof DiagnosisInputError)) console.error("relaydesk: live check failed", error);
        send({ type: "error", message: userMessage(error) });
      } finally {
        open = false;
        try {
          controller.close();
        } catch {
          // already closed by a cancel
        }
      }
    },
    cancel() {
      stopped.abort(new Error("client went away"));
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
