#!/usr/bin/env node
// `npm start`: apply pending migrations, seed the knowledge base (idempotent), build when there is
// no build of the current sources, then serve on PORT (default 3000).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { bin, buildIfStale, migrateAndSeed, root } from "./lib/prepare.mjs";

process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
mkdirSync(path.join(root, "data"), { recursive: true });

migrateAndSeed();
buildIfStale();

const port = process.env.PORT ?? "3000";
const server = spawn(bin("next"), ["start", "-p", port], { stdio: "inherit", env: process.env, cwd: root });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
