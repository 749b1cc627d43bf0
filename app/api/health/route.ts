import { jsonOk } from "@/lib/http/responses";

/** Liveness probe; touches no database (also the framework-floor baseline for benchmarks). */
export function GET() {
  return jsonOk({ status: "ok" });
}
