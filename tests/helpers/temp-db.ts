import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A fresh SQLite database file with every committed migration applied (real `prisma migrate
 * deploy`, the same path `npm start` takes). Sets DATABASE_URL for this test process, so call it
 * before the first database access.
 */
export function createTempDatabase(): { url: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "relaydesk-test-"));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  const prisma = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  const result = spawnSync(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  process.env.DATABASE_URL = url;
  return { url, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
