using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Tenants;

/// <summary>Postgres access for the <c>tenants</c> table.</summary>
public sealed class TenantStore(TenantDb db)
{
    private const string Columns = "id, name, plan, rate_limit_rpm, max_sessions, config::text, created_at, updated_at, deleted_at, daily_token_budget, monthly_token_budget, max_streams_per_user, purge_after, models, daily_budget_usd, monthly_budget_usd, user_daily_budget_usd, tools_requiring_approval";

    public Task<TenantRecord?> GetAsync(string id, CancellationToken ct = default) =>
        db.InTenantAsync(id, "select", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"SELECT {Columns} FROM tenants WHERE id = @id", Map, c, ("id", id))).SingleOrDefault(), ct);

    /// <summary>Inserts the tenant; null when the id is taken.</summary>
    public Task<TenantRecord?> InsertAsync(TenantRecord t, CancellationToken ct = default) =>
        db.InTenantAsync(t.Id, "insert", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions, config, daily_token_budget, monthly_token_budget, max_streams_per_user, models,
                                     daily_budget_usd, monthly_budget_usd, user_daily_budget_usd)
                VALUES (@id, @name, @plan, @rpm, @max, @config::jsonb, @day, @month, @streams, @models, @dayUsd, @monthUsd, @userUsd)
                ON CONFLICT (id) DO NOTHING
                RETURNING {Columns}
                """, Map, c, ("id", t.Id), ("name", t.Name), ("plan", t.Plan), ("rpm", t.RateLimitRpm),
                ("max", t.MaxSessions), ("config", t.ConfigJson), ("day", t.DailyTokenBudget), ("month", t.MonthlyTokenBudget),
                ("streams", t.MaxStreamsPerUser), ("models", t.Models?.ToArray()), ("dayUsd", t.DailyBudgetUsd), ("monthUsd", t.MonthlyBudgetUsd),
                ("userUsd", t.UserDailyBudgetUsd))).SingleOrDefault(), ct);

    public Task<TenantRecord?> UpdateAsync(TenantRecord t, CancellationToken ct = default) =>
        db.InTenantAsync(t.Id, "update", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                UPDATE tenants SET name = @name, plan = @plan, rate_limit_rpm = @rpm, max_sessions = @max,
                       config = @config::jsonb, daily_token_budget = @day, monthly_token_budget = @month,
                       max_streams_per_user = @streams, models = @models, daily_budget_usd = @dayUsd,
                       monthly_budget_usd = @monthUsd, user_daily_budget_usd = @userUsd,
                       tools_requiring_approval = @approval, updated_at = now()
                WHERE id = @id AND deleted_at IS NULL
                RETURNING {Columns}
                """, Map, c, ("id", t.Id), ("name", t.Name), ("plan", t.Plan), ("rpm", t.RateLimitRpm),
                ("max", t.MaxSessions), ("config", t.ConfigJson), ("day", t.DailyTokenBudget), ("month", t.MonthlyTokenBudget),
                ("streams", t.MaxStreamsPerUser), ("models", t.Models?.ToArray()), ("dayUsd", t.DailyBudgetUsd), ("monthUsd", t.MonthlyBudgetUsd),
                ("userUsd", t.UserDailyBudgetUsd), ("approval", t.ToolsRequiringApproval?.ToArray()))).SingleOrDefault(), ct);

    /// <summary>Soft-deletes the tenant and schedules its purge <paramref name="grace"/> from now (database time).</summary>
    public Task<TenantRecord?> SoftDeleteAsync(string id, TimeSpan grace, CancellationToken ct = default) =>
        db.InTenantAsync(id, "delete", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                UPDATE tenants SET deleted_at = now(), updated_at = now(),
                       purge_after = now() + make_interval(secs => @grace)
                WHERE id = @id AND deleted_at IS NULL
                RETURNING {Columns}
                """, Map, c, ("id", id), ("grace", grace.TotalSeconds))).SingleOrDefault(), ct);

    /// <summary>Undoes a soft delete that has not been purged yet; null when the tenant is not deleted.</summary>
    public Task<TenantRecord?> RestoreAsync(string id, CancellationToken ct = default) =>
        db.InTenantAsync(id, "restore", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                UPDATE tenants SET deleted_at = NULL, purge_after = NULL, updated_at = now()
                WHERE id = @id AND deleted_at IS NOT NULL
                RETURNING {Columns}
                """, Map, c, ("id", id))).SingleOrDefault(), ct);

    /// <summary>
    /// Hard-deletes every row of a tenant that is due for purge (hermes_purge_tenant: every table with
    /// a tenant_id, the audit rows, the tenant itself); returns rows removed per table.
    /// </summary>
    public Task<List<(string Table, long Rows)>> PurgeAsync(string id, CancellationToken ct = default) =>
        db.InTenantAsync(id, "purge", "tenant", (conn, tx, c) =>
            conn.QueryAsync(tx, "SELECT erased_from, erased_rows FROM hermes_purge_tenant(@id)",
                r => (r.GetString(0), r.GetInt64(1)), c, ("id", id)), ct);

    /// <summary>Ids of soft-deleted tenants whose purge time has passed.</summary>
    public Task<List<string>> DueForPurgeAsync(CancellationToken ct = default) =>
        db.AcrossTenantsAsync("list", "tenant", (conn, tx, c) =>
            conn.QueryAsync(tx, "SELECT id FROM tenants WHERE deleted_at IS NOT NULL AND purge_after <= now() ORDER BY purge_after",
                r => r.GetString(0), c), ct);

    /// <summary>Every tenant, newest first (platform admin only).</summary>
    /// <summary>Newest first; <paramref name="search"/>, when given, keeps tenants whose id or name contains it (any case).</summary>
    public Task<List<TenantRecord>> ListAsync(int limit, int offset, bool includeDeleted, string? search = null, CancellationToken ct = default) =>
        db.AcrossTenantsAsync("list", "tenant", (conn, tx, c) =>
            conn.QueryAsync(tx, $"""
                SELECT {Columns} FROM tenants
                WHERE (@all OR deleted_at IS NULL)
                  AND (@q::text IS NULL OR strpos(lower(id), lower(@q)) > 0 OR strpos(lower(name), lower(@q)) > 0)
                ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset
                """, Map, c, ("all", includeDeleted), ("q", search), ("limit", limit), ("offset", offset)), ct);

    private static TenantRecord Map(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5),
        r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7), r.GetNullable<DateTimeOffset>(8),
        r.GetNullable<long>(9), r.GetNullable<long>(10), r.GetNullable<int>(11), r.GetNullable<DateTimeOffset>(12),
        r.IsDBNull(13) ? null : r.GetFieldValue<string[]>(13), r.GetNullable<decimal>(14), r.GetNullable<decimal>(15), r.GetNullable<decimal>(16),
        r.IsDBNull(17) ? null : r.GetFieldValue<string[]>(17));
}
