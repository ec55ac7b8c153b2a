namespace HermesX.Grains.Abstractions.Tenants;

/// <summary>A tenant as stored in Postgres and cached by its <see cref="ITenantGrain"/>.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.TenantRecord")]
public sealed record TenantRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Plan,
    [property: Id(3)] int RateLimitRpm,
    [property: Id(4)] int MaxSessions,
    [property: Id(5)] string ConfigJson,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] DateTimeOffset? DeletedAt,
    [property: Id(9)] long? DailyTokenBudget = null,
    [property: Id(10)] long? MonthlyTokenBudget = null,
    [property: Id(11)] int? MaxStreamsPerUser = null,
    [property: Id(12)] DateTimeOffset? PurgeAfter = null,
    [property: Id(13)] IReadOnlyList<string>? Models = null,
    [property: Id(14)] decimal? DailyBudgetUsd = null,
    [property: Id(15)] decimal? MonthlyBudgetUsd = null,
    [property: Id(16)] decimal? UserDailyBudgetUsd = null,
    [property: Id(17)] IReadOnlyList<string>? ToolsRequiringApproval = null)
{
    /// <summary>Whether a USD budget of the tenant (daily, monthly, per end user a day) limits its turns.</summary>
    public bool HasSpendBudget => DailyBudgetUsd is not null || MonthlyBudgetUsd is not null || UserDailyBudgetUsd is not null;

    /// <summary>Tokens (input + output) a day; 0 = unlimited.</summary>
    public long EffectiveDailyTokenBudget => DailyTokenBudget ?? TenantPlans.DefaultDailyTokenBudget(Plan);

    /// <summary>Tokens (input + output) a calendar month (UTC); 0 = unlimited.</summary>
    public long EffectiveMonthlyTokenBudget => MonthlyTokenBudget ?? TenantPlans.DefaultMonthlyTokenBudget(Plan);

    public int EffectiveMaxStreamsPerUser => MaxStreamsPerUser ?? TenantPlans.DefaultMaxStreamsPerUser;

    /// <summary>Whether a token budget (daily or monthly) limits the tenant's turns.</summary>
    public bool HasTokenBudget => EffectiveDailyTokenBudget > 0 || EffectiveMonthlyTokenBudget > 0;

    public bool IsActive => DeletedAt is null;
}

/// <summary>Fields of a tenant a caller may set; null means "leave as is" on update.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.TenantChanges")]
public sealed record TenantChanges(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Plan,
    [property: Id(2)] int? RateLimitRpm,
    [property: Id(3)] int? MaxSessions,
    [property: Id(4)] string? ConfigJson,
    [property: Id(5)] long? DailyTokenBudget = null,
    [property: Id(6)] long? MonthlyTokenBudget = null,
    [property: Id(7)] int? MaxStreamsPerUser = null,
    [property: Id(8)] ModelsChange? Models = null,
    [property: Id(9)] UsdBudgetChange? DailyBudgetUsd = null,
    [property: Id(10)] UsdBudgetChange? MonthlyBudgetUsd = null,
    [property: Id(11)] UsdBudgetChange? UserDailyBudgetUsd = null,
    [property: Id(12)] ToolApprovalsChange? ToolsRequiringApproval = null)
{
    /// <summary>Whether the change sets or lifts a USD budget (the spend counters then start again from the usage rows).</summary>
    public bool ChangesSpendBudgets => DailyBudgetUsd is not null || MonthlyBudgetUsd is not null || UserDailyBudgetUsd is not null;
}

/// <summary>A new USD budget; <see cref="Usd"/> null lifts the limit.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.UsdBudgetChange")]
public sealed record UsdBudgetChange([property: Id(0)] decimal? Usd);

/// <summary>A new model allow-list for a tenant (<see cref="Llm.ModelAllowList"/>); <see cref="Models"/> null lifts the limit.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ModelsChange")]
public sealed record ModelsChange([property: Id(0)] IReadOnlyList<string>? Models);

/// <summary>The server tools a tenant's turns run only with a person's approval; <see cref="Tools"/> null: none.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ToolApprovalsChange")]
public sealed record ToolApprovalsChange([property: Id(0)] IReadOnlyList<string>? Tools);

/// <summary>Tenant plans and the defaults each gives when the tenant sets no value of its own.</summary>
public static class TenantPlans
{
    public const string Free = "free";
    public const string Pro = "pro";
    public const string Enterprise = "enterprise";

    public static readonly IReadOnlyList<string> All = [Free, Pro, Enterprise];

    public static bool IsKnown(string plan) => All.Contains(plan);

    public static int DefaultRateLimitRpm(string plan) => plan switch
    {
        Enterprise => 6000,
        Pro => 600,
        _ => 60,
    };

    public const int DefaultMaxStreamsPerUser = 5;

    public static long DefaultDailyTokenBudget(string plan) => plan switch
    {
        Enterprise => 0,
        Pro => 5_000_000,
        _ => 200_000,
    };

    public static long DefaultMonthlyTokenBudget(string plan) => plan switch
    {
        Enterprise => 0,
        Pro => 100_000_000,
        _ => 2_000_000,
    };

    public static int DefaultMaxSessions(string plan) => plan switch
    {
        Enterprise => 10000,
        Pro => 1000,
        _ => 100,
    };
}
