using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Frontend.Auth;

/// <summary>
/// Who is calling, read once per request from the authenticated principal: handlers take it as a
/// parameter (<see cref="BindAsync"/>), middleware and filters through <see cref="Of"/>; both get the
/// same instance.
/// </summary>
/// <param name="Models">The models an API key may call (its allow-list); null for any (other credentials too).</param>
/// <param name="DailyBudgetUsd">An API key's daily USD budget; null for none (other credentials too).</param>
/// <param name="MonthlyBudgetUsd">An API key's monthly USD budget; null for none (other credentials too).</param>
public sealed record Caller(string? TenantId, string Subject, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, string AuthMethod,
    IReadOnlyList<string>? Models = null, decimal? DailyBudgetUsd = null, decimal? MonthlyBudgetUsd = null)
    : IBindableFromHttpContext<Caller>
{
    public const string TenantClaim = "tenant_id";
    /// <summary>One claim per entry of the key's model allow-list; none when the key has no list.</summary>
    public const string ModelClaim = "hermes_model";
    public const string ScopeClaim = "scope";
    public const string DailyBudgetClaim = "hermes_daily_budget_usd";
    public const string MonthlyBudgetClaim = "hermes_monthly_budget_usd";
    public const string MethodClaim = "auth_method";

    /// <summary>The API key's id when an API key calls (its subject), else null.</summary>
    public string? ApiKeyId => AuthMethod == "api_key" ? Subject : null;

    /// <summary>
    /// The calling API key's id, allow-list and budgets, as every model call's request carries them; null for other
    /// credentials. Made once per caller, which is read once per principal (<see cref="Of"/>).
    /// </summary>
    public KeyLimits? Key { get; } = AuthMethod == "api_key" ? new KeyLimits(Subject, Models, DailyBudgetUsd, MonthlyBudgetUsd) : null;

    public bool IsPlatformAdmin => Roles.Contains(HermesRoles.PlatformAdmin);

    public bool IsTenantAdmin => IsPlatformAdmin || Roles.Contains(HermesRoles.Admin);

    public bool HasRole(string role) => IsPlatformAdmin || Roles.Contains(role);

    // Read once per principal: an API key's principal is shared by all its requests on this silo, and
    // authentication replaces http.User, so a caller read before it (the anonymous one) is not reused after.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClaimsPrincipal, Caller> Callers = new();

    /// <summary>The request's caller, read from its principal.</summary>
    public static Caller Of(HttpContext http) => Callers.GetValue(http.User, From);

    /// <summary>Minimal APIs bind a <see cref="Caller"/> parameter through this.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, System.Reflection.ParameterInfo parameter) => ValueTask.FromResult<Caller?>(Of(context));

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(TenantClaim),
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        user.FindAll(ScopeClaim).Select(c => c.Value).ToArray(),
        user.FindFirstValue(MethodClaim) ?? "none",
        user.FindAll(ModelClaim).Select(c => c.Value).ToArray() is { Length: > 0 } models ? models : null,
        Usd(user.FindFirstValue(DailyBudgetClaim)), Usd(user.FindFirstValue(MonthlyBudgetClaim)));

    private static decimal? Usd(string? claim) => claim is null ? null : decimal.Parse(claim, System.Globalization.CultureInfo.InvariantCulture);

    public static ClaimsPrincipal Principal(string scheme, string? tenantId, string subject, IEnumerable<string> roles, IEnumerable<string> scopes, string method,
        IEnumerable<string>? models = null, decimal? dailyBudgetUsd = null, decimal? monthlyBudgetUsd = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, subject), new(MethodClaim, method) };
        if (tenantId is not null)
        {
            claims.Add(new Claim(TenantClaim, tenantId));
        }
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(scopes.Select(s => new Claim(ScopeClaim, s)));
        claims.AddRange((models ?? []).Select(m => new Claim(ModelClaim, m)));
        if (dailyBudgetUsd is { } day)
        {
            claims.Add(new Claim(DailyBudgetClaim, day.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (monthlyBudgetUsd is { } month)
        {
            claims.Add(new Claim(MonthlyBudgetClaim, month.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
