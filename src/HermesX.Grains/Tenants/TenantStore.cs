using HermesX.Grains.Abstractions.Tenants;
using HermesX.Grains.Store;
using Npgsql;

namespace HermesX.Grains.Tenants;

/// <summary>Postgres access for the <c>tenants</c> table.</summary>
public sealed class TenantStore(TenantDb db)
{
    private const string Columns = "id, name, plan, rate_limit_rpm, max_sessions, config::text, created_at, updated_at, deleted_at, daily_token_budget, monthly_token_budget, max_streams_per_user";

    public Task<TenantRecord?> GetAsync(string id, CancellationToken ct = default) =>
        db.InTenantAsync(id, "select", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"SELECT {Columns} FROM tenants WHERE id = @id", Map, c, ("id", id))).SingleOrDefault(), ct);

    /// <summary>Inserts the tenant; null when the id is taken.</summary>
    public Task<TenantRecord?> InsertAsync(TenantRecord t, CancellationToken ct = default) =>
        db.InTenantAsync(t.Id, "insert", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                INSERT INTO tenants (id, name, plan, rate_limit_rpm, max_sessions, config, daily_token_budget, monthly_token_budget, max_streams_per_user)
                VALUES (@id, @name, @plan, @rpm, @max, @config::jsonb, @day, @month, @streams)
                ON CONFLICT (id) DO NOTHING
                RETURNING {Columns}
                """, Map, c, ("id", t.Id), ("name", t.Name), ("plan", t.Plan), ("rpm", t.RateLimitRpm),
                ("max", t.MaxSessions), ("config", t.ConfigJson), ("day", t.DailyTokenBudget), ("month", t.MonthlyTokenBudget),
                ("streams", t.MaxStreamsPerUser))).SingleOrDefault(), ct);

    public Task<TenantRecord?> UpdateAsync(TenantRecord t, CancellationToken ct = default) =>
        db.InTenantAsync(t.Id, "update", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                UPDATE tenants SET name = @name, plan = @plan, rate_limit_rpm = @rpm, max_sessions = @max,
                       config = @config::jsonb, daily_token_budget = @day, monthly_token_budget = @month,
                       max_streams_per_user = @streams, updated_at = now()
                WHERE id = @id AND deleted_at IS NULL
                RETURNING {Columns}
                """, Map, c, ("id", t.Id), ("name", t.Name), ("plan", t.Plan), ("rpm", t.RateLimitRpm),
                ("max", t.MaxSessions), ("config", t.ConfigJson), ("day", t.DailyTokenBudget), ("month", t.MonthlyTokenBudget),
                ("streams", t.MaxStreamsPerUser))).SingleOrDefault(), ct);

    public Task<TenantRecord?> SoftDeleteAsync(string id, CancellationToken ct = default) =>
        db.InTenantAsync(id, "delete", "tenant", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, $"""
                UPDATE tenants SET deleted_at = now(), updated_at = now()
                WHERE id = @id AND deleted_at IS NULL
                RETURNING {Columns}
                """, Map, c, ("id", id))).SingleOrDefault(), ct);

    /// <summary>Every tenant, newest first (platform admin only).</summary>
    public Task<List<TenantRecord>> ListAsync(int limit, int offset, bool includeDeleted, CancellationToken ct = default) =>
        db.AcrossTenantsAsync("list", "tenant", (conn, tx, c) =>
            conn.QueryAsync(tx, $"""
                SELECT {Columns} FROM tenants
                WHERE @all OR deleted_at IS NULL
                ORDER BY created_at DESC, id LIMIT @limit OFFSET @offset
                """, Map, c, ("all", includeDeleted), ("limit", limit), ("offset", offset)), ct);

    private static TenantRecord Map(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetString(5),
        r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7), r.GetNullable<DateTimeOffset>(8),
        r.GetNullable<long>(9), r.GetNullable<long>(10), r.GetNullable<int>(11));
}
