using HermesX.Frontend.Auth;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using HermesX.Frontend.Errors;
using HermesX.Grains.Abstractions.Auth;
using HermesX.Grains.Abstractions.Caching;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Frontend.Gate;

/// <summary>
/// Bearer authentication in the contract's order: static platform token, then JWT (see
/// <see cref="JwtAuthentication"/>), then API key. The key is resolved through this silo's
/// <see cref="ISiloCache"/> (no grain call once warm); its owner <see cref="IApiKeyGrain"/> drops every
/// silo's copy on revoke, so a revoke on any silo is seen by all.
/// </summary>
public sealed class HermesAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HermesOptions settings,
    ISiloCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Hermes";

    private readonly byte[] _acpDigest = SHA256.HashData(Encoding.UTF8.GetBytes(settings.AcpToken));
    private readonly byte[]? _apiKeyDigest = string.IsNullOrEmpty(settings.ApiKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(settings.ApiKey));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadBearer();
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        // Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        if (CryptographicOperations.FixedTimeEquals(digest, _acpDigest))
        {
            return Success(Caller.Principal(SchemeName, null, "platform-admin", [HermesRoles.PlatformAdmin], HermesRoles.Scopes, "static_token"));
        }
        if (_apiKeyDigest is not null && Context.Connection.LocalPort == settings.ApiPort &&
            CryptographicOperations.FixedTimeEquals(digest, _apiKeyDigest))
        {
            return Success(Caller.Principal(SchemeName, DefaultTenant.Id, "static-api-key", [HermesRoles.User], HermesRoles.DefaultScopes([HermesRoles.User]), "static_api_key"));
        }
        if (settings.JwtEnabled && JwtAuthentication.LooksLikeJwt(token))
        {
            var jwt = await Context.AuthenticateAsync(JwtAuthentication.SchemeName);
            return jwt.Succeeded ? Success(jwt.Principal) : AuthenticateResult.Fail("invalid token");
        }
        if (ApiKeyFormat.LooksLikeKey(token))
        {
            var principal = await cache.ResolveKeyAsync(Convert.ToHexStringLower(digest));
            if (principal is not null && (!principal.TenantDeleted || DeletedTenantAccess.Allows(Request, principal.Roles)))
            {
                // One principal per resolution this silo holds: its claims are the same for every request of the key.
                return Success(Principals.GetValue(principal, static p => Caller.Principal(SchemeName, p.TenantId, p.KeyId, p.Roles, p.Scopes, "api_key", p.Models,
                    p.DailyBudgetUsd, p.MonthlyBudgetUsd)));
            }
        }
        return AuthenticateResult.Fail("invalid credentials");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiError.WriteAsync(Context, 401, ReadBearer() is null
            ? "Missing credentials: send 'Authorization: Bearer <token>' or 'x-api-key: <key>'"
            : "Invalid, expired or revoked credentials", "unauthorized");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiError.WriteAsync(Context, 403, PolicyRefusal.For(Context.GetEndpoint()), "forbidden");

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ApiKeyPrincipal, System.Security.Claims.ClaimsPrincipal> Principals = new();

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));

    private string? ReadBearer()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length == 0 ? null : value;
        }
        var apiKey = Request.Headers["X-API-Key"].ToString();
        return apiKey.Length == 0 ? null : apiKey;
    }
}
