using System.Net;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>Without any HERMES_JWT_* key configured, a well-signed JWT is just an unknown credential.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class JwtDisabledTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task JwtShapedBearerIs401WhenNoKeyIsConfigured()
    {
        using var admin = fixture.Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var token = TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant, roles: new[] { "admin" }));
        using var client = fixture.Cluster.First.CreateClient(token);
        using var r = await client.GetAsync("/v1/me");
        Assert.Equal("unauthorized", await r.ExpectErrorAsync(HttpStatusCode.Unauthorized));
    }
}
