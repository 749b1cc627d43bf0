-- CreateTable
CREATE TABLE "ProbeAgent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "version" TEXT,
    "address" TEXT,
    "lastSeenAt" TIMESTAMP(3),
    "instanceId" TEXT,
    "connectedAt" TIMESTAMP(3),

    CONSTRAINT "ProbeAgent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProbeAgent_name_key" ON "ProbeAgent"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ProbeAgent_tokenHash_key" ON "ProbeAgent"("tokenHash");

-- CreateIndex
CREATE INDEX "ProbeAgent_revokedAt_idx" ON "ProbeAgent"("revokedAt");
