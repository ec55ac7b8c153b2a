using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Frontend.Tenants;

public sealed record TenantResponse(
    string Id, string Name, string Plan, int RateLimitRpm, int MaxSessions, JsonElement Config,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DeletedAt,
    long DailyTokenBudget, long MonthlyTokenBudget, int MaxStreamsPerUser, DateTimeOffset? PurgeAfter,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<string>? Models,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? DailyBudgetUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? MonthlyBudgetUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? UserDailyBudgetUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<string>? ToolsRequiringApproval)
{
    /// <summary>Budgets are shown as in force (the plan's default when the tenant sets none; 0 = unlimited); <c>models</c> null is no limit.</summary>
    public static TenantResponse From(TenantRecord t) => new(t.Id, t.Name, t.Plan, t.RateLimitRpm, t.MaxSessions,
        JsonDocument.Parse(t.ConfigJson).RootElement.Clone(), t.CreatedAt, t.UpdatedAt, t.DeletedAt,
        t.EffectiveDailyTokenBudget, t.EffectiveMonthlyTokenBudget, t.EffectiveMaxStreamsPerUser, t.PurgeAfter, t.Models,
        t.DailyBudgetUsd, t.MonthlyBudgetUsd, t.UserDailyBudgetUsd, t.ToolsRequiringApproval);
}

public sealed partial record CreateTenantRequest(string? Id, string? Name, string? Plan, int? RateLimitRpm, int? MaxSessions, JsonElement? Config,
    long? DailyTokenBudget = null, long? MonthlyTokenBudget = null, int? MaxStreamsPerUser = null) : IValidatable
{
    /// <summary>The model ids or patterns the tenant may call; absent or null: no limit.</summary>
    public JsonElement Models { get; init; }

    /// <summary>What the tenant's calls may spend a day (UTC) in USD; null: no limit.</summary>
    public JsonElement DailyBudgetUsd { get; init; }

    /// <summary>What the tenant's calls may spend a calendar month (UTC) in USD; null: no limit.</summary>
    public JsonElement MonthlyBudgetUsd { get; init; }

    /// <summary>What each end user's calls may spend a day (UTC) in USD; null: no limit.</summary>
    public JsonElement UserDailyBudgetUsd { get; init; }

    public IEnumerable<(string Field, string Message)> Validate() =>
        (Id is not null && !IdPattern().IsMatch(Id)
            ? [("id", "'id' must be 2-63 lowercase letters, digits or '-', starting with a letter or digit")]
            : Array.Empty<(string, string)>())
        .Concat(TenantRules.Check(Name, Plan, RateLimitRpm, MaxSessions, Config, nameRequired: true))
        .Concat(TenantRules.Budgets(DailyTokenBudget, MonthlyTokenBudget, MaxStreamsPerUser))
        .Concat(ModelsField.Check(Models))
        .Concat(TenantRules.UsdBudgets(DailyBudgetUsd, MonthlyBudgetUsd, UserDailyBudgetUsd));

    /// <summary>Everything the body sets, for the tenant's one insert (absent or null models and USD budgets: no limit).</summary>
    public TenantChanges ToSettings() => new(Name!.Trim(), Plan ?? TenantPlans.Free, RateLimitRpm, MaxSessions, Config?.GetRawText() ?? "{}",
        DailyTokenBudget, MonthlyTokenBudget, MaxStreamsPerUser, ModelsField.Read(Models) is { } models ? new ModelsChange(models) : null,
        BudgetField.Change(DailyBudgetUsd), BudgetField.Change(MonthlyBudgetUsd), BudgetField.Change(UserDailyBudgetUsd));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    public static partial Regex IdPattern();
}

/// <summary>
/// Body of PUT (name and plan required) and PATCH (all optional); <c>models</c> and the USD budgets absent
/// leave them as they are, null lifts them.
/// </summary>
public sealed record UpdateTenantRequest(string? Name, string? Plan, int? RateLimitRpm, int? MaxSessions, JsonElement? Config,
    long? DailyTokenBudget = null, long? MonthlyTokenBudget = null, int? MaxStreamsPerUser = null) : IValidatable
{
    /// <summary>The model ids or patterns the tenant may call; null lifts the limit, absent leaves it.</summary>
    public JsonElement Models { get; init; }

    /// <summary>What the tenant's calls may spend a day (UTC) in USD; null: no limit.</summary>
    public JsonElement DailyBudgetUsd { get; init; }

    /// <summary>What the tenant's calls may spend a calendar month (UTC) in USD; null: no limit.</summary>
    public JsonElement MonthlyBudgetUsd { get; init; }

    /// <summary>What each end user's calls may spend a day (UTC) in USD; null: no limit.</summary>
    public JsonElement UserDailyBudgetUsd { get; init; }

    /// <summary>Server tools the tenant's turns run only with a person's approval; null: none, absent leaves the list.</summary>
    public JsonElement ToolsRequiringApproval { get; init; }

    public IEnumerable<(string Field, string Message)> Validate() =>
        TenantRules.Check(Name, Plan, RateLimitRpm, MaxSessions, Config, nameRequired: false)
            .Concat(TenantRules.Budgets(DailyTokenBudget, MonthlyTokenBudget, MaxStreamsPerUser))
            .Concat(ModelsField.Check(Models))
            .Concat(TenantRules.UsdBudgets(DailyBudgetUsd, MonthlyBudgetUsd, UserDailyBudgetUsd))
            .Concat(ToolApprovalsField.Check(ToolsRequiringApproval));

    public TenantChanges ToChanges() => new(Name, Plan, RateLimitRpm, MaxSessions, Config?.GetRawText(),
        DailyTokenBudget, MonthlyTokenBudget, MaxStreamsPerUser, ModelsField.IsGiven(Models) ? new ModelsChange(ModelsField.Read(Models)) : null,
        BudgetField.Change(DailyBudgetUsd), BudgetField.Change(MonthlyBudgetUsd), BudgetField.Change(UserDailyBudgetUsd),
        ToolApprovalsField.Change(ToolsRequiringApproval));
}

internal static class TenantRules
{
    /// <summary>The config is read on every tenant lookup; 64 KiB keeps the record small.</summary>
    public const int MaxConfigChars = 65_536;

    public static IEnumerable<(string, string)> UsdBudgets(JsonElement daily, JsonElement monthly, JsonElement userDaily) =>
        BudgetField.Check(BudgetField.Daily, daily)
            .Concat(BudgetField.Check(BudgetField.Monthly, monthly))
            .Concat(BudgetField.Check(BudgetField.UserDaily, userDaily));

    public static IEnumerable<(string, string)> Budgets(long? daily, long? monthly, int? streams)
    {
        if (daily is < 0)
        {
            yield return ("daily_token_budget", "'daily_token_budget' must be 0 (unlimited) or more");
        }
        if (monthly is < 0)
        {
            yield return ("monthly_token_budget", "'monthly_token_budget' must be 0 (unlimited) or more");
        }
        foreach (var p in Validation.Check.Range("max_streams_per_user", streams, 1, 10_000))
        {
            yield return p;
        }
    }

    public static IEnumerable<(string, string)> Check(string? name, string? plan, int? rpm, int? maxSessions, JsonElement? config, bool nameRequired)
    {
        foreach (var p in Validation.Check.Text("name", name, 200, nameRequired))
        {
            yield return p;
        }
        if (plan is not null && !TenantPlans.IsKnown(plan))
        {
            yield return ("plan", $"'plan' must be one of: {string.Join(", ", TenantPlans.All)}");
        }
        foreach (var p in Validation.Check.Range("rate_limit_rpm", rpm, 1, 1_000_000).Concat(Validation.Check.Range("max_sessions", maxSessions, 1, 10_000_000)))
        {
            yield return p;
        }
        if (config is { } c && c.ValueKind != JsonValueKind.Object)
        {
            yield return ("config", "'config' must be a JSON object");
        }
        else if (config is { } obj && JsonText.FindProblem(obj, "config") is { } at)
        {
            yield return ("config", $"'{at}' contains a NUL character or invalid Unicode");
        }
        else if (config is { } big && big.GetRawText().Length > MaxConfigChars)
        {
            yield return ("config", $"'config' must be at most {MaxConfigChars} characters of JSON");
        }
    }
}
