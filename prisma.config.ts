import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseFlavour, resolveDatabaseUrl } from "./lib/db/url";

// The flavour follows DATABASE_URL (postgresql://… or a SQLite file); PRISMA_FLAVOUR overrides it
// for commands that need no database (generate). See README "Database flavours".
const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL);
const flavour = process.env.PRISMA_FLAVOUR === "postgres" || process.env.PRISMA_FLAVOUR === "sqlite" ? process.env.PRISMA_FLAVOUR : databaseFlavour(databaseUrl);

// better-sqlite3's prepare() rejects multi-statement SQL, which the schema engine's shadow
// replay sends through executeRaw; route argument-less statements to executeScript instead.
class CliSqliteAdapter extends PrismaBetterSQLite3 {
  async connectToShadowDb() {
    const adapter = await super.connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length === 0) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      return executeRaw(query);
    };
    return adapter;
  }
}

// Catalogue types adapter-pg 6.19 cannot deserialize (name, "char", regproc, …; prisma/orm#27403):
// the schema engine reads them from pg_catalog, so they are passed on as text.
const CATALOGUE_TYPE_IDS = new Set([18, 19, 22, 24, 30, 194, 2205, 2206]);
const TEXT_TYPE_ID = 25;
const patched = new WeakSet<object>();

function patchCatalogueTypes(adapter: object): void {
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as { performIO?: (...args: unknown[]) => Promise<{ fields?: Array<{ dataTypeID: number }> }> };
  if (!proto.performIO || patched.has(proto)) return;
  patched.add(proto);
  const performIO = proto.performIO;
  proto.performIO = async function (this: unknown, ...args: unknown[]) {
    const result = await performIO.apply(this, args);
    for (const field of result.fields ?? []) if (CATALOGUE_TYPE_IDS.has(field.dataTypeID)) field.dataTypeID = TEXT_TYPE_ID;
    return result;
  };
}

/** Discrete fields, not a connection string: the shadow pool is `{...config, database}`, which a connectionString would override. */
function pgConfig(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")),
    // the pool's default 10 s idle timeout kept every CLI command alive 10 s after its work
    idleTimeoutMillis: 500,
  };
}

/**
 * adapter-pg's executeScript splits a migration on every ";", quotes and function bodies included,
 * so a plpgsql trigger function cannot be migrated. PostgreSQL's simple query protocol takes the
 * whole script at once (as psql -f would), in one implicit transaction.
 */
function wholeScripts(adapter: { executeScript: (script: string) => Promise<void> }): void {
  const client = (adapter as unknown as { client: { query: (sql: string) => Promise<unknown> } }).client;
  const onError = (adapter as unknown as { onError: (error: unknown) => never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await client.query(script);
    } catch (error) {
      onError(error);
    }
  };
}

class CliPgAdapter extends PrismaPg {
  async connect() {
    const adapter = await super.connect();
    patchCatalogueTypes(adapter);
    wholeScripts(adapter);
    return adapter;
  }
  async connectToShadowDb() {
    const adapter = await super.connectToShadowDb();
    patchCatalogueTypes(adapter);
    wholeScripts(adapter);
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", flavour, "schema.prisma"),
  migrations: {
    path: path.join("prisma", flavour, "migrations"),
    seed: "tsx prisma/seed.ts",
  },
  adapter: async () =>
    flavour === "postgres"
      ? new CliPgAdapter(pgConfig(databaseFlavour(databaseUrl) === "postgres" ? databaseUrl : "postgresql://placeholder@127.0.0.1:1/placeholder"))
      : new CliSqliteAdapter({ url: databaseUrl }),
});
