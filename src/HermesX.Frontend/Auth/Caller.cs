using System.Security.Claims;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Frontend.Auth;

/// <summary>Who is calling, read from the authenticated principal.</summary>
public sealed record Caller(string? TenantId, string Subject, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, string AuthMethod)
{
    public const string TenantClaim = "tenant_id";
    public const string ScopeClaim = "scope";
    public const string MethodClaim = "auth_method";

    public bool IsPlatformAdmin => Roles.Contains(HermesRoles.PlatformAdmin);

    public bool IsTenantAdmin => IsPlatformAdmin || Roles.Contains(HermesRoles.Admin);

    public bool HasRole(string role) => IsPlatformAdmin || Roles.Contains(role);

    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(TenantClaim),
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        user.FindAll(ScopeClaim).Select(c => c.Value).ToArray(),
        user.FindFirstValue(MethodClaim) ?? "none");

    public static ClaimsPrincipal Principal(string scheme, string? tenantId, string subject, IEnumerable<string> roles, IEnumerable<string> scopes, string method)
    {
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, subject), new(MethodClaim, method) };
        if (tenantId is not null)
        {
            claims.Add(new Claim(TenantClaim, tenantId));
        }
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(scopes.Select(s => new Claim(ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
