// The compiled `relaydesk` command line (bin/relaydesk.cjs runs it). tsx compiling the TypeScript
// sources on every start cost ~0.4 s a run, so lib/cli is bundled by esbuild into dist/cli/:
//   relaydesk.cjs        the command line and the probe engine, one CommonJS file, run from a V8
//                        code cache (relaydesk.cjs.cache, produced by a training probe against a
//                        loopback responder) so a start neither parses nor compiles it again;
//   zod.cjs              zod (English messages), with its own code cache zod.cjs.cache, required only
//                        when options are validated with zod (see lazyZod below);
//   kb-lookup.cjs        the knowledge-base side (Prisma client, ranking), required only when a
//                        probe's findings are looked up in the knowledge base;
//   kb-admin.cjs         `relaydesk kb export|import` (Prisma client, KB files), required only for it;
//   manifest.json        size and mtime of every input, for isCliBundleCurrent().
// bin/relaydesk.cjs checks and loads it (and is this build's run-time half).
// Built by `npm install` (postinstall) and `npm start`'s build step; a stale bundle is rebuilt by
// bin/relaydesk.cjs before it runs.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const runtime = createRequire(import.meta.url)("../../bin/relaydesk.cjs");
export const { root, cliOutDir, cliBundle, cliCodeCache, zodBundle, zodCodeCache, isCliBundleCurrent, loadBundle, loadZodBundle } = runtime;
const { manifestFile, BUILD_FORMAT, stamp } = runtime;
/** Files that change the bundle without being one of its inputs (see isCliBundleCurrent). */
const CONFIG_INPUTS = ["package.json", "tsconfig.json", "node_modules/.package-lock.json", "scripts/lib/cli-bundle.mjs", "bin/relaydesk.cjs"];
/** Loaded from node_modules at run time: native code, and the Prisma runtime with its wasm. */
const EXTERNAL = ["@prisma/client", "@prisma/client/*", "@prisma/adapter-better-sqlite3", "better-sqlite3", "@prisma/adapter-pg", "pg"];
/**
 * Built-in modules a plain SMTP probe does not need at start (TLS and crypto cost ~10 ms to load):
 * their stand-in loads the module on first use (see builtinStandIns).
 */
const LAZY_BUILTINS = new Set(["node:tls", "node:crypto", "node:dns", "node:dns/promises", "node:os"]);

/** Writes a file so that a concurrent reader sees the old or the new content, never a part. */
function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/**
 * Every `node:` import of the main bundle goes through a stand-in whose prototype is the module
 * (or, for LAZY_BUILTINS, a Proxy that requires the module on first use). esbuild turns a
 * default import of a CommonJS module into a copy of all its properties (__toESM), made again in
 * each importing file: ~250 property copies and ~250 KB of garbage a start for net, crypto, tls,
 * dns and os. A stand-in has no properties of its own, so nothing is copied, and every property
 * read reaches the real module through the prototype.
 */
const builtinStandIns = {
  name: "builtin-stand-ins",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      // the stand-in itself requires the real module
      args.namespace === "builtin-stand-in" ? { path: args.path, external: true } : { path: args.path, namespace: "builtin-stand-in" },
    );
    build.onLoad({ filter: /.*/, namespace: "builtin-stand-in" }, (args) => {
      const id = JSON.stringify(args.path);
      const contents = LAZY_BUILTINS.has(args.path)
        ? `let m;\nmodule.exports = Object.create(new Proxy({}, { get: (_, key) => (m ??= require(${id}))[key] }));\n`
        : `module.exports = Object.create(require(${id}));\n`;
      return { contents, loader: "js" };
    });
  },
};

/**
/**
 * In the main bundle, ./kb-lookup, ./kb-admin and ./token-store are the separate kb-lookup.cjs,
 * kb-admin.cjs and token-store.cjs (all load the database client), required when first imported
 * (kb-admin.cjs itself requires ./kb-lookup.cjs the same way).
 */
const separateDbModules = {
  name: "separate-db-modules",
  setup(build) {
    build.onResolve({ filter: /^\.\/(kb-lookup|kb-admin|token-store|agent-token-store)$/ }, (args) => ({ path: args.path.slice(2), namespace: "db-module" }));
    build.onLoad({ filter: /.*/, namespace: "db-module" }, (args) => ({ contents: `module.exports = require("./${args.path}.cjs");`, loader: "js" }));
    build.onResolve({ filter: /^\.\/(kb-lookup|kb-admin|token-store|agent-token-store)\.cjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** The generated Prisma client finds its files from import.meta.url. */
const dbModuleOptions = {
  define: { "import.meta.url": "__relaydeskModuleUrl" },
  banner: { js: 'const __relaydeskModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
};

/**
 * zod's namespace object re-exports its error messages in ~40 languages (260 KB of the bundle's
 * 580 KB); the CLI only ever uses the default, English.
 */
const englishZodMessages = {
  name: "english-zod-messages",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`)
        ? { path: path.join(path.dirname(args.importer), "..", "locales", "index.js"), namespace: "zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(args.path), "en.js"))};`,
      loader: "js",
      resolveDir: path.dirname(args.path),
    }));
  },
};

/**
 * zod is only needed when SMTP options leave the fast path (lib/probes/smtp-options-fast.ts) and
 * for the other probes, so it is a bundle of its own (dist/cli/zod.cjs, with its own code cache):
 * the sources' `import ... from "zod"` get a stand-in whose properties load it on first use
 * (bin/relaydesk.cjs loadZodBundle). In the main bundle, zod's namespaces alone cost ~5 ms a
 * start even when nothing used them.
 */
const ZOD_LOADER = "../../bin/relaydesk.cjs";
const lazyZod = {
  name: "lazy-zod",
  setup(build) {
    build.onResolve({ filter: /^zod$/ }, () => ({ path: "zod", namespace: "lazy-zod" }));
    build.onResolve({ filter: new RegExp(`^${ZOD_LOADER.replace(/[./]/g, "\\$&")}$`) }, (args) => ({ path: args.path, external: true }));
    // an ES module exporting only `z` (the one name the sources import; esbuild refuses a build that
    // imports another): a CommonJS stand-in would have every one of zod's ~260 names copied onto
    // an import object at each start
    build.onLoad({ filter: /.*/, namespace: "lazy-zod" }, () => ({
      contents: `let m;\nconst load = () => (m ??= require(${JSON.stringify(ZOD_LOADER)}).loadZodBundle().exports.z);\nexport const z = new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });\n`,
      loader: "js",
    }));
  },
};

/** The entry of dist/cli/zod.cjs: zod's ES module build (one zod, English messages only). */
const zodEntry = {
  name: "zod-entry",
  setup(build) {
    build.onResolve({ filter: /^relaydesk-zod-entry$/ }, () => ({ path: "zod-entry", namespace: "zod-entry" }));
    build.onLoad({ filter: /.*/, namespace: "zod-entry" }, () => ({ contents: 'export * from "zod";', loader: "js", resolveDir: root }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: true,
  // no keepNames: its __name() call per function costs ~8% of a start; nothing reads function names
  keepNames: false,
  legalComments: "none",
  external: [...EXTERNAL, ...builtinModules.filter((m) => !m.startsWith("_")), "node:*"],
  tsconfig: path.join(root, "tsconfig.json"),
  metafile: true,
  write: false,
  logLevel: "warning",
};

/**
 * relaydesk.cjs and zod.cjs are written as one function expression taking CommonJS's module
 * arguments, which loadBundle compiles as it is: wrapping the text at run time would make V8 copy
 * the whole bundle into a new string on every start.
 */
const FUNCTION_WRAPPER = { banner: { js: `(${runtime.MODULE_WRAPPER[0]}` }, footer: { js: runtime.MODULE_WRAPPER[1] } };

/** A minimal SMTP responder on loopback for the training probe. */
function startResponder() {
  const server = net.createServer((c) => {
    c.on("error", () => undefined);
    c.write("220 relaydesk-build.invalid ESMTP\r\n");
    let buf = "";
    c.on("data", (d) => {
      buf += d.toString("latin1");
      for (let i = buf.indexOf("\n"); i !== -1; i = buf.indexOf("\n")) {
        const verb = buf.slice(0, i).trim().split(" ")[0].toUpperCase();
        buf = buf.slice(i + 1);
        if (verb === "EHLO") c.write("250-relaydesk-build.invalid\r\n250-PIPELINING\r\n250 SIZE 10485760\r\n");
        else if (verb === "QUIT") c.end("221 2.0.0 Bye\r\n");
        else c.write("500 5.5.2 Error: command not recognized\r\n");
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/**
 * Loads the bundle as bin/relaydesk.cjs does, runs the help, the catalogue and one SMTP probe
 * (human and JSON output) against a loopback responder, then keeps V8's code for everything that
 * ran. Functions that did not run compile lazily as usual.
 */
async function trainCodeCache(source) {
  const { script, exports } = loadBundle(source, undefined);
  const server = await startResponder();
  const io = { stdout: () => undefined, stderr: (t) => process.env.RELAYDESK_DEBUG_BUILD && process.stderr.write(t), env: { RELAYDESK_PROBE_ALLOW_CIDRS: "127.0.0.0/8", RELAYDESK_PROBE_PORTS: "any" } };
  const target = `127.0.0.1:${server.address().port}`;
  try {
    for (const argv of [["--help"], ["findings", "--json"], ["probe", "smtp", target, "--no-kb"], ["probe", "smtp", target, "--json", "--no-kb"]]) {
      const code = await exports.main(argv, io);
      if (code !== 0) throw new Error(`training run relaydesk ${argv.join(" ")} exited ${code}`);
    }
    // runs that validate with zod, for zod.cjs's own cache: a TCP probe, and SMTP options refused
    if ((await exports.main(["probe", "tcp", target, "--json", "--no-kb"], io)) !== 0) throw new Error("training run relaydesk probe tcp failed");
    if ((await exports.main(["probe", "smtp", target, "--helo", "not_a_name", "--no-kb"], io)) !== 2) throw new Error("training run with a bad --helo was not refused");
  } finally {
    server.close();
  }
  return { cache: script.createCachedData(), zodCache: loadZodBundle().script.createCachedData() };
}

/** Bundles lib/cli with esbuild (imported here, so running the bundle never loads it). */
export async function buildCliBundle() {
  const started = Date.now();
  const esbuild = await import("esbuild");
  const [main, zod, kb, kbAdmin, tokenStore, agentTokenStore] = await Promise.all([
    esbuild.build({ ...common, ...FUNCTION_WRAPPER, entryPoints: [path.join(root, "lib/cli/main.ts")], outfile: cliBundle, plugins: [builtinStandIns, lazyZod, separateDbModules] }),
    esbuild.build({ ...common, ...FUNCTION_WRAPPER, entryPoints: ["relaydesk-zod-entry"], outfile: zodBundle, plugins: [zodEntry, englishZodMessages] }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "lib/cli/kb-lookup.ts")],
      outfile: path.join(cliOutDir, "kb-lookup.cjs"),
      ...dbModuleOptions,
    }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "lib/cli/kb-admin.ts")],
      outfile: path.join(cliOutDir, "kb-admin.cjs"),
      plugins: [separateDbModules],
      ...dbModuleOptions,
    }),
    esbuild.build({ ...common, entryPoints: [path.join(root, "lib/cli/token-store.ts")], outfile: path.join(cliOutDir, "token-store.cjs"), ...dbModuleOptions }),
    esbuild.build({ ...common, entryPoints: [path.join(root, "lib/cli/agent-token-store.ts")], outfile: path.join(cliOutDir, "agent-token-store.cjs"), ...dbModuleOptions }),
  ]);
  const mainSource = main.outputFiles[0].text;
  // the training run loads zod.cjs from disk when it needs zod
  for (const f of zod.outputFiles) writeAtomically(f.path, f.contents);
  const { cache, zodCache } = await trainCodeCache(mainSource);
  for (const f of [...kb.outputFiles, ...kbAdmin.outputFiles, ...tokenStore.outputFiles, ...agentTokenStore.outputFiles, ...main.outputFiles]) writeAtomically(f.path, f.contents);
  writeAtomically(cliCodeCache, cache);
  writeAtomically(zodCodeCache, zodCache);

  const inputs = new Map();
  for (const r of [main, zod, kb, kbAdmin, tokenStore, agentTokenStore]) {
    for (const file of Object.keys(r.metafile.inputs)) {
      // virtual modules of the plugins; node_modules is covered by node_modules/.package-lock.json
      if (file.includes(":") || file.startsWith("node_modules/")) continue;
      const s = stamp(file);
      if (s) inputs.set(file, s);
    }
  }
  for (const file of CONFIG_INPUTS) inputs.set(file, stamp(file) ?? [null, null]);
  const outputs = [cliBundle, cliCodeCache, zodBundle, zodCodeCache, ...["kb-lookup.cjs", "kb-admin.cjs", "token-store.cjs", "agent-token-store.cjs"].map((f) => path.join(cliOutDir, f))].map((f) => path.relative(root, f));
  const manifest = { format: BUILD_FORMAT, node: process.version, outputs, inputs: [...inputs].map(([file, s]) => [file, ...s]) };
  writeAtomically(manifestFile, `${JSON.stringify(manifest)}\n`);
  return { ms: Date.now() - started, inputs: inputs.size, bytes: mainSource.length, cacheBytes: cache.length };
}

function report(r) {
  return `relaydesk: command line bundled (${r.inputs} inputs, ${Math.round(r.bytes / 1024)} KB, code cache ${Math.round(r.cacheBytes / 1024)} KB) in ${(r.ms / 1000).toFixed(1)}s`;
}

/** Builds the bundle unless it is current. */
export async function buildCliBundleIfStale({ log = console.log } = {}) {
  if (isCliBundleCurrent()) {
    log("relaydesk: command line bundle is current");
    return;
  }
  log(report(await buildCliBundle()));
}

// `node scripts/lib/cli-bundle.mjs`: build if stale (postinstall); `--force` always builds.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--force")) console.log(report(await buildCliBundle()));
  else await buildCliBundleIfStale();
}
