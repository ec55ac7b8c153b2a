using HermesX.Grains.Store;
using Npgsql;
using HermesX.Grains.Abstractions.Usage;

namespace HermesX.Grains.Usage;

/// <summary>Usage records: one per model call, priced from the catalog.</summary>
public sealed partial class UsageStore(TenantDb db) : IUsageQueries
{
    /// <summary>Input + output tokens used since <paramref name="since"/> (quota windows).</summary>
    public Task<long> TokensSinceAsync(string tenantId, DateTimeOffset since, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "sum", "usage", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, "SELECT coalesce(sum(input_tokens + output_tokens), 0)::bigint FROM usage_records WHERE created_at >= @s",
                r => r.GetInt64(0), c, ("s", since))).Single(), ct);

    /// <summary>USD spent since <paramref name="since"/>, by the whole tenant or only one end user's or one API key's calls (spend budgets).</summary>
    public Task<decimal> CostSinceAsync(string tenantId, DateTimeOffset since, string? userId = null, string? apiKeyId = null, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "sum", "usage", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, """
                SELECT coalesce(sum(cost_usd), 0) FROM usage_records
                WHERE created_at >= @s AND (@u::text IS NULL OR user_id = @u) AND (@k::text IS NULL OR api_key_id = @k)
                """, r => r.GetDecimal(0), c, ("s", since), ("u", userId), ("k", apiKeyId))).Single(), ct);

    /// <summary>Totals per day or month (UTC) between from (inclusive) and to (exclusive).</summary>
    public Task<List<UsagePeriod>> SummaryAsync(string tenantId, string granularity, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "summary", "usage", (conn, tx, c) =>
            conn.QueryAsync(tx, """
                SELECT date_trunc(@g, created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*), sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cost_usd)
                FROM usage_records WHERE created_at >= @f AND created_at < @t GROUP BY 1 ORDER BY 1
                """, r => new UsagePeriod(r.GetFieldValue<DateTimeOffset>(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetDecimal(4)),
                c, ("g", granularity), ("f", from), ("t", to)), ct);

    public Task<List<UsageRecord>> DetailsAsync(string tenantId, string? sessionId, int limit, int offset, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "list", "usage", (conn, tx, c) =>
            conn.QueryAsync(tx, """
                SELECT tenant_id, session_id, user_id, model, provider, input_tokens, output_tokens, cost_usd, created_at, api_key_id, deployment
                FROM usage_records WHERE (@s::text IS NULL OR session_id = @s) ORDER BY created_at DESC, id DESC LIMIT @l OFFSET @o
                """, r => new UsageRecord(r.GetString(0), r.GetNullableString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5),
                    r.GetInt64(6), r.GetDecimal(7), r.GetFieldValue<DateTimeOffset>(8), r.GetNullableString(9), r.GetNullableString(10)), c, ("s", sessionId), ("l", limit), ("o", offset)), ct);

    /// <summary>Totals per tenant across all tenants (platform admin).</summary>
    public Task<List<TenantUsage>> AcrossTenantsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        db.AcrossTenantsAsync("summary", "usage", (conn, tx, c) =>
            conn.QueryAsync(tx, """
                SELECT tenant_id, count(*), sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cost_usd)
                FROM usage_records WHERE created_at >= @f AND created_at < @t GROUP BY tenant_id ORDER BY tenant_id
                """, r => new TenantUsage(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetDecimal(4)), c, ("f", from), ("t", to)), ct);
}
