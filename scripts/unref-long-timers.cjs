// Preload for the Prisma CLI on PostgreSQL (NODE_OPTIONS="--require ./scripts/unref-long-timers.cjs"):
// the schema engine leaves a 10 s timer behind after its work, which kept `migrate deploy` alive
// 11 s instead of 1.5 s. Long timers no longer hold the process open; short ones are untouched.
const orig = globalThis.setTimeout;
globalThis.setTimeout = function setTimeout(fn, ms, ...args) {
  const t = orig(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 10000) t?.unref?.();
  return t;
};
