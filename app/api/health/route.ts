import { checkHealth } from "@/lib/ops/health";

/**
 * GET /api/health: readiness. 200 when the database answers and every migration is applied,
 * else 503; the body says which (database reachability and latency, pending or failed migrations).
 * GET /api/health/live is liveness (the process answers, no database work).
 */
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
}
