/**
 * Long, CPU-bound text work (a 200 KB paste) written as a generator that yields between slices,
 * so a request handler can give the event loop a turn at every yield: other requests (the
 * health check, a page) are answered meanwhile instead of waiting for the whole lookup. The
 * same generator runs synchronously where no one waits (indexing, tests).
 */
/** One turn of the event loop: I/O callbacks run before setImmediate callbacks. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs a generator to its end without yielding to the event loop. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs a generator to its end, letting the event loop run (I/O included) at every yield. */
export async function drainCooperatively<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
