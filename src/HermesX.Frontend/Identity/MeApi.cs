using HermesX.Frontend.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HermesX.Frontend.Identity;

public sealed record MeResponse(string? TenantId, string Identity, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, string AuthMethod);

public static class MeApi
{
    public static void MapMe(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/me", (Caller c) => TypedResults.Ok(new MeResponse(c.TenantId, c.Subject, c.Roles, c.Scopes, c.AuthMethod)))
            .WithTags("Identity").WithName("Me").WithSummary("Who the credentials belong to")
            .RequireAuthorization(AuthPolicies.Authenticated);
}
