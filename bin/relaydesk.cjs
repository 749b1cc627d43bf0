#!/usr/bin/env node
// RelayDesk command line: runs the compiled bundle of lib/cli (dist/cli, built by `npm install` and
// `npm start`; see scripts/lib/cli-bundle.mjs) from its V8 code cache. CommonJS, so a start does not
// pay for the ES module loader. A bundle older than its sources is rebuilt first, or refused when
// it cannot be rebuilt. Usage: npx relaydesk probe smtp HOST[:PORT] ...
"use strict";
const { isCliBundleCurrent, loadCliBundle } = require("../scripts/lib/cli-bundle-runtime.cjs");

async function run() {
  if (!isCliBundleCurrent()) {
    process.stderr.write("relaydesk: the command line bundle is missing or older than its sources; rebuilding\n");
    try {
      await (await import("../scripts/lib/cli-bundle.mjs")).buildCliBundle();
    } catch (err) {
      process.stderr.write(`relaydesk: cannot rebuild the command line bundle (${String(err.message).split("\n")[0]}); run \`npm run build:cli\`\n`);
      return 1;
    }
  }
  return loadCliBundle().main(process.argv.slice(2));
}

run().then((code) => {
  // flush, then exit even if a library (database client) keeps handles open
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
});
