namespace HermesX.Grains.Abstractions.Tenants;

/// <summary>
/// Answer of a quota check: allowed (with the tokens reserved for the turn, handed back on release),
/// refused (which quota, and when it frees up), or <see cref="Wait"/>: the budget left is held by
/// turns still running and none of them finished while the admission waited; ask again shortly.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.QuotaDecision")]
public sealed record QuotaDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] string? Quota = null,
    [property: Id(2)] string? Message = null,
    [property: Id(3)] DateTimeOffset? ResetsAt = null,
    [property: Id(4)] long Reservation = 0,
    [property: Id(5)] bool Wait = false)
{
    public static QuotaDecision Allow { get; } = new(true);
}

/// <summary>Names of the quotas a tenant can run out of.</summary>
public static class Quotas
{
    public const string MaxSessions = "max_sessions";
    public const string DailyTokens = "daily_token_budget";
    public const string MonthlyTokens = "monthly_token_budget";
    public const string StreamsPerUser = "max_streams_per_user";
}
