#!/usr/bin/env node
// RelayDesk command line: runs the compiled bundle of lib/cli (dist/cli, built by `npm install` and
// `npm start`; see scripts/lib/cli-bundle.mjs) from its V8 code cache. A bundle older than its
// sources is rebuilt first, or refused when it cannot be rebuilt.
// Usage: npx relaydesk probe smtp HOST[:PORT] ...
//
// This file is also the run-time half of the build (scripts/lib/cli-bundle.mjs requires it): is
// the bundle current, and load it. One CommonJS file without dependencies, because every start
// pays for each file it loads (the ES module loader, a second file: ~1 ms each); it runs the
// command line only as the program node was started with.
"use strict";
const { readFileSync, statSync } = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
// the CommonJS loader's own createRequire: require("node:module") would load the public module
// API (and its source-map support) on every start
const { createRequire } = module.constructor;

const root = path.resolve(__dirname, "..");
const cliOutDir = path.join(root, "dist", "cli");
const cliBundle = path.join(cliOutDir, "relaydesk.cjs");
const cliCodeCache = `${cliBundle}.cache`;
const manifestFile = path.join(cliOutDir, "manifest.json");
const zodBundle = path.join(cliOutDir, "zod.cjs");
const zodCodeCache = `${zodBundle}.cache`;
/** Bumped when the build changes, so an older bundle counts as stale. */
const BUILD_FORMAT = 10;

/**
 * [size, mtimeMs] of a file under the repository (a path relative to it, "/"-separated), or null
 * when it is missing.
 */
function stamp(relative) {
  const s = statSync(`${root}${path.sep}${relative}`, { throwIfNoEntry: false });
  return s === undefined ? null : [s.size, s.mtimeMs];
}

/**
 * True when dist/cli holds a bundle built by this Node from the sources as they are now: every
 * recorded input (the repository's sources the bundle was built from, the configuration, and
 * node_modules/.package-lock.json, which npm rewrites whenever it changes node_modules) has the
 * size and mtime it had at build time, and every output is there. The manifest lists them as
 * [path, size, mtimeMs] (size and mtime null: the file did not exist, and must still not), one
 * stat each: this runs on every start.
 */
function isCliBundleCurrent() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return false;
  }
  if (manifest.format !== BUILD_FORMAT || manifest.node !== process.version || !Array.isArray(manifest.inputs)) return false;
  for (const [file, size, mtimeMs] of manifest.inputs) {
    const now = stamp(file);
    if (now === null ? size !== null : now[0] !== size || now[1] !== mtimeMs) return false;
  }
  for (const file of manifest.outputs) if (stamp(file) === null) return false;
  return true;
}

/** How a bundle's text begins and ends (see FUNCTION_WRAPPER in scripts/lib/cli-bundle.mjs). */
const MODULE_WRAPPER = ["function (exports, require, module, __filename, __dirname) {", "\n})"];

/**
 * Evaluates a bundle (the text of one function expression that takes CommonJS's module
 * arguments), with V8's code cache when given one; returns the script and the bundle's exports.
 */
function loadBundle(source, cachedData, filename = cliBundle) {
  if (!source.startsWith(`(${MODULE_WRAPPER[0]}`)) throw new Error(`${filename} is not a command line bundle of this build`);
  const script = new vm.Script(source, { filename, cachedData });
  const bundleModule = { exports: {} };
  script.runInThisContext()(bundleModule.exports, createRequire(filename), bundleModule, filename, path.dirname(filename));
  return { script, exports: bundleModule.exports };
}

/** Reads and evaluates dist/cli/relaydesk.cjs (with its code cache when there is one). */
function loadCliBundle() {
  let cachedData;
  try {
    cachedData = readFileSync(cliCodeCache);
  } catch {
    // no cache: V8 compiles as usual
  }
  return loadBundle(readFileSync(cliBundle, "utf8"), cachedData).exports;
}

let zodLoaded;
/**
 * dist/cli/zod.cjs (zod with English messages), with its own code cache: the command line loads
 * it only when it validates with zod (other probes than SMTP, options off the fast path, errors).
 * Without its JIT: each schema is used about once a run, and JIT-compiled parsers never reach the
 * code cache. Returns { script, exports }.
 */
function loadZodBundle() {
  if (zodLoaded === undefined) {
    let cachedData;
    try {
      cachedData = readFileSync(zodCodeCache);
    } catch {
      // no cache: V8 compiles as usual
    }
    zodLoaded = loadBundle(readFileSync(zodBundle, "utf8"), cachedData, zodBundle);
    zodLoaded.exports.config({ jitless: true });
  }
  return zodLoaded;
}


module.exports = { root, cliOutDir, cliBundle, cliCodeCache, zodBundle, zodCodeCache, manifestFile, BUILD_FORMAT, MODULE_WRAPPER, stamp, isCliBundleCurrent, loadBundle, loadCliBundle, loadZodBundle };

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

if (require.main === module) {
  // process.stderr is created on first use (~0.5 ms for a pipe), and most runs write nothing to
  // it: note whether anything did, so that only a stream that exists is flushed before the exit
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
  run().then((code) => {
    // flush, then exit even if a library (database client) keeps handles open
    const exit = () => process.exit(code);
    process.stdout.write("", () => (stderrUsed ? process.stderr.write("", exit) : exit()));
  });
}
