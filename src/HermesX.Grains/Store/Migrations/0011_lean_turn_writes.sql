-- What a turn writes is checked and indexed only as far as something reads it.
--
-- A session's messages are written by that session alone, its first messages in the same
-- transaction as its row, and a deleted session's messages go in the same transaction as the row
-- (SessionStore.DeleteAsync), so the foreign key from messages to sessions checked nothing those
-- writes do not already guarantee; it cost a lookup of the session row for every message written,
-- about a sixth of Postgres's work per turn. Tenant purges delete every table by tenant_id.
ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_tenant_id_session_id_fkey;

-- No query reads usage rows by session (usage is read by tenant and time).
DROP INDEX IF EXISTS usage_records_session;
