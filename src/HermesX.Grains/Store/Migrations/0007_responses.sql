-- HermesX Responses API: a stored response of POST /v1/responses, kept with the session whose turn
-- produced it (deleting the session deletes its responses). history_end is the session's message
-- count right after that turn, so a continuation can tell whether the response is still the latest
-- point of its conversation. Forced RLS like every tenant table.

CREATE TABLE responses (
    tenant_id   text NOT NULL,
    id          text NOT NULL,
    session_id  text NOT NULL,
    user_id     text NOT NULL,
    history_end integer NOT NULL,
    request     jsonb NOT NULL,
    result      jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX responses_session ON responses (tenant_id, session_id);

ALTER TABLE responses ENABLE ROW LEVEL SECURITY;
ALTER TABLE responses FORCE ROW LEVEL SECURITY;
CREATE POLICY responses_own ON responses
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));
