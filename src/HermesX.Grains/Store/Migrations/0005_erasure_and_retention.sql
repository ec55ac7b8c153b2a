-- HermesX erasure: a deleted tenant is purged after its grace period, and audit rows older than the
-- retention period are removed.
--
-- audit_logs stays append-only for every ordinary statement: the service role holds no DELETE
-- privilege on it (0002 revoked it). The only way rows leave is hermes_erase_audit_rows, which
-- checks its own rules (rows at least a day old, or a tenant already due for purge), grants
-- itself DELETE, deletes, and revokes it again inside the same transaction, so no other
-- transaction ever sees the privilege.

ALTER TABLE tenants ADD COLUMN purge_after timestamptz;
CREATE INDEX tenants_purge_due ON tenants (purge_after) WHERE deleted_at IS NOT NULL;

CREATE POLICY audit_logs_erase ON audit_logs FOR DELETE
    USING (current_setting('app.audit_erase', true) = 'on');

-- Scopes the transaction to the tenant and raises unless it is soft-deleted and past its purge time.
CREATE FUNCTION hermes_require_purge_due(p_tenant text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('app.current_tenant', p_tenant, true);
    IF NOT EXISTS (SELECT 1 FROM tenants
                   WHERE id = p_tenant AND deleted_at IS NOT NULL AND purge_after <= now()) THEN
        RAISE EXCEPTION 'tenant % is not due for purge', p_tenant;
    END IF;
END $$;

-- p_tenant NULL: retention, removes rows older than p_before (which must be a day old or more).
-- p_tenant set: removes every row of that tenant, which must be soft-deleted and due for purge.
CREATE FUNCTION hermes_erase_audit_rows(p_tenant text, p_before timestamptz) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    erased bigint;
BEGIN
    IF p_tenant IS NULL THEN
        IF p_before IS NULL OR p_before > now() - interval '1 day' THEN
            RAISE EXCEPTION 'audit rows younger than one day are always kept';
        END IF;
    ELSE
        PERFORM hermes_require_purge_due(p_tenant);
    END IF;

    -- GRANT rewrites the table's catalog row: one erasure at a time.
    PERFORM pg_advisory_xact_lock(hashtext('hermes_erase_audit_rows'));
    EXECUTE format('GRANT DELETE ON audit_logs TO %I', current_user);
    PERFORM set_config('app.audit_erase', 'on', true);
    PERFORM set_config('app.platform_scope', 'on', true);
    IF p_tenant IS NULL THEN
        DELETE FROM audit_logs WHERE created_at < p_before;
    ELSE
        DELETE FROM audit_logs WHERE tenant_id = p_tenant;
    END IF;
    GET DIAGNOSTICS erased = ROW_COUNT;
    PERFORM set_config('app.platform_scope', '', true);
    PERFORM set_config('app.audit_erase', '', true);
    EXECUTE format('REVOKE DELETE ON audit_logs FROM %I', current_user);
    RETURN erased;
END $$;

-- Hard-deletes every row of a tenant that is soft-deleted and past its purge time: every base
-- table of this schema with a tenant_id column (found at run time, so tables added later are
-- covered), the audit rows, and last the tenant itself. Returns the rows removed per table.
CREATE FUNCTION hermes_purge_tenant(p_tenant text) RETURNS TABLE (erased_from text, erased_rows bigint)
LANGUAGE plpgsql AS $$
DECLARE
    t text;
BEGIN
    PERFORM hermes_require_purge_due(p_tenant);

    erased_from := 'audit_logs';
    erased_rows := hermes_erase_audit_rows(p_tenant, NULL);
    RETURN NEXT;

    FOR t IN
        SELECT c.table_name::text
        FROM information_schema.columns c
        JOIN information_schema.tables b ON b.table_schema = c.table_schema AND b.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id'
          AND b.table_type = 'BASE TABLE' AND c.table_name NOT IN ('tenants', 'audit_logs')
        ORDER BY 1
    LOOP
        EXECUTE format('DELETE FROM %I WHERE tenant_id = $1', t) USING p_tenant;
        erased_from := t;
        GET DIAGNOSTICS erased_rows = ROW_COUNT;
        RETURN NEXT;
    END LOOP;

    DELETE FROM tenants WHERE id = p_tenant;
    erased_from := 'tenants';
    GET DIAGNOSTICS erased_rows = ROW_COUNT;
    RETURN NEXT;
END $$;
