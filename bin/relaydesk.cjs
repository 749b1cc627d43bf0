#!/usr/bin/env node
// RelayDesk command line: runs the compiled bundle of lib/cli (dist/cli, built by `npm install` and
// `npm start`; see scripts/lib/cli-bundle.mjs) from its V8 code cache. CommonJS, so a start does not
// pay for the ES module loader. A bundle older than its sources is rebuilt first, or refused when
// it cannot be rebuilt. Usage: npx relaydesk probe smtp HOST[:PORT] ...
"use strict";
const { isCliBundleCurrent, loadCliBundle } = require("../scripts/lib/cli-bundle-runtime.cjs");

// process.stderr is created on first use (~0.5 ms for a pipe), and most runs write nothing to it:
// note whether anything did, so that only a stream that exists is flushed before the exit
const stderrOf = Object.getOwnPropertyDescriptor(process, "stderr");
let stderrUsed = false;
if (stderrOf && stderrOf.get && stderrOf.configurable) {
  Object.defineProperty(process, "stderr", {
    configurable: true,
    enumerable: stderrOf.enumerable,
    get() {
      stderrUsed = true;
      return stderrOf.get.call(process);
    },
  });
} else {
  stderrUsed = true;
}

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
  const exit = () => process.exit(code);
  process.stdout.write("", () => (stderrUsed ? process.stderr.write("", exit) : exit()));
});
