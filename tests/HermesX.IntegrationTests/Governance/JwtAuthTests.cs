using System.Net;
using System.Text;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>JWT bearer tokens: what is accepted, how claims map onto the caller, and every refusal.</summary>
public sealed class JwtAuthTests(JwtClusterFixture fixture) : IClassFixture<JwtClusterFixture>
{
    private HermesCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Hs256TokenActsForItsTenantWithItsRoles()
    {
        var tenant = await NewTenantAsync();
        var token = TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant, "alice@example.test", roles: new[] { "operator" }));
        var me = await MeAsync(token);
        Assert.Equal("jwt", me.GetProperty("auth_method").GetString());
        Assert.Equal(tenant, me.GetProperty("tenant_id").GetString());
        Assert.Equal("alice@example.test", me.GetProperty("identity").GetString());
        Assert.Equal(["operator"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(["execute", "read", "usage:read", "write"], me.GetProperty("scopes").EnumerateArray().Select(r => r.GetString()!));
    }

    [Fact]
    public async Task SpaceSeparatedRolesAndScopeAreMappedAndAnAdminTokenManagesItsTenant()
    {
        var tenant = await NewTenantAsync();
        var token = TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant, roles: "admin auditor", scope: "read audit:read key:write unknown:scope"));
        var me = await MeAsync(token);
        Assert.Equal(["admin", "auditor"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.Equal(["read", "audit:read", "key:write"], me.GetProperty("scopes").EnumerateArray().Select(r => r.GetString()!));

        using var client = Cluster.First.CreateClient(token);
        using var keys = await client.GetAsync("/v1/api-keys");
        var data = (await keys.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.All(data.EnumerateArray(), k => Assert.Equal(tenant, k.GetProperty("tenant_id").GetString()));
    }

    [Fact]
    public async Task AJwtCanNeverBeThePlatformAdmin()
    {
        var tenant = await NewTenantAsync();
        var token = TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant, roles: new[] { "platform_admin" }));
        var me = await MeAsync(token);
        Assert.Equal(["user"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        using var client = Cluster.First.CreateClient(token);
        using var r = await client.GetAsync("/v1/tenants");
        Assert.Equal("forbidden", await r.ExpectErrorAsync(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Rs256TokenVerifiedWithThePemPublicKeyWorks()
    {
        var tenant = await NewTenantAsync();
        var token = TestTokens.Create(TestTokens.Rs256(fixture.Tokens.PemKey), TestTokens.Claims(tenant, "svc-batch", roles: new[] { "user" }));
        var me = await MeAsync(token);
        Assert.Equal("jwt", me.GetProperty("auth_method").GetString());
        Assert.Equal("svc-batch", me.GetProperty("identity").GetString());
    }

    [Fact]
    public async Task Rs256TokenVerifiedWithAKeyFromTheJwksUrlWorks()
    {
        var tenant = await NewTenantAsync();
        var token = TestTokens.Create(TestTokens.Rs256(fixture.Tokens.JwksKey, JwtClusterFixture.JwksKeyId), TestTokens.Claims(tenant, "from-jwks"));
        var me = await MeAsync(token);
        Assert.Equal("from-jwks", me.GetProperty("identity").GetString());
        Assert.True(fixture.Jwks.Requests > 0);
    }

    [Theory]
    [InlineData("bad signature")]
    [InlineData("wrong issuer")]
    [InlineData("wrong audience")]
    [InlineData("expired")]
    [InlineData("alg none")]
    [InlineData("unknown tenant")]
    [InlineData("no tenant claim")]
    [InlineData("unknown rsa key")]
    [InlineData("rsa public key used as hmac secret")]
    public async Task RefusedTokensAre401(string kind)
    {
        var tenant = await NewTenantAsync();
        var claims = TestTokens.Claims(tenant, roles: new[] { "admin" });
        var token = kind switch
        {
            "bad signature" => TestTokens.Create(TestTokens.Hs256("another-secret-that-is-also-32-bytes-long"), claims),
            "wrong issuer" => TestTokens.Create(TestTokens.Hs256(), claims, issuer: "https://evil.example.test"),
            "wrong audience" => TestTokens.Create(TestTokens.Hs256(), claims, audience: "some-other-api"),
            "expired" => TestTokens.Create(TestTokens.Hs256(), claims, expiresIn: TimeSpan.FromMinutes(-2)),
            "alg none" => TestTokens.Unsigned(claims),
            "unknown tenant" => TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims("no-such-tenant-" + Guid.NewGuid().ToString("N"))),
            "no tenant claim" => TestTokens.Create(TestTokens.Hs256(), new Dictionary<string, object> { ["sub"] = "x" }),
            "unknown rsa key" => TestTokens.Create(TestTokens.Rs256(System.Security.Cryptography.RSA.Create(2048)), claims),
            "rsa public key used as hmac secret" => TestTokens.Create(TestTokens.Hs256(fixture.Tokens.PemPublicKey), claims),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        using var client = Cluster.First.CreateClient(token);
        using var r = await client.GetAsync("/v1/me");
        Assert.Equal("unauthorized", await r.ExpectErrorAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task TokenOfADeletedTenantIs401AtOnce()
    {
        var tenant = await NewTenantAsync();
        var token = TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant));
        await MeAsync(token);
        using var admin = Cluster.Admin();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/tenants/{tenant}")).StatusCode);
        using var client = Cluster.First.CreateClient(token);
        using var r = await client.GetAsync("/v1/me");
        await r.ExpectErrorAsync(HttpStatusCode.Unauthorized);
        using var status = await client.GetAsync("/v1/gdpr/status");
        await status.ExpectErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AnAdminTokenOfADeletedTenantReachesOnlyTheDeletionEndpoints()
    {
        var tenant = await NewTenantAsync();
        using var client = Cluster.First.CreateClient(TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant, "owner", new[] { "admin" })));
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/v1/gdpr/data?confirm={tenant}")).StatusCode);
        await (await client.GetAsync("/v1/me")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/v1/sessions")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("pending_deletion", (await (await client.GetAsync("/v1/gdpr/status")).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal("active", (await (await client.PostAsync("/v1/gdpr/restore", null)).ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task StaticTokenAndApiKeysStillWorkBesideJwt()
    {
        using var admin = Cluster.Admin();
        using (var r = await admin.GetAsync("/v1/me"))
        {
            Assert.Equal("static_token", (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("auth_method").GetString());
        }
        var tenant = await NewTenantAsync();
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        var me = await MeAsync(key);
        Assert.Equal("api_key", me.GetProperty("auth_method").GetString());
    }

    [Fact]
    public async Task EachJwtSubjectHasItsOwnCallerBudget()
    {
        var tenant = await NewTenantAsync();
        var alice = TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant, "alice"));
        var bob = TestTokens.Create(TestTokens.Hs256(), TestTokens.Claims(tenant, "bob"));
        using var asAlice = Cluster.First.CreateClient(alice);
        for (var i = 0; i < JwtClusterFixture.KeyLimit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await asAlice.GetAsync("/v1/me")).StatusCode);
        }
        using (var r = await asAlice.GetAsync("/v1/me"))
        {
            await RateLimitAssertions.ExpectRefusedAsync(r, "key", JwtClusterFixture.KeyLimit);
        }
        await MeAsync(bob);
    }

    private async Task<string> NewTenantAsync()
    {
        using var admin = Cluster.Admin();
        return (await admin.CreateTenantAsync(extra: new { plan = "pro" })).GetProperty("id").GetString()!;
    }

    private async Task<System.Text.Json.JsonElement> MeAsync(string bearer)
    {
        using var client = Cluster.First.CreateClient(bearer);
        using var r = await client.GetAsync("/v1/me");
        return await r.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
