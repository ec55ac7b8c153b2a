namespace HermesX.Grains.Abstractions.Spend;

/// <summary>
/// The single counter of one tenant's USD spend (key: tenant id): the tenant's daily and monthly
/// budgets, each API key's daily and monthly budgets and each end user's daily budget. One activation
/// in the cluster, so a reservation is checked against every open one wherever the call came from.
/// Every model call reserves its worst case before it is made and settles with its real cost after,
/// whether it succeeded or not: a turn's calls (the agent loop), and any other model call (embeddings).
/// </summary>
[Alias("hermesx.ITenantSpendGrain")]
public interface ITenantSpendGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reserves <see cref="SpendClaim.Usd"/> under every budget that applies to the claim, or refuses it
    /// (nothing reserved) naming the first budget it would overrun and when that budget resets.
    /// </summary>
    [Alias("Reserve")]
    Task<SpendDecision> ReserveAsync(SpendClaim claim);

    /// <summary>Hands back reservation <paramref name="reservation"/> and adds what the call really cost (0 when it failed unbilled).</summary>
    [Alias("Settle")]
    Task SettleAsync(long reservation, decimal costUsd);

    /// <summary>
    /// The tenant's own or its end users' budgets changed: their counters without an open reservation are read
    /// again from the usage rows when next needed (calls of a tenant without such budgets are not counted as
    /// they run); the keys' counters stay.
    /// </summary>
    [Alias("BudgetsChanged")]
    Task BudgetsChangedAsync();

    /// <summary>Key <paramref name="apiKeyId"/>'s budgets changed: only its counters without an open reservation are read again when next needed.</summary>
    [Alias("KeyBudgetsChanged")]
    Task KeyBudgetsChangedAsync(string apiKeyId);
}

/// <summary>
/// One model call's claim on the budgets: the end user (<see cref="SpendBudgets.EndUser"/>) and API key it runs for, with the
/// key's own budgets (as its credential carries them; the tenant's are read from the tenant record), and its worst-case cost.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.SpendClaim")]
public sealed record SpendClaim(
    [property: Id(0)] string UserId,
    [property: Id(5)] Auth.KeyLimits? Key,
    [property: Id(4)] decimal Usd);

/// <summary>Answer to a reservation: its id to settle, or the budget refused (its name, a message, when it resets).</summary>
[GenerateSerializer, Immutable, Alias("hermesx.SpendDecision")]
public sealed record SpendDecision(
    [property: Id(0)] bool Allowed,
    [property: Id(1)] long Reservation = 0,
    [property: Id(2)] string? Budget = null,
    [property: Id(3)] string? Message = null,
    [property: Id(4)] DateTimeOffset? ResetsAt = null);

/// <summary>Names of the USD budgets, as refusals, audit rows and the threshold metric's <c>scope</c> label give them.</summary>
public static class SpendBudgets
{
    public const string TenantDaily = "tenant_daily";
    public const string TenantMonthly = "tenant_monthly";
    public const string KeyDaily = "key_daily";
    public const string KeyMonthly = "key_monthly";
    public const string UserDaily = "user_daily";

    /// <summary>
    /// The end user a call's spend is counted for and its usage rows name: for an API key, the end user the
    /// request names (<c>user</c>, Anthropic's <c>metadata.user_id</c>), else the key itself; for any other
    /// credential its subject (a JWT's <c>sub</c>), whatever the request names, which is only passed on to the provider.
    /// </summary>
    public static string EndUser(string callerSubject, string? apiKeyId, string? named) =>
        apiKeyId is not null && named is not null ? named : callerSubject;

    /// <summary>Whether a call of this claim must ask the spend grain at all.</summary>
    public static bool Apply(bool tenantHasBudget, Auth.KeyLimits? key) => tenantHasBudget || key is { HasBudget: true };
}
