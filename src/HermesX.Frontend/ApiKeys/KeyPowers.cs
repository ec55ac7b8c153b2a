using HermesX.Frontend.Auth;
using HermesX.Frontend.Validation;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Frontend.ApiKeys;

/// <summary>A key a caller would mint holding a role or scope the caller itself lacks.</summary>
public sealed class KeyPowersExceededException(string message) : Exception(message);

/// <summary>
/// A credential bounds every key it creates or rotates: only the platform admin (the static token)
/// may mint what it does not hold. A tenant admin may give any tenant role, but never a scope it
/// lacks. Managing keys at all needs the <c>key:write</c> scope (see ApiKeysApi's gate).
/// </summary>
public static class KeyPowers
{
    /// <summary>Throws when the key would hold more than <paramref name="caller"/> holds.</summary>
    public static void EnsureWithin(Caller caller, IReadOnlyList<string> roles, IReadOnlyList<string> scopes, string verb)
    {
        if (caller.IsPlatformAdmin)
        {
            return;
        }
        // A tenant admin's role covers every tenant role; the scopes are what bound its powers.
        var extraRoles = caller.Roles.Contains(HermesRoles.Admin) ? [] : roles.Where(r => !caller.Roles.Contains(r)).ToList();
        var extraScopes = scopes.Where(s => !caller.Scopes.Contains(s)).ToList();
        if (extraRoles.Count == 0 && extraScopes.Count == 0)
        {
            return;
        }
        var what = string.Join(" and ", new[]
        {
            extraRoles.Count > 0 ? "role(s) " + string.Join(", ", extraRoles) : null,
            extraScopes.Count > 0 ? "scope(s) " + string.Join(", ", extraScopes) : null,
        }.OfType<string>());
        throw new KeyPowersExceededException(
            $"This credential cannot {verb} a key with {what} it does not hold itself (it holds roles [{string.Join(", ", caller.Roles)}], scopes [{string.Join(", ", caller.Scopes)}])");
    }

    /// <summary>
    /// Throws when a key would reach a model the caller's own key may not: a key limited to some models
    /// cannot give (or rotate, or set) a key without that limit or with a model beyond it.
    /// </summary>
    public static void EnsureModelsWithin(Caller caller, IReadOnlyList<string>? models, string verb)
    {
        if (caller.Models is not { } own)
        {
            return;
        }
        var beyond = models is null ? "no model limit" : string.Join(", ", models.Where(m => !ModelAllowList.Covers(own, m)));
        if (beyond.Length > 0)
        {
            throw new KeyPowersExceededException(
                $"This credential may call only the models [{string.Join(", ", own)}]: it cannot {verb} a key with {(models is null ? beyond : "model(s) " + beyond)}");
        }
    }

    /// <summary>
    /// Throws when a key would spend more than the caller's own key may: a key with a USD budget cannot give
    /// (or rotate, or set) a key a larger budget of that period, or none. A budget not given (an update
    /// leaving it as it is) is not checked; one given as null is no limit.
    /// </summary>
    public static void EnsureBudgetsWithin(Caller caller, (bool Given, decimal? Usd) daily, (bool Given, decimal? Usd) monthly, string verb)
    {
        Check(BudgetField.Daily, caller.DailyBudgetUsd, daily);
        Check(BudgetField.Monthly, caller.MonthlyBudgetUsd, monthly);

        void Check(string field, decimal? own, (bool Given, decimal? Usd) asked)
        {
            if (own is { } limit && asked.Given && (asked.Usd is not { } usd || usd > limit))
            {
                throw new KeyPowersExceededException(
                    $"This credential may spend at most {limit} USD ({field}): it cannot {verb} a key with {(asked.Usd is null ? "no such limit" : $"{field} {asked.Usd}")}");
            }
        }
    }

    /// <summary>The scopes of a new key: as asked, or the roles' defaults.</summary>
    public static IReadOnlyList<string> ScopesFor(IReadOnlyList<string> roles, IReadOnlyList<string>? asked) =>
        asked ?? HermesRoles.DefaultScopes(roles);
}
