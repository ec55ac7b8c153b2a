-- Webhooks: a tenant's endpoints (the URL, the event types it wants and the signing secret, which the
-- API shows once and never returns again) and the durable outbox of deliveries, one row per event and
-- endpoint. A delivery's id is the webhook-id every attempt of it carries. A pending delivery is due
-- at next_attempt_at; a dispatcher claims it by moving next_attempt_at past the attempt's deadline,
-- so a silo that dies mid-attempt leaves it to be claimed again once that lease ends.
CREATE TABLE webhook_endpoints (
    tenant_id  text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         text NOT NULL,
    url        text NOT NULL,
    events     text[] NOT NULL,
    secret     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE webhook_deliveries (
    tenant_id       text NOT NULL,
    id              text NOT NULL,
    endpoint_id     text NOT NULL,
    event_type      text NOT NULL,
    body            text NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_endpoints_own ON webhook_endpoints
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));

ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY webhook_deliveries_own ON webhook_deliveries
    USING (tenant_id = current_setting('app.current_tenant', true))
    WITH CHECK (tenant_id = current_setting('app.current_tenant', true));
-- The dispatcher finds which tenants have deliveries due in a read-only platform transaction, then
-- claims and updates them inside each tenant's own scope.
CREATE POLICY webhook_deliveries_platform_read ON webhook_deliveries FOR SELECT
    USING (current_setting('app.platform_scope', true) = 'on');
