import { getDb } from "@/lib/db/client";
import { loadKbSeed } from "@/lib/kb/seed-loader";
import { kbSeedData } from "./seed-data";

/** `npm run db:seed` / `prisma db seed`: load the knowledge base from prisma/seed-data. Idempotent. */
async function main() {
  const db = getDb();
  try {
    const result = await loadKbSeed(db, kbSeedData);
    const summary = Object.entries(result.counts)
      .map(([table, n]) => `${table}=${n}`)
      .join(" ");
    console.log(
      result.changed
        ? `Knowledge base seeded (revision ${result.revision}): ${summary}`
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
