import { instanceId } from "@/lib/scale/instance";

/** GET /api/health/live: liveness. 200 while the process serves requests; touches no database. */
export function GET() {
  return Response.json({ status: "ok", live: true, instance: instanceId(), uptimeS: Math.round(process.uptime()) }, { headers: { "cache-control": "no-store" } });
}
