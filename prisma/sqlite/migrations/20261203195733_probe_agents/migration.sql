-- CreateTable
CREATE TABLE "ProbeAgent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "revokedAt" DATETIME,
    "version" TEXT,
    "address" TEXT,
    "lastSeenAt" DATETIME,
    "instanceId" TEXT,
    "connectedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "ProbeAgent_name_key" ON "ProbeAgent"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ProbeAgent_tokenHash_key" ON "ProbeAgent"("tokenHash");

-- CreateIndex
CREATE INDEX "ProbeAgent_revokedAt_idx" ON "ProbeAgent"("revokedAt");
