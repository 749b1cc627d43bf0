import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { resolveDatabaseUrl } from "./lib/db/url";

const databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL);

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

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "sqlite", "schema.prisma"),
  migrations: {
    path: path.join("prisma", "sqlite", "migrations"),
    seed: "tsx prisma/seed.ts",
  },
  adapter: async () => new CliSqliteAdapter({ url: databaseUrl }),
});
