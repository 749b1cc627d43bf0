-- AlterTable
ALTER TABLE "Cause" ADD COLUMN "vantage" TEXT;
