-- The audit log is append-only in the database itself, not only in the application: UPDATE,
-- DELETE and TRUNCATE on "AuditEvent" are refused by these triggers (issue 11). Nothing in
-- RelayDesk deletes audit rows: there is no retention path for the audit log (tests drop whole
-- databases). The Prisma schema does not describe triggers, so drift checks ignore them.
CREATE OR REPLACE FUNCTION relaydesk_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEvent_append_only"
BEFORE UPDATE OR DELETE ON "AuditEvent"
FOR EACH ROW EXECUTE FUNCTION relaydesk_audit_append_only();

CREATE TRIGGER "AuditEvent_no_truncate"
BEFORE TRUNCATE ON "AuditEvent"
FOR EACH STATEMENT EXECUTE FUNCTION relaydesk_audit_append_only();
