#!/usr/bin/env node
// `npm start`: apply pending migrations, seed the knowledge base (idempotent), build when there is
// no build of the current sources, then serve on PORT (default 3000).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { buildIfStale, migrateAndSeed, root, serve } from "./lib/prepare.mjs";

process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
mkdirSync(path.join(root, "data"), { recursive: true });

migrateAndSeed();
buildIfStale();
serve(process.env.PORT ?? "3000");
