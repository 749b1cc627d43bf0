// The run-time half of the compiled command line (see cli-bundle.mjs, which builds it): is the
// bundle current, and load it from its V8 code cache. CommonJS and free of dependencies, because
// bin/relaydesk.cjs runs it on every start.
"use strict";
const { readFileSync, statSync } = require("node:fs");
const { createRequire } = require("node:module");
const path = require("node:path");
const vm = require("node:vm");

const root = path.resolve(__dirname, "..", "..");
const cliOutDir = path.join(root, "dist", "cli");
const cliBundle = path.join(cliOutDir, "relaydesk.cjs");
const cliCodeCache = `${cliBundle}.cache`;
const manifestFile = path.join(cliOutDir, "manifest.json");
const zodBundle = path.join(cliOutDir, "zod.cjs");
const zodCodeCache = `${zodBundle}.cache`;
/** Bumped when the build changes, so an older bundle counts as stale. */
const BUILD_FORMAT = 7;

/** Size and mtime of a file under the repository, or null when it is missing. */
function stamp(relative) {
  try {
    const s = statSync(path.join(root, relative));
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

/**
 * True when dist/cli holds a bundle built by this Node from the sources as they are now: every
 * recorded input (the repository's sources the bundle was built from, the configuration, and
 * node_modules/.package-lock.json, which npm rewrites whenever it changes node_modules) has the
 * size and mtime it had at build time.
 */
function isCliBundleCurrent() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return false;
  }
  if (manifest.format !== BUILD_FORMAT || manifest.node !== process.version) return false;
  for (const file in manifest.inputs) {
    const now = stamp(file);
    const recorded = manifest.inputs[file];
    // null: the file did not exist at build time (and must still not)
    if (now === null || recorded === null ? now !== recorded : now.size !== recorded.size || now.mtimeMs !== recorded.mtimeMs) return false;
  }
  return manifest.outputs.every((file) => stamp(file) !== null);
}

/** Evaluates the CommonJS bundle, with V8's code cache when given one; returns its exports. */
function loadBundle(source, cachedData, filename = cliBundle) {
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
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

module.exports = { root, cliOutDir, cliBundle, cliCodeCache, zodBundle, zodCodeCache, manifestFile, BUILD_FORMAT, stamp, isCliBundleCurrent, loadBundle, loadCliBundle, loadZodBundle };
