-- AlterTable
ALTER TABLE "Artifact" ADD COLUMN     "registryAction" TEXT;

-- AlterTable
ALTER TABLE "Cause" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Check" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "KbDocument" (
    "key" TEXT NOT NULL,
    "headNumber" INTEGER NOT NULL,
    "publishedNumber" INTEGER,
    "live" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT NOT NULL,

    CONSTRAINT "KbDocument_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "KbDocumentRevision" (
    "id" TEXT NOT NULL,
    "documentKey" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "baseNumber" INTEGER,
    "kbRevision" INTEGER,
    "batchId" TEXT NOT NULL,

    CONSTRAINT "KbDocumentRevision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KbDocumentRevision_createdAt_idx" ON "KbDocumentRevision"("createdAt");

-- CreateIndex
CREATE INDEX "KbDocumentRevision_batchId_idx" ON "KbDocumentRevision"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "KbDocumentRevision_documentKey_number_key" ON "KbDocumentRevision"("documentKey", "number");

-- AddForeignKey
ALTER TABLE "KbDocumentRevision" ADD CONSTRAINT "KbDocumentRevision_documentKey_fkey" FOREIGN KEY ("documentKey") REFERENCES "KbDocument"("key") ON DELETE CASCADE ON UPDATE CASCADE;
