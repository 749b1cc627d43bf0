/** The semaphore and the overall / per-target limiter. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LimiterBusyError, ProbeLimiter, Semaphore } from "../../lib/probes/semaphore";

const tick = () => new Promise((r) => setImmediate(r));

describe("Semaphore", () => {
  test("at most max holders, FIFO hand-over, release is idempotent", async () => {
    const s = new Semaphore(2);
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const order: number[] = [];
    const p3 = s.acquire().then((r) => (order.push(3), r));
    const p4 = s.acquire().then((r) => (order.push(4), r));
    await tick();
    assert.equal(s.inUse, 2);
    assert.equal(s.waiting, 2);
    r1();
    r1();
    const r3 = await p3;
    assert.deepEqual(order, [3]);
    r2();
    const r4 = await p4;
    assert.deepEqual(order, [3, 4]);
    r3();
    r4();
    assert.equal(s.inUse, 0);
  });
  test("abort while waiting removes the waiter", async () => {
    const s = new Semaphore(1);
    const r1 = await s.acquire();
    const ctl = new AbortController();
    const p = s.acquire(ctl.signal);
    ctl.abort();
    await assert.rejects(p);
    assert.equal(s.waiting, 0);
    r1();
    assert.equal(s.inUse, 0);
  });
  test("bounded queue", async () => {
    const s = new Semaphore(1, 1);
    const r = await s.acquire();
    const waiting = s.acquire();
    await assert.rejects(s.acquire(), LimiterBusyError);
    r();
    (await waiting)();
  });
});

describe("ProbeLimiter", () => {
  test("per-target and overall limits", async () => {
    const l = new ProbeLimiter({ maxConcurrent: 3, maxPerTarget: 2 });
    const a1 = await l.acquire("a");
    const a2 = await l.acquire("a");
    let a3got = false;
    const a3 = l.acquire("a").then((r) => ((a3got = true), r));
    const b1 = await l.acquire("b");
    let b2got = false;
    const b2 = l.acquire("b").then((r) => ((b2got = true), r));
    await tick();
    assert.equal(a3got, false, "third on target a waits (per target)");
    assert.equal(b2got, false, "second on b waits (overall 3 in use)");
    a1();
    await tick();
    await tick();
    assert.ok(a3got || b2got);
    a2();
    b1();
    (await a3)();
    (await b2)();
    assert.deepEqual(l.stats(), { active: 0, waiting: 0, targets: 0 });
  });
});
