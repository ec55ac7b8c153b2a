using System.Text;
using HermesX.Grains.Abstractions.Configuration;

namespace HermesX.Frontend.Auth;

/// <summary>Start-up checks of the <c>HERMES_JWT_*</c> variables (the settings loader turns a problem into an exit).</summary>
public static class JwtSettings
{
    /// <summary>HS256 keys shorter than the hash output are refused by the token library and easy to brute-force.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>Null when the JWT settings are usable (or JWT is off), else the variable at fault and why.</summary>
    public static (string Variable, string Problem)? Problem(HermesOptions o)
    {
        if (!o.JwtEnabled)
        {
            return null;
        }
        if (o.JwtIssuer is null)
        {
            return ("HERMES_JWT_ISSUER", "is required when JWT auth is configured (the token's iss must match it)");
        }
        if (o.JwtAudience is null)
        {
            return ("HERMES_JWT_AUDIENCE", "is required when JWT auth is configured (the token's aud must contain it)");
        }
        if (o.JwtHs256Secret is { } secret && Encoding.UTF8.GetByteCount(secret) < MinSecretBytes)
        {
            return ("HERMES_JWT_HS256_SECRET", $"must be at least {MinSecretBytes} bytes");
        }
        if (o.JwtRs256PublicKeyPem is { } pem)
        {
            try
            {
                using var _ = JwtPem.ImportPublicKey(pem);
            }
            catch (FormatException e)
            {
                return ("HERMES_JWT_RS256_PUBLIC_KEY", e.Message);
            }
        }
        if (o.JwtJwksUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) ||
                                        !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && !o.IsProduction))))
        {
            return ("HERMES_JWT_JWKS_URL", o.IsProduction ? "must be an https:// URL when HERMES_ENV=production" : "must be an http(s):// URL");
        }
        return null;
    }
}
