-- CreateTable
CREATE TABLE "ProbePolicy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "revision" INTEGER NOT NULL,
    "allowCidrs" TEXT NOT NULL,
    "denyCidrs" TEXT NOT NULL,
    "ports" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT,
    "updatedByName" TEXT
);
