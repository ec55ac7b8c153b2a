using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>
/// One silo that accepts JWTs from all three kinds of verification key at once: an HS256 secret, an
/// RS256 PEM public key and a JWKS URL. Each test makes its own tenants.
/// </summary>
public sealed class JwtClusterFixture : IAsyncLifetime
{
    public const string JwksKeyId = "jwks-key-1";
    public const int KeyLimit = 5;

    public TestTokens Tokens { get; } = new();
    public HermesCluster Cluster { get; private set; } = null!;
    public JwksServer Jwks { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Jwks = new JwksServer(Tokens.JwksDocument(JwksKeyId));
        Cluster = await HermesCluster.StartAsync(1, new Dictionary<string, string>
        {
            ["REDIS_URL"] = RedisServer.SuiteUrl,
            ["HERMES_KEY_RATE_LIMIT_RPM"] = KeyLimit.ToString(),
            ["HERMES_JWT_ISSUER"] = TestTokens.Issuer,
            ["HERMES_JWT_AUDIENCE"] = TestTokens.Audience,
            ["HERMES_JWT_HS256_SECRET"] = TestTokens.Secret,
            // One line with \n escapes, as an env file carries it.
            ["HERMES_JWT_RS256_PUBLIC_KEY"] = Tokens.PemPublicKey.Replace("\n", "\\n"),
            ["HERMES_JWT_JWKS_URL"] = Jwks.Url,
        });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Jwks.DisposeAsync();
    }
}
