-- Background runs of the Responses API (background: true). A run is one turn that the server carries
-- on without a client connection: its row holds what it was asked (the turn request, Orleans-encoded,
-- so another silo can take it over) and where it stands; its steps are each model call's answer that
-- asked for tools and each server tool's result, committed as they happen, so a run whose silo died
-- continues from the last one; its events are what its stream shows (text deltas and its end), kept
-- so a client can replay them from any silo. A run's rows outlive its session row (which may not
-- exist until the run's answer commits). Forced RLS like every tenant table.

CREATE TABLE response_runs (
    tenant_id   text NOT NULL,
    id          text NOT NULL,
    session_id  text NOT NULL,
    user_id     text NOT NULL,
    status      text NOT NULL CHECK (status IN ('queued', 'in_progress', 'completed', 'failed', 'cancelled')),
    request     bytea NOT NULL,
    echo        jsonb NOT NULL,
    model       text NOT NULL,
    stream      boolean NOT NULL,
    error       jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    ended_at    timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX response_runs_ended ON response_runs (ended_at) WHERE ended_at IS NOT NULL;

CREATE TABLE response_run_steps (
    tenant_id   text NOT NULL,
    response_id text NOT NULL,
    seq         integer NOT NULL,
    message     jsonb NOT NULL,
    usage       jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, response_id, seq),
    FOREIGN KEY (tenant_id, response_id) REFERENCES response_runs (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE response_run_events (
    tenant_id   text NOT NULL,
    response_id text NOT NULL,
    seq         integer NOT NULL,
    event       jsonb NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, response_id, seq),
    FOREIGN KEY (tenant_id, response_id) REFERENCES response_runs (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE response_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE response_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY response_runs_own ON response_runs
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));

ALTER TABLE response_run_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE response_run_steps FORCE ROW LEVEL SECURITY;
CREATE POLICY response_run_steps_own ON response_run_steps
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));

ALTER TABLE response_run_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE response_run_events FORCE ROW LEVEL SECURITY;
CREATE POLICY response_run_events_own ON response_run_events
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));
