import { getDb } from "@/lib/db/client";
import { loadKbSeed } from "@/lib/kb/seed-import";
import { shippedKbInput } from "@/lib/kb/shipped";

/**
 * `npm run db:seed` / `prisma db seed`: import the shipped knowledge base (kb/, one JSON file per
 * article plus products, causes, checks and wizard). Idempotent: an unchanged kb/ writes nothing.
 */
async function main() {
  const db = getDb();
  try {
    const result = await loadKbSeed(db, shippedKbInput());
    const summary = Object.entries(result.counts)
      .map(([table, n]) => `${table}=${n}`)
      .join(" ");
    console.log(
      result.changed
        ? `Knowledge base seeded from kb/ (revision ${result.revision}): ${summary}`
        : `Knowledge base already current (revision ${result.revision}); nothing changed.`,
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
