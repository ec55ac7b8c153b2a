-- A tenant's remote MCP tool servers. Headers and the bearer token are one AES-256-GCM sealed JSON
-- object (credentials), encrypted with HERMES_MCP_SECRET_KEY; listings show only header_names.
-- tools, health, health_error and checked_at are the last contact's: what GET shows.
CREATE TABLE mcp_servers (
    tenant_id        text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               text NOT NULL,
    label            text NOT NULL,
    url              text NOT NULL,
    allowed_tools    text[],
    require_approval text NOT NULL DEFAULT 'never',
    header_names     text[] NOT NULL DEFAULT '{}',
    has_bearer_token boolean NOT NULL DEFAULT false,
    credentials      bytea,
    tools            jsonb,
    health           text NOT NULL DEFAULT 'unknown',
    health_error     text,
    checked_at       timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, label)
);

ALTER TABLE mcp_servers ENABLE ROW LEVEL SECURITY;
ALTER TABLE mcp_servers FORCE ROW LEVEL SECURITY;
CREATE POLICY mcp_servers_own ON mcp_servers
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));
