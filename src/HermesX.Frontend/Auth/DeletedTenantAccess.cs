using Microsoft.AspNetCore.Http;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Frontend.Auth;

/// <summary>
/// A soft-deleted tenant's credentials stop working at once, except that its admins may still see
/// the deletion status, take an export and restore the tenant until the purge runs.
/// </summary>
public static class DeletedTenantAccess
{
    private static readonly (string Method, string Path)[] Allowed =
    [
        ("GET", "/v1/gdpr/status"),
        ("GET", "/v1/gdpr/export"),
        ("POST", "/v1/gdpr/restore"),
    ];

    public static bool Allows(HttpRequest request, IEnumerable<string> roles) =>
        roles.Contains(HermesRoles.Admin) &&
        Allowed.Any(a => HttpMethods.Equals(request.Method, a.Method) &&
                         request.Path.Equals(a.Path, StringComparison.OrdinalIgnoreCase));
}
