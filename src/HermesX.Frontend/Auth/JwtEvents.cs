using System.Security.Claims;
using HermesX.Grains.Abstractions.Caching;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;

namespace HermesX.Frontend.Auth;

/// <summary>
/// After the signature, issuer, audience and lifetime checks: the token must name a live tenant,
/// and its claims become the same principal an API key produces (auth_method <c>jwt</c>).
/// </summary>
public sealed class JwtEvents(ISiloCache cache, ILogger<JwtEvents> log) : JwtBearerEvents
{
    public const string Method = "jwt";

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var token = context.Principal ?? new ClaimsPrincipal();
        var subject = token.FindFirstValue(JwtClaims.Subject);
        var tenantId = token.FindFirstValue(JwtClaims.Tenant);
        if (string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(tenantId))
        {
            context.Fail("token lacks sub or tenant_id");
            return;
        }
        // This silo's copy of the record, dropped by the tenant grain on change: a soft-deleted tenant's tokens stop at once.
        var roles = JwtClaims.RolesOf(token);
        var tenant = await cache.GetTenantAsync(tenantId);
        if (tenant is null || (!tenant.IsActive && !DeletedTenantAccess.Allows(context.HttpContext.Request, roles)))
        {
            context.Fail("tenant unknown or deleted");
            return;
        }
        context.Principal = Caller.Principal(JwtAuthentication.SchemeName, tenantId, subject, roles, JwtClaims.ScopesOf(token, roles), Method);
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        // Any failure, including an unreachable JWKS endpoint, is an invalid credential (401), never a 500.
        log.LogDebug("JWT refused: {Reason}", context.Exception.GetType().Name);
        context.Fail(context.Exception);
        return Task.CompletedTask;
    }
}
