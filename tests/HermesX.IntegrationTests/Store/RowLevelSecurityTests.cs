using HermesX.Grains.Auth;
using HermesX.Grains.Store;
using HermesX.Grains.Tenants;
using HermesX.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.IntegrationTests.Store;

/// <summary>Connects as the service's own role (no superuser, no BYPASSRLS) and tries to cross tenants.</summary>
public sealed class RowLevelSecurityTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private NpgsqlDataSource _source = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _source = NpgsqlDataSource.Create(_db.ServiceConnectionString);
        await new Migrator(_source, NullLogger<Migrator>.Instance).MigrateAsync();
        var tenantDb = new TenantDb(_source);
        foreach (var t in new[] { "tenant-a", "tenant-b" })
        {
            await tenantDb.InTenantAsync(t, "seed", "test", async (c, tx, ct) =>
            {
                await c.ExecuteAsync(tx, "INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions) VALUES (@t, @t, 'free', 60, 10)", ct, ("t", t));
                foreach (var sql in SeedSql)
                {
                    await c.ExecuteAsync(tx, sql, ct, ("t", t));
                }
                return 0;
            });
            await new ApiKeyStore(tenantDb).CreateAsync(t, "seed", ["user"], ["read"], null);
        }
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>One row per tenant table (besides tenants and api_keys, seeded above), as tenant @t.</summary>
    private static readonly string[] SeedSql =
    [
        "INSERT INTO audit_logs (tenant_id, actor, auth_method, action, status) VALUES (@t, 'seed', 'test', 'seed', 200)",
        "INSERT INTO sessions (tenant_id, id, user_id) VALUES (@t, 's1', 'u1')",
        "INSERT INTO messages (tenant_id, session_id, seq, role, content) VALUES (@t, 's1', 1, 'user', 'hello')",
        "INSERT INTO execution_receipts (id, tenant_id, session_id, user_id, tool_name, idempotency_id, input, output, status, duration_ms) VALUES (@t || '-r1', @t, 's1', 'u1', 'calculator', 'call_1', '{}', '2', 'success', 1)",
        "INSERT INTO memories (tenant_id, user_id, key, value) VALUES (@t, 'u1', 'k', 'v')",
        "INSERT INTO todos (tenant_id, session_id, id, text) VALUES (@t, 's1', 1, 'todo')",
        "INSERT INTO usage_records (tenant_id, session_id, user_id, model, provider, input_tokens, output_tokens) VALUES (@t, 's1', 'u1', 'm', 'openai', 1, 1)",
        "INSERT INTO responses (tenant_id, id, session_id, user_id, history_end, request, result) VALUES (@t, 'resp_1', 's1', 'u1', 2, '{}', '{}')",
        "INSERT INTO webhook_endpoints (tenant_id, id, url, events, secret) VALUES (@t, 'wh_1', 'https://example.com/hook', '{response.completed}', 'whsec_c2VlZA==')",
        "INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_type, body, next_attempt_at) VALUES (@t, 'msg_1', 'wh_1', 'response.completed', '{}', now())",
        "INSERT INTO response_runs (tenant_id, id, session_id, user_id, status, request, echo, model, stream) VALUES (@t, 'resp_2', 's1', 'u1', 'queued', '\\x00', '{}', 'm', true)",
        "INSERT INTO response_run_steps (tenant_id, response_id, seq, message) VALUES (@t, 'resp_2', 0, '{}')",
        "INSERT INTO response_run_events (tenant_id, response_id, seq, event) VALUES (@t, 'resp_2', 0, '{}')",
        "INSERT INTO mcp_servers (tenant_id, id, label, url) VALUES (@t, 'mcp_1', 'tools', 'https://example.com/mcp')",
        "INSERT INTO tool_approvals (tenant_id, id, session_id, response_id, tool_call_id, server_label, tool_name, arguments, deadline) VALUES (@t, 'apr_1', 's1', 'resp_1', 'call_1', 'hermes', 'todo', '{}', now())",
    ];

    /// <summary>A harmless UPDATE per tenant table; every tenant table must be listed (a test checks).</summary>
    private static readonly Dictionary<string, string> TouchSql = new()
    {
        ["tenants"] = "UPDATE tenants SET name = name",
        ["api_keys"] = "UPDATE api_keys SET name = name",
        ["sessions"] = "UPDATE sessions SET title = title",
        ["messages"] = "UPDATE messages SET content = content",
        ["execution_receipts"] = "UPDATE execution_receipts SET output = output",
        ["memories"] = "UPDATE memories SET value = value",
        ["todos"] = "UPDATE todos SET text = text",
        ["usage_records"] = "UPDATE usage_records SET model = model",
        ["responses"] = "UPDATE responses SET request = request",
        ["webhook_endpoints"] = "UPDATE webhook_endpoints SET url = url",
        ["webhook_deliveries"] = "UPDATE webhook_deliveries SET body = body",
        ["response_runs"] = "UPDATE response_runs SET status = status",
        ["response_run_steps"] = "UPDATE response_run_steps SET message = message",
        ["response_run_events"] = "UPDATE response_run_events SET event = event",
        ["mcp_servers"] = "UPDATE mcp_servers SET url = url",
        ["tool_approvals"] = "UPDATE tool_approvals SET status = status",
    };

    /// <summary>Every table with a tenant_id column, read from the catalog so new tables are covered automatically.</summary>
    private async Task<List<string>> TenantTablesAsync()
    {
        await using var cmd = _source.CreateCommand("""
            SELECT c.table_name FROM information_schema.columns c
            JOIN information_schema.tables t USING (table_schema, table_name)
            WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
            ORDER BY 1
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await r.ReadAsync())
        {
            list.Add(r.GetString(0));
        }
        return list;
    }

    [Fact]
    public async Task ServiceRoleIsNeitherSuperuserNorBypassRls()
    {
        await using var cmd = _source.CreateCommand("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user");
        Assert.False((bool)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task EveryTenantTableHasForcedRowLevelSecurity()
    {
        var tables = await TenantTablesAsync();
        Assert.Contains("tenants", tables);
        Assert.Contains("api_keys", tables);
        Assert.Contains("audit_logs", tables);
        Assert.Equal(tables.Where(t => t != "audit_logs").Order(), TouchSql.Keys.Order());
        foreach (var table in tables)
        {
            await using var cmd = _source.CreateCommand(
                $"SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'public.{table}'::regclass");
            Assert.True((bool)(await cmd.ExecuteScalarAsync())!, table);
        }
    }

    [Fact]
    public async Task WithoutATenantEveryTenantTableLooksEmpty()
    {
        foreach (var table in await TenantTablesAsync())
        {
            Assert.True(await _db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM {table}") > 0, $"{table} was seeded");
            await using var cmd = _source.CreateCommand($"SELECT count(*) FROM {table}");
            Assert.Equal(0L, (long)(await cmd.ExecuteScalarAsync())!);
        }
    }

    [Fact]
    public async Task TenantACannotReadChangeOrDeleteTenantBRows()
    {
        var db = new TenantDb(_source);
        foreach (var table in await TenantTablesAsync())
        {
            var (seen, updated, deleted) = await db.InTenantAsync("tenant-a", "probe", table, async (c, tx, ct) =>
            {
                var seen = (await c.QueryAsync(tx, $"SELECT DISTINCT tenant_id FROM {table}", r => r.GetString(0), ct)).ToList();
                var updated = table == "audit_logs" ? 0 : await c.ExecuteAsync(tx, TouchSql[table] + " WHERE tenant_id = 'tenant-b'", ct);
                var deleted = table == "audit_logs" ? 0 : await c.ExecuteAsync(tx, $"DELETE FROM {table} WHERE tenant_id = 'tenant-b'", ct);
                return (seen, updated, deleted);
            });
            Assert.Equal(["tenant-a"], seen);
            Assert.Equal(0, updated);
            Assert.Equal(0, deleted);
        }
        Assert.Equal(1L, await _db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM tenants WHERE id = 'tenant-b'"));
        Assert.Equal(1L, await _db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM api_keys WHERE tenant_id = 'tenant-b'"));
    }

    [Theory]
    [InlineData("INSERT INTO audit_logs (tenant_id, actor, auth_method, action, status) VALUES ('tenant-b', 'x', 'x', 'x', 200)")]
    [InlineData("INSERT INTO api_keys (id, tenant_id, name, key_hash, prefix, roles, scopes) VALUES ('k', 'tenant-b', 'x', 'h', 'p', '{}', '{}')")]
    [InlineData("INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions) VALUES ('tenant-c', 'x', 'free', 1, 1)")]
    [InlineData("UPDATE api_keys SET tenant_id = 'tenant-b'")]
    public async Task TenantACannotWriteRowsForAnotherTenant(string sql)
    {
        var db = new TenantDb(_source);
        var e = await Assert.ThrowsAsync<PostgresException>(() =>
            db.InTenantAsync("tenant-a", "probe", "test", (c, tx, ct) => c.ExecuteAsync(tx, sql, ct)));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Theory]
    [InlineData("UPDATE audit_logs SET status = 500")]
    [InlineData("DELETE FROM audit_logs")]
    [InlineData("TRUNCATE audit_logs")]
    public async Task AuditRowsAreAppendOnlyForTheServiceRole(string sql)
    {
        var db = new TenantDb(_source);
        var e = await Assert.ThrowsAsync<PostgresException>(() =>
            db.InTenantAsync("tenant-a", "probe", "audit_log", (c, tx, ct) => c.ExecuteAsync(tx, sql, ct)));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
        Assert.Equal(2L, await _db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM audit_logs WHERE status = 200"));
    }

    [Fact]
    public async Task ThePurgeFunctionOnlyTakesATenantDueForPurgeAndThenTakesEveryRowOfIt()
    {
        var tenants = new TenantStore(new TenantDb(_source));
        // Active, then deleted but not yet due: refused, nothing removed.
        await Assert.ThrowsAsync<PostgresException>(() => tenants.PurgeAsync("tenant-b"));
        await tenants.SoftDeleteAsync("tenant-b", TimeSpan.FromDays(1));
        var notDue = await Assert.ThrowsAsync<PostgresException>(() => tenants.PurgeAsync("tenant-b"));
        Assert.Contains("not due for purge", notDue.MessageText);
        Assert.Equal(1L, await _db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM tenants WHERE id = 'tenant-b'"));

        await _db.ExecuteAsSuperuserAsync("UPDATE tenants SET purge_after = now() - interval '1 minute' WHERE id = 'tenant-b'");
        var erased = await tenants.PurgeAsync("tenant-b");
        var tables = await TenantTablesAsync();
        Assert.Equal(tables.Order(), erased.Select(e => e.Table).Order());
        foreach (var table in tables)
        {
            Assert.Equal(0L, await _db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM {table} WHERE tenant_id = 'tenant-b'"));
            Assert.True(await _db.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM {table} WHERE tenant_id = 'tenant-a'") > 0, table);
        }
        // The DELETE privilege the function took for itself is gone again.
        await using var check = _source.CreateCommand("SELECT has_table_privilege(current_user, 'audit_logs', 'DELETE')");
        Assert.False((bool)(await check.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AuditRetentionRemovesOnlyOldRowsAndNeverAnythingUnderADayOld()
    {
        await _db.ExecuteAsSuperuserAsync("""
            INSERT INTO audit_logs (tenant_id, actor, auth_method, action, status, created_at) VALUES
                ('tenant-a', 'old', 'test', 'old', 201, now() - interval '3 days'),
                ('tenant-b', 'old', 'test', 'old', 201, now() - interval '3 days'),
                ('tenant-a', 'recent', 'test', 'recent', 201, now() - interval '30 hours')
            """);
        var audit = new HermesX.Grains.Audit.AuditStore(new TenantDb(_source), new GroupCommitter(_source, new GroupCommitOptions(), NullLogger<GroupCommitter>.Instance));
        var tooYoung = await Assert.ThrowsAsync<PostgresException>(() => audit.EraseOlderThanAsync(DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Contains("younger than one day", tooYoung.MessageText);
        Assert.Equal(5L, await _db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM audit_logs"));

        Assert.Equal(2L, await audit.EraseOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-2)));
        Assert.Equal(0L, await _db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM audit_logs WHERE actor = 'old'"));
        Assert.Equal(3L, await _db.ScalarAsSuperuserAsync<long>("SELECT count(*) FROM audit_logs"));
        // Plain statements are still refused afterwards.
        var db = new TenantDb(_source);
        var e = await Assert.ThrowsAsync<PostgresException>(() =>
            db.InTenantAsync("tenant-a", "probe", "audit_log", (c, tx, ct) => c.ExecuteAsync(tx, "DELETE FROM audit_logs", ct)));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
    }

    [Fact]
    public async Task KeyLookupByHashWorksUnderTheRestrictedRoleAndRevealsNothingElse()
    {
        var db = new TenantDb(_source);
        var keys = new ApiKeyStore(db);
        var (created, raw) = await keys.CreateAsync("tenant-b", "lookup", ["user"], ["read"], null);
        var found = await keys.FindByHashAsync(ApiKeyStore.Hash(raw));
        Assert.NotNull(found);
        Assert.Equal(created.Id, found.Key.Id);
        Assert.Equal("tenant-b", found.Key.TenantId);

        var visible = await db.ForKeyHashAsync(ApiKeyStore.Hash(raw), (c, tx, ct) =>
            c.QueryAsync(tx, "SELECT id FROM api_keys", r => r.GetString(0), ct));
        Assert.Equal([created.Id], visible);
        Assert.Null(await keys.FindByHashAsync(ApiKeyStore.Hash("hk_" + new string('0', 64))));
    }
}
