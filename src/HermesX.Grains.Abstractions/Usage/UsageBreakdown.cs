namespace HermesX.Grains.Abstractions.Usage;

/// <summary>The dimensions usage can be broken down by, as named in <c>group_by</c>.</summary>
public static class UsageDimensions
{
    public const string ApiKey = "api_key";
    public const string Model = "model";
    public const string Deployment = "deployment";
    public const string User = "user";

    public static readonly IReadOnlyList<string> All = [ApiKey, Model, Deployment, User];
}

/// <summary>
/// Usage of one combination of the grouped dimensions; a dimension not grouped by is null, and so is one
/// a row does not know (a call not made with an API key, a deployment not recorded).
/// </summary>
public sealed record UsageGroup(string? ApiKeyId, string? Model, string? Deployment, string? UserId,
    long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>USD budgets (null: no limit) beside what was spent in the current UTC day and calendar month.</summary>
public sealed record SpendToDate(decimal? DailyBudgetUsd, decimal? MonthlyBudgetUsd, decimal SpentTodayUsd, decimal SpentThisMonthUsd);

/// <summary>An API key's budgets and spend; <see cref="Revoked"/> keys appear while they have spend this month.</summary>
public sealed record KeySpendToDate(string ApiKeyId, string Name, bool Revoked, SpendToDate Spend);

/// <summary>The tenant's budgets and spend, its per-user daily budget, and each of its API keys'.</summary>
public sealed record TenantSpendToDate(SpendToDate Tenant, decimal? UserDailyBudgetUsd, IReadOnlyList<KeySpendToDate> ApiKeys);
