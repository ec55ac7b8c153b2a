-- HermesX idempotent turns: the last message a turn writes carries the turn's idempotency key and
-- its answer, in the same transaction as the turn's messages. A retry with the same key (the
-- client's Idempotency-Key, or the frontend's own key when it retries a turn whose silo died)
-- finds it and gets the stored answer without calling the model or running tools again.

ALTER TABLE messages ADD COLUMN turn_key text;
ALTER TABLE messages ADD COLUMN turn_result jsonb;
CREATE UNIQUE INDEX messages_turn_key ON messages (tenant_id, session_id, turn_key) WHERE turn_key IS NOT NULL;
