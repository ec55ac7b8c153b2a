using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HermesX.IntegrationTests.Governance;

/// <summary>Mints the JWTs the tests present: real signatures from real keys, plus the malformed kinds.</summary>
public sealed class TestTokens
{
    public const string Issuer = "https://idp.hermes.test";
    public const string Audience = "hermesx-api";
    public const string Secret = "hs256-test-secret-with-at-least-32-bytes!";

    private static readonly JsonWebTokenHandler Handler = new();

    public RSA PemKey { get; } = RSA.Create(2048);
    public RSA JwksKey { get; } = RSA.Create(2048);

    public string PemPublicKey => PemKey.ExportSubjectPublicKeyInfoPem();

    public static SigningCredentials Hs256(string secret = Secret) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256);

    public static SigningCredentials Rs256(RSA key, string? keyId = null) =>
        new(new RsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);

    public static Dictionary<string, object> Claims(string tenantId, string subject = "user-1", object? roles = null, string? scope = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["tenant_id"] = tenantId };
        if (roles is not null)
        {
            claims["roles"] = roles;
        }
        if (scope is not null)
        {
            claims["scope"] = scope;
        }
        return claims;
    }

    public static string Create(SigningCredentials credentials, IDictionary<string, object> claims,
        string issuer = Issuer, string audience = Audience, TimeSpan? expiresIn = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expires < now ? expires - TimeSpan.FromMinutes(5) : now,
            NotBefore = expires < now ? expires - TimeSpan.FromMinutes(5) : now,
            Expires = expires,
            SigningCredentials = credentials,
        });
    }

    /// <summary>A token with <c>"alg": "none"</c> and no signature, otherwise well-formed and valid.</summary>
    public static string Unsigned(IDictionary<string, object> claims)
    {
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
        };
        return Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""") + "." +
               Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload)) + ".";
    }

    /// <summary>The JWKS document that publishes <see cref="JwksKey"/> under <paramref name="keyId"/>.</summary>
    public string JwksDocument(string keyId)
    {
        var p = JwksKey.ExportParameters(false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = keyId, n = Base64UrlEncoder.Encode(p.Modulus!), e = Base64UrlEncoder.Encode(p.Exponent!) },
            },
        });
    }
}
