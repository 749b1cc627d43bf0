import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "@/lib/generated/prisma-pg/client";
import { databaseFlavour, resolveDatabaseUrl } from "./url";

/**
 * Shared code is typed against the SQLite client; both flavours have the same models (the
 * PostgreSQL schema is derived from the SQLite one), so queries that avoid PostgreSQL-only options
 * (mode, skipDuplicates, isolation levels) work on either. Which client is built follows
 * DATABASE_URL at run time, so one build serves both databases.
 */
export type Db = PrismaClient;

/** Connections per instance to PostgreSQL (pool size); RELAYDESK_PG_POOL_SIZE overrides it. */
export const DEFAULT_PG_POOL_SIZE = 10;

export function createClient(url: string = resolveDatabaseUrl()): Db {
  if (databaseFlavour(url) === "postgres") {
    const max = Number(process.env.RELAYDESK_PG_POOL_SIZE) || DEFAULT_PG_POOL_SIZE;
    // the generated clients differ only in PostgreSQL-only options (isolation levels), not in shape
    return new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { relaydeskPrisma?: Db };

export function getDb(): Db {
  globalForPrisma.relaydeskPrisma ??= createClient();
  return globalForPrisma.relaydeskPrisma;
}

/** "postgres" or "sqlite": the engine behind getDb() in this process. */
export function currentFlavour(): "sqlite" | "postgres" {
  return databaseFlavour(resolveDatabaseUrl());
}

