/**
 * `npm run bench:lookup-oneline`: the 200 KB one-line paste of issue 9 ("550 5.7.1 " x 20000)
 * against its baseline in the same run, the same text split into lines (which was always fast:
 * 4 ms). Before the fix the one-line form took 62 s, growing with the square of the line length;
 * the ratio one-line / split shows it is now linear. Also reports how long the cooperative lookup
 * (the request handlers' path) holds the event loop at most. In-process, on the real knowledge base.
 */
import { createTempDatabase } from "../tests/helpers/temp-db";

const database = createTempDatabase();
const { getDb } = await import("@/lib/db/client");
const { loadKbSeed } = await import("@/lib/kb/seed-import");
const kbSeedData = (await import("@/lib/kb/shipped")).shippedKbInput();
const { getKbIndex } = await import("@/lib/search/service");

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

try {
  await loadKbSeed(getDb(), kbSeedData);
  const index = await getKbIndex();
  const cases = {
    "split into lines (baseline)": "550 5.7.1\n".repeat(20_000),
    "one line, 200 KB": "550 5.7.1 ".repeat(20_000),
    "one line, 100 KB": "550 5.7.1 ".repeat(10_000),
    "one line, 50 KB": "550 5.7.1 ".repeat(5_000),
  };
  index.lookup("warm up 550 5.7.1");
  const results: Record<string, { ms: number; longestGapMs: number }> = {};
  for (const [name, text] of Object.entries(cases)) {
    const times: number[] = [];
    const gaps: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      let last = performance.now();
      let longest = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 1);
      const t0 = performance.now();
      await index.lookupCooperatively(text);
      times.push(performance.now() - t0);
      clearInterval(timer);
      gaps.push(longest);
    }
    results[name] = { ms: median(times), longestGapMs: median(gaps) };
  }
  const base = results["split into lines (baseline)"]!.ms;
  console.log(`lookup of "550 5.7.1 " x N, median of ${ROUNDS} rounds (cooperative path)`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(28)} ${r.ms.toFixed(1).padStart(7)} ms   x${(r.ms / base).toFixed(2)} of baseline   longest event-loop gap ${r.longestGapMs.toFixed(1)} ms`);
  }
  const r200 = results["one line, 200 KB"]!.ms;
  const r50 = results["one line, 50 KB"]!.ms;
  console.log(`  growth 50 KB -> 200 KB: x${(r200 / r50).toFixed(2)} (linear: x4, quadratic: x16)`);
} finally {
  await getDb().$disconnect();
  database.cleanup();
}
