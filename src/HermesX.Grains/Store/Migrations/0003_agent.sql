-- HermesX agent runtime: sessions, their messages, execution receipts of server-side tools, and
-- the per-user memory and per-session todo lists that tools keep. All under forced RLS.

CREATE TABLE sessions (
    tenant_id     text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id            text NOT NULL,
    user_id       text NOT NULL,
    title         text,
    model         text,
    message_count integer NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id, updated_at DESC);

CREATE TABLE messages (
    tenant_id    text NOT NULL,
    session_id   text NOT NULL,
    seq          integer NOT NULL,
    role         text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content      text NOT NULL DEFAULT '',
    tool_calls   jsonb,
    tool_call_id text,
    name         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, session_id, seq),
    FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX messages_search ON messages USING gin (to_tsvector('simple', content));

CREATE TABLE execution_receipts (
    id             text PRIMARY KEY,
    tenant_id      text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    session_id     text NOT NULL,
    user_id        text NOT NULL,
    tool_name      text NOT NULL,
    idempotency_id text NOT NULL,
    input          text NOT NULL,
    output         text NOT NULL,
    status         text NOT NULL CHECK (status IN ('success', 'error', 'timeout')),
    duration_ms    double precision NOT NULL,
    trace_id       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, idempotency_id)
);
CREATE INDEX execution_receipts_session ON execution_receipts (tenant_id, session_id, created_at DESC);

CREATE TABLE memories (
    tenant_id  text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    text NOT NULL,
    key        text NOT NULL,
    value      text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id, key)
);

CREATE TABLE todos (
    tenant_id  text NOT NULL,
    session_id text NOT NULL,
    id         integer NOT NULL,
    text       text NOT NULL,
    done       boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, session_id, id),
    FOREIGN KEY (tenant_id, session_id) REFERENCES sessions (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sessions', 'messages', 'execution_receipts', 'memories', 'todos'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format($p$CREATE POLICY %I ON %I
            USING (tenant_id = current_setting('app.current_tenant', true))
            WITH CHECK (tenant_id = current_setting('app.current_tenant', true))$p$, t || '_own', t);
    END LOOP;
END $$;
