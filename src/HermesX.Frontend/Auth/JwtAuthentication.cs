using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Frontend.Auth;

/// <summary>
/// JWT bearer tokens, the second link of the chain (static token, JWT, API key). The
/// <see cref="HermesAuthenticationHandler"/> hands a JWT-shaped bearer to this scheme; it is only
/// registered when a verification key is configured, so otherwise such a token is just invalid.
/// </summary>
public static class JwtAuthentication
{
    public const string SchemeName = "Jwt";

    /// <summary>Small: enough for clocks a few seconds apart, not enough to stretch a token's life.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddHermesJwt(this IServiceCollection services, HermesOptions options)
    {
        if (!options.JwtEnabled)
        {
            return services;
        }
        services.AddSingleton<JwtEvents>();
        services.AddAuthentication().AddJwtBearer(SchemeName, o =>
        {
            // Keep claim names as issued (sub, tenant_id, roles, scope) instead of the legacy SOAP URIs.
            o.MapInboundClaims = false;
            o.TokenValidationParameters = ValidationParameters(options);
            if (options.JwtJwksUrl is { } url)
            {
                o.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(url, new JwtJwksRetriever(),
                    new HttpDocumentRetriever { RequireHttps = options.IsProduction })
                {
                    AutomaticRefreshInterval = TimeSpan.FromHours(1),
                };
            }
            o.EventsType = typeof(JwtEvents);
        });
        return services;
    }

    /// <summary>Three base64url segments (the last may be empty, as in an unsigned token, which is then refused).</summary>
    public static bool LooksLikeJwt(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0 && parts.All(IsBase64Url);
    }

    public static TokenValidationParameters ValidationParameters(HermesOptions options)
    {
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        if (options.JwtHs256Secret is { } secret)
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }
        if (options.JwtRs256PublicKeyPem is { } pem)
        {
            keys.Add(new RsaSecurityKey(JwtPem.ImportPublicKey(pem)));
        }
        if (options.JwtRs256PublicKeyPem is not null || options.JwtJwksUrl is not null)
        {
            algorithms.Add(SecurityAlgorithms.RsaSha256);
        }
        return new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = options.JwtIssuer,
            ValidateAudience = true,
            ValidAudience = options.JwtAudience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            // Refuses "alg": "none" and any algorithm other than the configured key's, so an RS256
            // public key can never be used as an HMAC secret.
            RequireSignedTokens = true,
            ValidAlgorithms = algorithms,
            IssuerSigningKeys = keys,
            NameClaimType = JwtClaims.Subject,
            RoleClaimType = JwtClaims.Roles,
        };
    }

    private static bool IsBase64Url(string part) =>
        part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
