-- HermesX tenancy core: tenants, API keys and the audit log, all under forced row-level security.
--
-- Every policy reads the tenant from current_setting('app.current_tenant', true), which the
-- service sets with set_config(..., true) at the start of each transaction (TenantDb). With no
-- tenant set the setting is NULL or '' and no row matches. FORCE makes the policies apply to the
-- table owner too, which is the role the service runs as.
--
-- Two narrow, read-only exceptions, each needing a value only its legitimate caller knows:
--   app.platform_scope = 'on'   cross-tenant reads for the platform admin (listing tenants,
--                               cross-tenant audit); set only by PlatformDb.
--   app.api_key_hash = <sha256> reading the one api_keys row whose hash is given, which is how a
--                               presented key is resolved before its tenant is known.

CREATE TABLE tenants (
    id             text PRIMARY KEY,
    name           text NOT NULL,
    plan           text NOT NULL CHECK (plan IN ('free', 'pro', 'enterprise')),
    rate_limit_rpm integer NOT NULL CHECK (rate_limit_rpm > 0),
    max_sessions   integer NOT NULL CHECK (max_sessions > 0),
    config         jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
-- tenants is keyed by id; tenant_id mirrors it so every tenant table has the same column.
ALTER TABLE tenants ADD COLUMN tenant_id text GENERATED ALWAYS AS (id) STORED;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_own ON tenants
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));
CREATE POLICY tenants_platform_read ON tenants FOR SELECT
    USING (current_setting('app.platform_scope', true) = 'on');

CREATE TABLE api_keys (
    id           text PRIMARY KEY,
    tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    name         text NOT NULL,
    key_hash     text NOT NULL UNIQUE,
    prefix       text NOT NULL,
    roles        text[] NOT NULL,
    scopes       text[] NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    rotated_from text
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, created_at);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY api_keys_own ON api_keys
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));
CREATE POLICY api_keys_lookup ON api_keys FOR SELECT
    USING (key_hash = current_setting('app.api_key_hash', true));

CREATE TABLE audit_logs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text NOT NULL,
    actor       text NOT NULL,
    auth_method text NOT NULL,
    action      text NOT NULL,
    status      integer NOT NULL,
    latency_ms  double precision NOT NULL DEFAULT 0,
    request_id  text,
    trace_id    text,
    source_ip   text,
    user_agent  text,
    detail      jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_tenant_time ON audit_logs (tenant_id, created_at DESC);

ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_logs FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_logs_own_read ON audit_logs FOR SELECT
    USING (tenant_id = current_setting('app.current_tenant', true));
CREATE POLICY audit_logs_own_insert ON audit_logs FOR INSERT
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));
CREATE POLICY audit_logs_platform_read ON audit_logs FOR SELECT
    USING (current_setting('app.platform_scope', true) = 'on');
-- Append-only: no UPDATE or DELETE policy exists, so such statements touch no row, and the
-- privileges are withdrawn from the owning role as well so they fail outright.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM CURRENT_USER;

-- Platform-level facts that belong to no tenant (e.g. that bootstrap has run).
CREATE TABLE platform_state (
    key        text PRIMARY KEY,
    value      jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
