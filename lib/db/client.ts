import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseFlavour, resolveDatabaseUrl } from "./url";

function createClient(): PrismaClient {
  const url = resolveDatabaseUrl();
  if (databaseFlavour(url) !== "sqlite") {
    throw new Error(
      `DATABASE_URL points at PostgreSQL, but this build has only the embedded SQLite provider (url: ${url.replace(/:[^:@/]*@/, ":***@")})`,
    );
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis.
const globalForPrisma = globalThis as unknown as { relaydeskPrisma?: PrismaClient };

export function getDb(): PrismaClient {
  globalForPrisma.relaydeskPrisma ??= createClient();
  return globalForPrisma.relaydeskPrisma;
}

export type Db = PrismaClient;
