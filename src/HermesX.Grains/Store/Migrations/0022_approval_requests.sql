-- Tool calls waiting for a person's approval. A turn that stops before such calls writes one row per
-- call in the commit of its messages (the assistant message holding the calls has no results for
-- them yet); a decision (approved, denied, or timed_out once the deadline passed) is recorded here
-- first, then applied by the turn that continues the conversation. decided_by is who decided: the
-- caller's subject (API key id or JWT subject) or 'timeout'. Forced RLS like every tenant table.
CREATE TABLE tool_approvals (
    tenant_id    text NOT NULL,
    id           text NOT NULL,
    session_id   text NOT NULL,
    response_id  text NOT NULL,
    tool_call_id text NOT NULL,
    server_label text NOT NULL,
    tool_name    text NOT NULL,
    arguments    text NOT NULL,
    status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'timed_out')),
    deadline     timestamptz NOT NULL,
    decided_by   text,
    reason       text,
    decided_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    -- Deleting (or erasing) a conversation deletes its requests, whose arguments are its content.
    FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX tool_approvals_calls ON tool_approvals (tenant_id, session_id, tool_call_id);
CREATE INDEX tool_approvals_response ON tool_approvals (tenant_id, response_id);

ALTER TABLE tool_approvals ENABLE ROW LEVEL SECURITY;
ALTER TABLE tool_approvals FORCE ROW LEVEL SECURITY;
CREATE POLICY tool_approvals_own ON tool_approvals
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));

-- A background run can now wait for approvals; its ended_at stays empty meanwhile.
ALTER TABLE response_runs DROP CONSTRAINT response_runs_status_check;
ALTER TABLE response_runs ADD CONSTRAINT response_runs_status_check
    CHECK (status IN ('queued', 'in_progress', 'requires_action', 'completed', 'failed', 'cancelled'));
