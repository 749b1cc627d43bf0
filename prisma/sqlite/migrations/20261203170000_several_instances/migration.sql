-- CreateTable
CREATE TABLE "LiveCheckEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "diagnosisId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LiveCheckRun" (
    "diagnosisId" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "attempt" INTEGER NOT NULL DEFAULT 1
);

-- CreateTable
CREATE TABLE "ProbeLease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "targetKey" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LiveCheckEvent_createdAt_idx" ON "LiveCheckEvent"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LiveCheckEvent_diagnosisId_seq_key" ON "LiveCheckEvent"("diagnosisId", "seq");

-- CreateIndex
CREATE INDEX "ProbeLease_targetKey_idx" ON "ProbeLease"("targetKey");

-- CreateIndex
CREATE INDEX "ProbeLease_expiresAt_idx" ON "ProbeLease"("expiresAt");
