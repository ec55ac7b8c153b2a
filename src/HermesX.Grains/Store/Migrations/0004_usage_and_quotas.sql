-- HermesX governance: one usage record per model call, and per-tenant token budgets and stream
-- limits (NULL = the plan's default).

CREATE TABLE usage_records (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     text NOT NULL,
    session_id    text NOT NULL,
    user_id       text NOT NULL,
    model         text NOT NULL,
    provider      text NOT NULL,
    input_tokens  bigint NOT NULL CHECK (input_tokens >= 0),
    output_tokens bigint NOT NULL CHECK (output_tokens >= 0),
    cost_usd      numeric(20, 10) NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX usage_records_tenant_time ON usage_records (tenant_id, created_at);
CREATE INDEX usage_records_session ON usage_records (tenant_id, session_id);

ALTER TABLE usage_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_records FORCE ROW LEVEL SECURITY;
CREATE POLICY usage_records_own ON usage_records
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));
CREATE POLICY usage_records_platform_read ON usage_records FOR SELECT
    USING (current_setting('app.platform_scope', true) = 'on');

ALTER TABLE tenants
    ADD COLUMN daily_token_budget bigint CHECK (daily_token_budget >= 0),
    ADD COLUMN monthly_token_budget bigint CHECK (monthly_token_budget >= 0),
    ADD COLUMN max_streams_per_user integer CHECK (max_streams_per_user > 0);
