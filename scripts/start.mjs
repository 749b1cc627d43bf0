#!/usr/bin/env node
// `npm start`: apply pending migrations, seed the knowledge base (idempotent), build when there is
// no build of the current sources, then serve on PORT (default 3000). Two at once in one checkout
// take turns (scripts/lib/prepare-lock.mjs).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { buildIfStale, migrateAndSeed, prepareLocked, root, serve } from "./lib/prepare.mjs";

process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
mkdirSync(path.join(root, "data"), { recursive: true });

// one lock around all of it: a second `npm start` in this checkout waits, then reuses the build
prepareLocked(`npm start on port ${process.env.PORT ?? "3000"}`, () => {
  migrateAndSeed();
  buildIfStale();
});
serve(process.env.PORT ?? "3000");
