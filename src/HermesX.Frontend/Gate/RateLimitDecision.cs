namespace HermesX.Frontend.Gate;

/// <summary>Which of the two limits a decision describes.</summary>
public enum RateLimitScope
{
    Tenant,
    Key,
}

/// <summary>
/// One request to admit: the tenant's budget and the caller's (API key or JWT subject) budget,
/// both per <see cref="RateLimitWindow.Length"/>. A limit of 0 means that layer does not limit.
/// </summary>
public sealed record RateLimitRequest(string TenantId, int TenantLimit, string KeyId, int KeyLimit);

/// <summary>
/// The outcome. When refused, <see cref="Scope"/> is the limit that refused and nothing was counted
/// against either budget. When admitted, the numbers describe the tighter of the two budgets.
/// <see cref="Reset"/> is how long until <see cref="Remaining"/> grows by one (when refused: until one
/// more request fits).
/// </summary>
public sealed record RateLimitDecision(bool Allowed, RateLimitScope Scope, int Limit, int Remaining, TimeSpan Reset)
{
    /// <summary>Admitted without any limit applying (both layers off).</summary>
    public static RateLimitDecision Unlimited { get; } = new(true, RateLimitScope.Tenant, 0, 0, TimeSpan.Zero);

    /// <summary>Reset in whole seconds, rounded up so a client that waits that long is admitted.</summary>
    public int ResetSeconds => (int)Math.Ceiling(Reset.TotalSeconds);
}

/// <summary>The limits are requests per minute, refilled evenly (<see cref="Gcra"/>), never reset at a fixed minute.</summary>
public static class RateLimitWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);
}
