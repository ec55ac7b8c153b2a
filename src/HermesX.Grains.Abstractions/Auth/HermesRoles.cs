using Scope = HermesX.Grains.Abstractions.Auth.Scopes;

namespace HermesX.Grains.Abstractions.Auth;

/// <summary>Tenant roles and key scopes. The platform admin is not a role a key can hold: only the static token is.</summary>
public static class HermesRoles
{
    public const string PlatformAdmin = "platform_admin";
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Auditor = "auditor";
    public const string User = "user";

    public static readonly IReadOnlyList<string> TenantRoles = [Admin, Operator, Auditor, User];

    public static readonly IReadOnlyList<string> Scopes = Scope.All;

    /// <summary>Scopes a key gets when it is created without an explicit list.</summary>
    public static IReadOnlyList<string> DefaultScopes(IEnumerable<string> roles)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            string[] add = role switch
            {
                Admin => [.. Scope.All],
                Operator => [Scope.Read, Scope.Write, Scope.Execute, Scope.UsageRead],
                Auditor => [Scope.Read, Scope.AuditRead, Scope.UsageRead],
                _ => [Scope.Read, Scope.Write, Scope.Execute],
            };
            set.UnionWith(add);
        }
        return [.. set];
    }
}
