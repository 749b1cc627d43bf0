-- Every console instance LISTENs on relaydesk_kb_revision (lib/db/pg-listen.ts): a knowledge-base
-- write commits a new KbRevision row, and the notification (sent at commit) makes every instance
-- rebuild its search index and diagnosis model at once instead of at its next poll.
-- PostgreSQL only. The Prisma schema does not describe triggers, so drift checks ignore this.
CREATE OR REPLACE FUNCTION relaydesk_notify_kb_revision() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('relaydesk_kb_revision', NEW."revision"::text);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "KbRevision_notify"
AFTER INSERT OR UPDATE OF "revision" ON "KbRevision"
FOR EACH ROW EXECUTE FUNCTION relaydesk_notify_kb_revision();
