#!/usr/bin/env node
// RelayDesk command line. Registers tsx so the TypeScript sources run as they are,
// then hands over to lib/cli/main.ts. Usage: npx relaydesk probe smtp HOST[:PORT] ...
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register as registerCjs } from "tsx/cjs/api";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsconfig = path.join(root, "tsconfig.json");
// path aliases (@/...) of the project apply wherever the command is started from
if (!process.env.TSX_TSCONFIG_PATH && existsSync(tsconfig)) process.env.TSX_TSCONFIG_PATH = tsconfig;
registerCjs();
register();

const mod = await import("../lib/cli/main.ts");
const main = typeof mod.main === "function" ? mod.main : mod.default?.main;
const code = await main(process.argv.slice(2));
// flush, then exit even if a library (database client) keeps handles open
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
