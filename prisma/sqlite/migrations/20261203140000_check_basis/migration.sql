-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Check" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "causeId" TEXT NOT NULL,
    "symptomId" TEXT,
    "probe" TEXT NOT NULL,
    "findingId" TEXT NOT NULL,
    "effect" TEXT NOT NULL,
    "weight" REAL NOT NULL,
    "verdictStrength" TEXT NOT NULL DEFAULT 'supporting',
    "basis" TEXT NOT NULL DEFAULT '{"kind":"inferred","reason":"not reviewed"}',
    "explanation" TEXT NOT NULL,
    CONSTRAINT "Check_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Cause" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Check_symptomId_fkey" FOREIGN KEY ("symptomId") REFERENCES "Symptom" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Check" ("causeId", "effect", "explanation", "findingId", "id", "probe", "symptomId", "weight") SELECT "causeId", "effect", "explanation", "findingId", "id", "probe", "symptomId", "weight" FROM "Check";
DROP TABLE "Check";
ALTER TABLE "new_Check" RENAME TO "Check";
CREATE INDEX "Check_findingId_idx" ON "Check"("findingId");
CREATE INDEX "Check_causeId_idx" ON "Check"("causeId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
