-- Every turn touches its session row (message_count, updated_at, a first title). With updated_at in
-- an index, each touch wrote a new entry in every index of the table and left a dead one behind:
-- on a busy conversation most of Postgres's work per turn. Without it, and with room left on each
-- page, the touch is a heap-only (HOT) update: one tuple on the same page, no index writes.
-- Listing a user's sessions reads them through (tenant_id, user_id) and sorts that user's rows.
DROP INDEX IF EXISTS sessions_user;
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);
ALTER TABLE sessions SET (fillfactor = 50);
