// The run-time half of the compiled command line (see cli-bundle.mjs, which builds it): is the
// bundle current, and load it from its V8 code cache. CommonJS and free of dependencies, because
// bin/relaydesk.cjs runs it on every start.
"use strict";
const { readFileSync, statSync } = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
// the CommonJS loader's own createRequire: require("node:module") would load the public module
// API (and its source-map support) on every start
const { createRequire } = module.constructor;

const root = path.resolve(__dirname, "..", "..");
const cliOutDir = path.join(root, "dist", "cli");
const cliBundle = path.join(cliOutDir, "relaydesk.cjs");
const cliCodeCache = `${cliBundle}.cache`;
const manifestFile = path.join(cliOutDir, "manifest.json");
const zodBundle = path.join(cliOutDir, "zod.cjs");
const zodCodeCache = `${zodBundle}.cache`;
/** Bumped when the build changes, so an older bundle counts as stale. */
const BUILD_FORMAT = 8;

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

/** How a bundle's text begins and ends (see FUNCTION_WRAPPER in cli-bundle.mjs). */
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
