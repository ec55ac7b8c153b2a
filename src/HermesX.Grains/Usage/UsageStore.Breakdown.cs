using HermesX.Grains.Abstractions.Usage;
using HermesX.Grains.Store;
using HermesX.Grains.Tenants;
using Npgsql;

namespace HermesX.Grains.Usage;

/// <summary>Spend you can see: usage per API key, model, deployment and end user, and budgets beside spend.</summary>
public sealed partial class UsageStore
{
    // Dimension names map to fixed column names only: nothing the caller sends reaches the SQL text.
    private static readonly Dictionary<string, string> s_columns = new(StringComparer.Ordinal)
    {
        [UsageDimensions.ApiKey] = "api_key_id",
        [UsageDimensions.Model] = "model",
        [UsageDimensions.Deployment] = "deployment",
        [UsageDimensions.User] = "user_id",
    };

    public Task<List<UsageGroup>> BreakdownAsync(string tenantId, IReadOnlyList<string> dimensions, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(dimensions.Count);
        var grouped = dimensions.Select(d => s_columns[d]).ToList();
        var selected = string.Join(", ", UsageDimensions.All.Select(d => dimensions.Contains(d) ? s_columns[d] : "NULL::text"));
        var sql = $"""
            SELECT {selected}, count(*), sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cost_usd)
            FROM usage_records WHERE created_at >= @f AND created_at < @t
            GROUP BY {string.Join(", ", grouped)} ORDER BY sum(cost_usd) DESC, {string.Join(", ", grouped.Select(c => c + " NULLS LAST"))}
            """;
        return db.InTenantAsync(tenantId, "summary", "usage", (conn, tx, c) =>
            conn.QueryAsync(tx, sql, r => new UsageGroup(r.GetNullableString(0), r.GetNullableString(1), r.GetNullableString(2), r.GetNullableString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6),
                r.GetDecimal(7)), c, ("f", from), ("t", to)), ct);
    }

    public Task<TenantSpendToDate> SpendToDateAsync(string tenantId, DateTimeOffset now, CancellationToken ct = default)
    {
        // The budgets' own periods: the UTC day and the UTC calendar month.
        var day = TenantQuota.DayStart(now.ToUniversalTime());
        var month = TenantQuota.MonthStart(now.ToUniversalTime());
        return db.InTenantAsync(tenantId, "summary", "usage", async (conn, tx, c) =>
        {
            var tenant = (await conn.QueryAsync(tx, """
                SELECT t.daily_budget_usd, t.monthly_budget_usd, t.user_daily_budget_usd,
                       coalesce(sum(u.cost_usd) FILTER (WHERE u.created_at >= @d), 0), coalesce(sum(u.cost_usd), 0)
                FROM tenants t LEFT JOIN usage_records u ON u.tenant_id = t.id AND u.created_at >= @m
                WHERE t.id = @tenant GROUP BY t.id
                """, r => (Spend: new SpendToDate(r.GetNullable<decimal>(0), r.GetNullable<decimal>(1), r.GetDecimal(3), r.GetDecimal(4)), UserDaily: r.GetNullable<decimal>(2)),
                c, ("d", day), ("m", month), ("tenant", tenantId))).SingleOrDefault();
            var keys = await conn.QueryAsync(tx, """
                SELECT k.id, k.name, k.revoked_at IS NOT NULL, k.daily_budget_usd, k.monthly_budget_usd,
                       coalesce(sum(u.cost_usd) FILTER (WHERE u.created_at >= @d), 0), coalesce(sum(u.cost_usd), 0)
                FROM api_keys k LEFT JOIN usage_records u ON u.api_key_id = k.id AND u.created_at >= @m
                GROUP BY k.id HAVING k.revoked_at IS NULL OR count(u.id) > 0 ORDER BY k.created_at, k.id
                """, r => new KeySpendToDate(r.GetString(0), r.GetString(1), r.GetBoolean(2),
                    new SpendToDate(r.GetNullable<decimal>(3), r.GetNullable<decimal>(4), r.GetDecimal(5), r.GetDecimal(6))), c, ("d", day), ("m", month));
            return new TenantSpendToDate(tenant.Spend ?? new SpendToDate(null, null, 0, 0), tenant.UserDaily, keys);
        }, ct);
    }
}
