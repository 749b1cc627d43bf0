-- AlterTable
ALTER TABLE "Diagnosis" ADD COLUMN "conclusion" TEXT;
