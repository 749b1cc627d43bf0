import { NextResponse } from "next/server";

/** Error bodies have one shape everywhere: { error: { message, code, status } }. */
export function jsonError(status: number, code: string, message: string): NextResponse {
  return NextResponse.json({ error: { message, code, status } }, { status });
}

export function jsonOk<T>(body: T, init?: { status?: number; headers?: Record<string, string> }): NextResponse {
  return NextResponse.json(body, { status: init?.status ?? 200, headers: { "cache-control": "no-store", ...init?.headers } });
}
