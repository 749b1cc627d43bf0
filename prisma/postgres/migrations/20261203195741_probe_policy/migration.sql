-- CreateTable
CREATE TABLE "ProbePolicy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "revision" INTEGER NOT NULL,
    "allowCidrs" TEXT NOT NULL,
    "denyCidrs" TEXT NOT NULL,
    "ports" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT,
    "updatedByName" TEXT,

    CONSTRAINT "ProbePolicy_pkey" PRIMARY KEY ("id")
);
