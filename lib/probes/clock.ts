/**
 * Monotonic milliseconds for the probes' timings and deadlines. process.hrtime rather than
 * performance.now(): the first use of `performance` loads perf_hooks (about 1 ms of every command
 * line start), and the probes only ever take differences of these values, never the time origin.
 */
export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}
