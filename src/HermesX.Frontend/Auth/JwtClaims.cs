using System.Security.Claims;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Frontend.Auth;

/// <summary>The claims HermesX reads from a JWT and how they map onto a <see cref="Caller"/>.</summary>
public static class JwtClaims
{
    public const string Subject = "sub";
    public const string Tenant = "tenant_id";
    public const string Roles = "roles";
    public const string Scope = "scope";

    /// <summary>
    /// Tenant roles only: a JWT can never carry the platform admin (that is the static token's alone),
    /// and unknown roles are dropped. No known role means the least one, <c>user</c>.
    /// </summary>
    public static IReadOnlyList<string> RolesOf(ClaimsPrincipal token)
    {
        var roles = Values(token, Roles).Where(HermesRoles.TenantRoles.Contains).Distinct().ToArray();
        return roles.Length > 0 ? roles : [HermesRoles.User];
    }

    /// <summary>Known scopes from the space-separated <c>scope</c> claim; without one, the roles' default scopes.</summary>
    public static IReadOnlyList<string> ScopesOf(ClaimsPrincipal token, IReadOnlyList<string> roles) =>
        token.HasClaim(c => c.Type == Scope)
            ? Values(token, Scope).Where(HermesRoles.Scopes.Contains).Distinct().ToArray()
            : HermesRoles.DefaultScopes(roles);

    /// <summary>A claim given as a JSON array arrives as several claims, a space-separated string as one.</summary>
    private static IEnumerable<string> Values(ClaimsPrincipal token, string type) =>
        token.FindAll(type).SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
