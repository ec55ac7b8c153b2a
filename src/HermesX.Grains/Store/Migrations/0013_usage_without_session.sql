-- A model call outside a conversation (POST /v1/embeddings) is billed too: its usage row names no session.
ALTER TABLE usage_records ALTER COLUMN session_id DROP NOT NULL;
