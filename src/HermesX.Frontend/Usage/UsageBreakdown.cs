using HermesX.Frontend.Errors;
using HermesX.Grains.Abstractions.Usage;
using Microsoft.AspNetCore.Http;

namespace HermesX.Frontend.Usage;

/// <summary>One combination of the grouped dimensions; a dimension not grouped by, or unknown for the calls, is left out.</summary>
public sealed record UsageGroupResponse(string? ApiKeyId, string? ApiKeyName, string? Model, string? Deployment, string? UserId,
    long Requests, long InputTokens, long OutputTokens, decimal CostUsd);

/// <summary>An API key's USD budgets (left out: no limit) beside its spend in the UTC day and month so far.</summary>
public sealed record KeyBudgetResponse(string Id, string Name, bool Revoked, decimal? DailyBudgetUsd, decimal? MonthlyBudgetUsd,
    decimal SpentTodayUsd, decimal SpentThisMonthUsd);

/// <summary>The tenant's USD budgets (left out: no limit) beside its spend in the UTC day and month so far, and its keys'.</summary>
public sealed record UsageBudgetsResponse(decimal? DailyBudgetUsd, decimal? MonthlyBudgetUsd, decimal? UserDailyBudgetUsd,
    decimal SpentTodayUsd, decimal SpentThisMonthUsd, IReadOnlyList<KeyBudgetResponse> ApiKeys);

/// <summary>Reading <c>group_by</c> and shaping the breakdown and budgets of <c>GET /v1/usage</c>.</summary>
internal static class UsageBreakdown
{
    /// <summary>The dimensions of <c>group_by</c> (comma-separated, or repeated), in the order given; none when absent.</summary>
    public static bool TryDimensions(HttpRequest request, out List<string> dimensions, out ApiErrorResult? error)
    {
        dimensions = [];
        error = null;
        var named = request.Query["group_by"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries));
        foreach (var name in named)
        {
            if (!UsageDimensions.All.Contains(name))
            {
                // Named, but not echoed at any length.
                var shown = name.Length <= 40 ? name : name[..40] + "…";
                error = ApiError.BadRequest($"'group_by' value '{shown}' is not one of {string.Join(", ", UsageDimensions.All)}", "group_by");
                return false;
            }
            if (!dimensions.Contains(name))
            {
                dimensions.Add(name);
            }
        }
        return true;
    }

    public static UsageBudgetsResponse Budgets(TenantSpendToDate spend) =>
        new(spend.Tenant.DailyBudgetUsd, spend.Tenant.MonthlyBudgetUsd, spend.UserDailyBudgetUsd, spend.Tenant.SpentTodayUsd, spend.Tenant.SpentThisMonthUsd,
            [.. spend.ApiKeys.Select(k => new KeyBudgetResponse(k.ApiKeyId, k.Name, k.Revoked, k.Spend.DailyBudgetUsd, k.Spend.MonthlyBudgetUsd,
                k.Spend.SpentTodayUsd, k.Spend.SpentThisMonthUsd))]);

    /// <summary>The groups, each key named as in the budgets (a deleted key keeps only its id).</summary>
    public static List<UsageGroupResponse> Groups(IEnumerable<UsageGroup> groups, TenantSpendToDate spend)
    {
        var names = spend.ApiKeys.ToDictionary(k => k.ApiKeyId, k => k.Name, StringComparer.Ordinal);
        return [.. groups.Select(g => new UsageGroupResponse(g.ApiKeyId, g.ApiKeyId is { } id ? names.GetValueOrDefault(id) : null, g.Model,
            g.Deployment, g.UserId, g.Requests, g.InputTokens, g.OutputTokens, g.CostUsd))];
    }
}
