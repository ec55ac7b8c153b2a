namespace HermesX.Grains.Abstractions.Usage;

/// <summary>
/// One model call's usage; <see cref="SessionId"/> is null for a call outside a session (embeddings), <see cref="ApiKeyId"/>
/// for a call not made with an API key, <see cref="Deployment"/> where the serving deployment is not known.
/// </summary>
public sealed record UsageRecord(string TenantId, string? SessionId, string UserId, string Model, string Provider,
    long InputTokens, long OutputTokens, decimal CostUsd, DateTimeOffset CreatedAt = default, string? ApiKeyId = null, string? Deployment = null);

public sealed record UsagePeriod(DateTimeOffset Period, long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

public sealed record TenantUsage(string TenantId, long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>Reads of token usage.</summary>
public interface IUsageQueries
{
    Task<List<UsagePeriod>> SummaryAsync(string tenantId, string granularity, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    Task<List<UsageRecord>> DetailsAsync(string tenantId, string? sessionId, int limit, int offset, CancellationToken ct = default);

    /// <summary>Totals between from and to per combination of <paramref name="dimensions"/> (names of <see cref="UsageDimensions"/>), costliest first.</summary>
    Task<List<UsageGroup>> BreakdownAsync(string tenantId, IReadOnlyList<string> dimensions, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>The tenant's and its API keys' USD budgets beside their spend in the UTC day and month of <paramref name="now"/>.</summary>
    Task<TenantSpendToDate> SpendToDateAsync(string tenantId, DateTimeOffset now, CancellationToken ct = default);

    Task<List<TenantUsage>> AcrossTenantsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
}
