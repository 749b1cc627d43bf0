#!/usr/bin/env node
// `npm run db:deploy`: apply pending migrations of the flavour DATABASE_URL names (SQLite or PostgreSQL).
import { bin, prismaCliEnv, root, run } from "./lib/prepare.mjs";

process.chdir(root);
run("database migrations", bin("prisma"), ["migrate", "deploy"], prismaCliEnv());
