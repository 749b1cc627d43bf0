#!/usr/bin/env node
// prisma/postgres/schema.prisma is derived from prisma/sqlite/schema.prisma (the one to edit):
// same models, the PostgreSQL provider and its own client folder. `--check` exits 1 when the
// derived file is stale (CI), instead of writing it.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const source = path.join(root, "prisma", "sqlite", "schema.prisma");
const target = path.join(root, "prisma", "postgres", "schema.prisma");

export function derivePostgresSchema(text) {
  const out = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url(\s*)=\s*"file:[^"]*"/, 'url$1= "postgresql://placeholder"')
    .replace(/output(\s*)=\s*"\.\.\/\.\.\/lib\/generated\/prisma"/, 'output$1= "../../lib/generated/prisma-pg"');
  if (out.includes('"sqlite"') || !out.includes("prisma-pg")) throw new Error("derive-postgres-schema: the SQLite schema's datasource or generator block has an unexpected form");
  return `// GENERATED from prisma/sqlite/schema.prisma by scripts/derive-postgres-schema.mjs; do not edit.\n${out}`;
}

const derived = derivePostgresSchema(readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  if (!existsSync(target) || readFileSync(target, "utf8") !== derived) {
    console.error("prisma/postgres/schema.prisma is stale: run `node scripts/derive-postgres-schema.mjs`");
    process.exit(1);
  }
  console.log("prisma/postgres/schema.prisma is current");
} else {
  writeFileSync(target, derived);
}
