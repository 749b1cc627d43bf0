-- Diagnosis.status: a live check is saved as "running" from its first second, then done,
-- cancelled, timed_out or interrupted. ADD COLUMN (not a table rebuild) so it composes with
-- other migrations of the same table.
ALTER TABLE "Diagnosis" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'done';
CREATE INDEX "Diagnosis_status_idx" ON "Diagnosis"("status");
