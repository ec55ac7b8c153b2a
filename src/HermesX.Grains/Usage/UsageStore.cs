using HermesX.Grains.Store;
using Npgsql;
using HermesX.Grains.Abstractions.Usage;

namespace HermesX.Grains.Usage;

/// <summary>What <see cref="UsageStore.CostsSinceAsync"/> sums: the calls since <paramref name="Since"/>, of one end user or one API key when named.</summary>
public sealed record CostScope(DateTimeOffset Since, string? UserId = null, string? ApiKeyId = null);

/// <summary>Usage records: one per model call, priced from the catalog.</summary>
public sealed partial class UsageStore(TenantDb db) : IUsageQueries
{
    /// <summary>Input + output tokens used since <paramref name="since"/> (quota windows).</summary>
    public Task<long> TokensSinceAsync(string tenantId, DateTimeOffset since, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, "sum", "usage", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, "SELECT coalesce(sum(input_tokens + output_tokens), 0)::bigint FROM usage_records WHERE created_at >= @s",
                r => r.GetInt64(0), c, ("s", since))).Single(), ct);

    /// <summary>
    /// USD spent in each scope (since its start, by the whole tenant or only one end user's or one API key's calls),
    /// in the scopes' order, read in one query: what a spend counter starts from.
    /// </summary>
    public Task<decimal[]> CostsSinceAsync(string tenantId, IReadOnlyList<CostScope> scopes, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(scopes.Count);
        // Only parameter names reach the SQL text; every value the caller gives is a parameter.
        var args = new List<(string, object?)> { ("since", scopes.Min(s => s.Since)) };
        var sums = new List<string>();
        var owners = new List<string>();
        for (var i = 0; i < scopes.Count; i++)
        {
            var (since, userId, apiKeyId) = scopes[i];
            var whose = new List<string>();
            args.Add(($"s{i}", since));
            if (userId is not null)
            {
                whose.Add($"user_id = @u{i}");
                args.Add(($"u{i}", userId));
            }
            if (apiKeyId is not null)
            {
                whose.Add($"api_key_id = @k{i}");
                args.Add(($"k{i}", apiKeyId));
            }
            var owner = whose.Count == 0 ? "true" : string.Join(" AND ", whose);
            sums.Add($"coalesce(sum(cost_usd) FILTER (WHERE created_at >= @s{i} AND {owner}), 0)");
            owners.Add(owner);
        }
        var sql = $"SELECT {string.Join(", ", sums)} FROM usage_records WHERE created_at >= @since AND ({string.Join(" OR ", owners)})";
        return db.InTenantAsync(tenantId, "sum", "usage", async (conn, tx, c) =>
            (await conn.QueryAsync(tx, sql, r => Enumerable.Range(0, scopes.Count).Select(r.GetDecimal).ToArray(), c, [.. args])).Single(), ct);
    }

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
