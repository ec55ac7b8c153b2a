using System.Text.Json;
using HermesX.Grains.Abstractions.Tenants;

namespace HermesX.Frontend.Validation;

/// <summary>
/// A USD budget field of tenants and API keys (<c>daily_budget_usd</c>, …): absent (leave as is), null
/// (no limit) or a number of US dollars, 0 or more, with at most six decimals (what is stored). Read as a
/// JSON element because absent and null mean different things on an update.
/// </summary>
public static class BudgetField
{
    public const string Daily = "daily_budget_usd";
    public const string Monthly = "monthly_budget_usd";
    public const string UserDaily = "user_daily_budget_usd";

    /// <summary>The largest budget accepted: far beyond any spend, well inside the stored precision.</summary>
    public const decimal Max = 1_000_000_000m;

    public static bool IsGiven(JsonElement value) => value.ValueKind != JsonValueKind.Undefined;

    /// <summary>What is wrong with the field, or nothing.</summary>
    public static IEnumerable<(string Field, string Message)> Check(string name, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            yield break;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var usd) || usd < 0 || usd > Max || decimal.Round(usd, 6) != usd)
        {
            yield return (name, $"'{name}' must be a number of US dollars from 0 to {Max} with at most 6 decimals, or null for no limit");
        }
    }

    /// <summary>The change a valid field gives: null when it is absent (leave as is); a change to null when it is null (no limit).</summary>
    public static UsdBudgetChange? Change(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined => null,
        JsonValueKind.Number => new UsdBudgetChange(value.GetDecimal()),
        _ => new UsdBudgetChange(null),
    };
}
