import type { NextRequest } from "next/server";
import { z } from "zod";
import { auditCheckLimited, auditCheckRun, consumeCheckLimits } from "@/lib/audit/checks";
import { tooManyRequests } from "@/lib/auth/limits";
import { authorizeRequest } from "@/lib/auth/require";
import { refuseForeignHost } from "@/lib/http/body";
import { fromRequest } from "@/lib/http/request-from";
import { setDiagnosisOwner } from "@/lib/diagnosis/store";
import { jsonError } from "@/lib/http/responses";
import { errorResponse, readJsonBody, userMessage } from "@/lib/diagnosis/http";
import { diagnosisPath } from "@/lib/diagnosis/record";
import { DiagnosisInputError, prepareDiagnosis, recheckPlan, runDiagnosis } from "@/lib/diagnosis/service";
import type { CheckEvent, LiveMessage } from "@/lib/diagnosis/live";
import { checkRequestSchema, diagnosisIdSchema, displayNameSchema, firstIssue } from "@/lib/diagnosis/validation";

const recheckSchema = z.object({ recheckOf: diagnosisIdSchema, createdBy: displayNameSchema.optional() });

/**
 * POST /api/checks: the live check. Body: a check request (as POST /api/diagnoses), or
 * { "recheckOf": ID, "createdBy"? } to check a saved diagnosis again. The answer is an NDJSON
 * stream (one JSON object per line, see lib/diagnosis/live.ts): every probe event as it
 * happens, then "done" with the saved diagnosis. Closing the request (the cancel button)
 * aborts the probes; a run that reaches its deadline ends with what it has. Everything that can be
 * refused before a probe runs (bad JSON, bad fields, unknown keys or ids, a re-check of another
 * target) is a 4xx JSON error like POST /api/diagnoses, not a line in a 200 stream.
 */
export async function POST(request: NextRequest) {
  const foreign = refuseForeignHost(request);
  if (foreign) return foreign;
  const staff = await authorizeRequest(request, "helpdesk");
  if (staff instanceof Response) return staff;
  const from = fromRequest(request);
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const isRecheck = typeof body.json === "object" && body.json !== null && "recheckOf" in body.json;
  const recheck = isRecheck ? recheckSchema.safeParse(body.json) : null;
  const check = isRecheck ? null : checkRequestSchema.safeParse(body.json);
  if (recheck && !recheck.success) return jsonError(400, "invalid_request", firstIssue(recheck.error), request);
  if (check && !check.success) return jsonError(400, "invalid_request", firstIssue(check.error), request);
  let prepared;
  try {
    prepared = recheck?.success
      ? await recheckPlan(recheck.data.recheckOf, staff.name)
      : { request: { ...check!.data!, createdBy: staff.name }, wizard: await prepareDiagnosis(check!.data!) };
  } catch (error) {
    return errorResponse(error, request);
  }
  const run = prepared;
  const limited = await consumeCheckLimits(staff, run.request.host);
  if (!limited.ok) {
    await auditCheckLimited(staff, run.request.host, limited, from);
    return tooManyRequests(limited);
  }

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
        const onEvent = (event: CheckEvent) => send({ type: "check", event });
        const result = await runDiagnosis(run.request, { signal, onEvent, wizard: run.wizard });
        if (result.saved) await setDiagnosisOwner(result.record.id, staff.userId);
        await auditCheckRun(staff, result.record, from, { via: "api-stream", saved: result.saved });
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
