-- Retention of background runs' stream events (HERMES_RUN_EVENTS_RETENTION_HOURS): the maintenance run finds
-- which tenants have ended runs with events past the window in a read-only platform transaction, then deletes
-- them inside each tenant's own scope (as webhook deliveries are pruned).
CREATE POLICY response_runs_platform_read ON response_runs FOR SELECT
    USING (current_setting('app.platform_scope', true) = 'on');
CREATE POLICY response_run_events_platform_read ON response_run_events FOR SELECT
    USING (current_setting('app.platform_scope', true) = 'on');
