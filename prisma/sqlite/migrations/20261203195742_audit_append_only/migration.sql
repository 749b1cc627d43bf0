-- The audit log is append-only in the database itself, not only in the application: UPDATE and
-- DELETE on "AuditEvent" are refused by these triggers (issue 11). Nothing in RelayDesk deletes
-- audit rows: there is no retention path for the audit log (tests throw whole databases away).
-- The Prisma schema does not describe triggers, so drift checks ignore them.
CREATE TRIGGER "AuditEvent_no_update"
BEFORE UPDATE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only: UPDATE refused');
END;

CREATE TRIGGER "AuditEvent_no_delete"
BEFORE DELETE ON "AuditEvent"
BEGIN
  SELECT RAISE(ABORT, 'AuditEvent is append-only: DELETE refused');
END;
