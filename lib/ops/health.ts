/**
 * Server side: what GET /api/health reports. Liveness: the process answers. Readiness: the
 * database answers and every migration of this build's flavour is applied (none failed or
 * pending), so a load balancer sends traffic only to instances that can serve it.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { currentFlavour, getDb } from "@/lib/db/client";
import { instanceId } from "@/lib/scale/instance";

export interface Health {
  status: "ok" | "unavailable";
  live: true;
  ready: boolean;
  instance: string;
  database: { flavour: "sqlite" | "postgres"; reachable: boolean; latencyMs: number | null; error: string | null };
  migrations: { expected: number; applied: number; pending: string[]; failed: string[]; unknown: string[] } | null;
}

/** Migration folders of this build's flavour (prisma/<flavour>/migrations in the checkout). */
function expectedMigrations(flavour: "sqlite" | "postgres"): string[] {
  const dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", flavour, "migrations");
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

export async function checkHealth(): Promise<Health> {
  const flavour = currentFlavour();
  const started = performance.now();
  const db = getDb();
  let rows: Array<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }> | null = null;
  let error: string | null = null;
  try {
    rows = await db.$queryRawUnsafe(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`);
  } catch (e) {
    error = e instanceof Error ? e.message.split("\n").filter(Boolean).slice(-1)[0] ?? "query failed" : String(e);
  }
  const latencyMs = Math.round(performance.now() - started);
  // the migrations table missing still means the database answered
  const reachable = rows !== null || /_prisma_migrations|does not exist|no such table/i.test(error ?? "");
  let migrations: Health["migrations"] = null;
  if (reachable) {
    const expected = expectedMigrations(flavour);
    const done = new Set((rows ?? []).filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
    const failed = (rows ?? []).filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => r.migration_name);
    migrations = {
      expected: expected.length,
      applied: done.size,
      pending: expected.filter((m) => !done.has(m)),
      failed,
      unknown: [...done].filter((m) => !expected.includes(m)).sort(),
    };
  }
  const ready = reachable && migrations !== null && migrations.pending.length === 0 && migrations.failed.length === 0;
  return {
    status: ready ? "ok" : "unavailable",
    live: true,
    ready,
    instance: instanceId(),
    database: { flavour, reachable, latencyMs: reachable ? latencyMs : null, error: reachable ? null : error },
    migrations,
  };
}
