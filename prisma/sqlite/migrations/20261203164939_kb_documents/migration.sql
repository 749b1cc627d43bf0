-- AlterTable
ALTER TABLE "Artifact" ADD COLUMN "registryAction" TEXT;

-- CreateTable
CREATE TABLE "KbDocument" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "headNumber" INTEGER NOT NULL,
    "publishedNumber" INTEGER,
    "live" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "KbDocumentRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentKey" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "baseNumber" INTEGER,
    "kbRevision" INTEGER,
    "batchId" TEXT NOT NULL,
    CONSTRAINT "KbDocumentRevision_documentKey_fkey" FOREIGN KEY ("documentKey") REFERENCES "KbDocument" ("key") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Cause" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "vantage" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Cause" ("description", "id", "key", "title", "vantage") SELECT "description", "id", "key", "title", "vantage" FROM "Cause";
DROP TABLE "Cause";
ALTER TABLE "new_Cause" RENAME TO "Cause";
CREATE UNIQUE INDEX "Cause_key_key" ON "Cause"("key");
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
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Check_causeId_fkey" FOREIGN KEY ("causeId") REFERENCES "Cause" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Check_symptomId_fkey" FOREIGN KEY ("symptomId") REFERENCES "Symptom" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Check" ("basis", "causeId", "effect", "explanation", "findingId", "id", "probe", "symptomId", "verdictStrength", "weight") SELECT "basis", "causeId", "effect", "explanation", "findingId", "id", "probe", "symptomId", "verdictStrength", "weight" FROM "Check";
DROP TABLE "Check";
ALTER TABLE "new_Check" RENAME TO "Check";
CREATE INDEX "Check_findingId_idx" ON "Check"("findingId");
CREATE INDEX "Check_causeId_idx" ON "Check"("causeId");
CREATE TABLE "new_Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Product" ("id", "name", "slug", "vendor") SELECT "id", "name", "slug", "vendor" FROM "Product";
DROP TABLE "Product";
ALTER TABLE "new_Product" RENAME TO "Product";
CREATE UNIQUE INDEX "Product_slug_key" ON "Product"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "KbDocumentRevision_createdAt_idx" ON "KbDocumentRevision"("createdAt");

-- CreateIndex
CREATE INDEX "KbDocumentRevision_batchId_idx" ON "KbDocumentRevision"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "KbDocumentRevision_documentKey_number_key" ON "KbDocumentRevision"("documentKey", "number");
