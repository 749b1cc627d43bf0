import { NextResponse } from "next/server";

/**
 * Error bodies have one shape everywhere: { error: { message, code, status } }. Refusals of
 * client input (4xx) are logged on one line with the request they answer, so a malformed request
 * leaves a trace; 5xx are logged where the error is caught, with its stack.
 */
export function jsonError(status: number, code: string, message: string, request?: Request): NextResponse {
  if (status >= 400 && status < 500) logRefusal(status, code, message, request);
  return NextResponse.json({ error: { message, code, status } }, { status, headers: { "cache-control": "no-store" } });
}

export function logRefusal(status: number, code: string, message: string, request?: Request): void {
  let where = "";
  if (request) {
    let path = "";
    try {
      path = new URL(request.url).pathname;
    } catch {
      path = "?";
    }
    where = ` ${request.method} ${path.slice(0, 200)}`;
  }
  console.warn(`relaydesk: refused${where}: ${status} ${code}: ${message.slice(0, 300)}`);
}

export function jsonOk<T>(body: T, init?: { status?: number; headers?: Record<string, string> }): NextResponse {
  return NextResponse.json(body, { status: init?.status ?? 200, headers: { "cache-control": "no-store", ...init?.headers } });
}
