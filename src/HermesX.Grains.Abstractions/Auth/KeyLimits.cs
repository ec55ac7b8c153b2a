namespace HermesX.Grains.Abstractions.Auth;

/// <summary>
/// What the calling API key brings to a model call, as its credential carries it: its id (on the usage rows, the key
/// of its spend counters), its model allow-list (null: any the tenant may use) and its USD budgets (null: no limit).
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.KeyLimits")]
public sealed record KeyLimits(
    [property: Id(0)] string Id,
    [property: Id(1)] IReadOnlyList<string>? Models,
    [property: Id(2)] decimal? DailyBudgetUsd,
    [property: Id(3)] decimal? MonthlyBudgetUsd)
{
    /// <summary>Whether the key has a USD budget of its own.</summary>
    public bool HasBudget => DailyBudgetUsd is not null || MonthlyBudgetUsd is not null;
}
