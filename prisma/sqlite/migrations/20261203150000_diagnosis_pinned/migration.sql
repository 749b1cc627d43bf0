-- Pinned diagnoses are exempt from the retention setting (RELAYDESK_RETENTION_DAYS).
ALTER TABLE "Diagnosis" ADD COLUMN "pinned" BOOLEAN NOT NULL DEFAULT false;
