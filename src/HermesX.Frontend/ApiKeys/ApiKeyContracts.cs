using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Frontend.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name, string[]? Roles, string[]? Scopes, DateTimeOffset? ExpiresAt, string? TenantId) : IValidatable
{
    /// <summary>The model ids or patterns the key may call; absent or null: no limit of its own.</summary>
    public JsonElement Models { get; init; }

    /// <summary>What the key's calls may spend a day (UTC) in USD; absent or null: no limit.</summary>
    public JsonElement DailyBudgetUsd { get; init; }

    /// <summary>What the key's calls may spend a calendar month (UTC) in USD; absent or null: no limit.</summary>
    public JsonElement MonthlyBudgetUsd { get; init; }

    public IEnumerable<(string Field, string Message)> Validate()
    {
        foreach (var p in Check.Text("name", Name, 200, required: true)
                     .Concat(Check.OneOf("roles", Roles, HermesRoles.TenantRoles))
                     .Concat(Check.OneOf("scopes", Scopes, HermesRoles.Scopes))
                     .Concat(ModelsField.Check(Models))
                     .Concat(BudgetField.Check(BudgetField.Daily, DailyBudgetUsd))
                     .Concat(BudgetField.Check(BudgetField.Monthly, MonthlyBudgetUsd)))
        {
            yield return p;
        }
        if (Roles is { Length: 0 })
        {
            yield return ("roles", "'roles' must not be empty");
        }
        if (ExpiresAt is { } e && e <= DateTimeOffset.UtcNow)
        {
            yield return ("expires_at", "'expires_at' must be in the future");
        }
    }
}

/// <summary>Body of PATCH on a key: its model allow-list and its USD budgets, the things of a key that change in place; absent leaves one as it is.</summary>
public sealed record UpdateApiKeyRequest : IValidatable
{
    /// <summary>The model ids or patterns the key may call; null: no limit of its own.</summary>
    public JsonElement Models { get; init; }

    /// <summary>What the key's calls may spend a day (UTC) in USD; null: no limit.</summary>
    public JsonElement DailyBudgetUsd { get; init; }

    /// <summary>What the key's calls may spend a calendar month (UTC) in USD; null: no limit.</summary>
    public JsonElement MonthlyBudgetUsd { get; init; }

    /// <summary>A method, not a property: the serializer would take a property for a body field (documented, and accepted when sent).</summary>
    public bool ChangesBudgets() => BudgetField.IsGiven(DailyBudgetUsd) || BudgetField.IsGiven(MonthlyBudgetUsd);

    public IEnumerable<(string Field, string Message)> Validate() => ModelsField.IsGiven(Models) || ChangesBudgets()
        ? ModelsField.Check(Models).Concat(BudgetField.Check(BudgetField.Daily, DailyBudgetUsd)).Concat(BudgetField.Check(BudgetField.Monthly, MonthlyBudgetUsd))
        : [(ModelsField.Name, $"One of '{ModelsField.Name}', '{BudgetField.Daily}' or '{BudgetField.Monthly}' is required: the key's model allow-list or USD budgets (null for no limit)")];
}

/// <summary>A key as listed: never the hash, never the raw key. <c>models</c> is always shown, null when the key has no limit of its own.</summary>
public sealed record ApiKeyResponse(
    string Id, string TenantId, string Name, string Prefix, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<string>? Models,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? DailyBudgetUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? MonthlyBudgetUsd)
{
    public static ApiKeyResponse From(ApiKeyRecord k) =>
        new(k.Id, k.TenantId, k.Name, k.Prefix, k.Roles, k.Scopes, k.ExpiresAt, k.RevokedAt, k.CreatedAt, k.Models, k.DailyBudgetUsd, k.MonthlyBudgetUsd);
}

/// <summary>Answer to create and rotate: the only time the raw key is shown.</summary>
public sealed record CreatedApiKeyResponse(
    string Id, string Key, string Prefix, string TenantId, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes,
    DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<string>? Models,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? DailyBudgetUsd,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? MonthlyBudgetUsd)
{
    public static CreatedApiKeyResponse From(ApiKeyRecord k, string raw) =>
        new(k.Id, raw, k.Prefix, k.TenantId, k.Name, k.Roles, k.Scopes, k.ExpiresAt, k.CreatedAt, k.Models, k.DailyBudgetUsd, k.MonthlyBudgetUsd);
}
