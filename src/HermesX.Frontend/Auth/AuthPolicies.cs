using HermesX.Frontend.Gate;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using HermesX.Grains.Abstractions.Auth;

namespace HermesX.Frontend.Auth;

/// <summary>Named authorization policies; endpoints pick one on their group.</summary>
public static class AuthPolicies
{
    public const string Authenticated = "authenticated";
    public const string PlatformAdmin = "platform-admin";
    public const string TenantAdmin = "tenant-admin";

    public static IServiceCollection AddHermesAuth(this IServiceCollection services)
    {
        services.AddAuthentication(HermesAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, HermesAuthenticationHandler>(HermesAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Authenticated, p => p.RequireAuthenticatedUser())
            .AddPolicy(PlatformAdmin, p => p.RequireRole(HermesRoles.PlatformAdmin))
            .AddPolicy(TenantAdmin, p => p.RequireRole(HermesRoles.PlatformAdmin, HermesRoles.Admin));
        return services;
    }
}
