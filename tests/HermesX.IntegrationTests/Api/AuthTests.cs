using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;
using HermesX.IntegrationTests;

namespace HermesX.IntegrationTests.Api;

[Collection(SharedClusterCollection.Name)]
public sealed class AuthTests(SharedClusterFixture fixture)
{
    private HermesCluster Cluster => fixture.Cluster;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("hk_0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task MissingOrUnknownCredentialsAre401(string? bearer)
    {
        using var http = Cluster.First.CreateClient(bearer);
        using var r = await http.GetAsync("/v1/me");
        Assert.Equal("unauthorized", await r.ExpectErrorAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task MeDescribesTheCaller()
    {
        using var admin = Cluster.Admin();
        using (var r = await admin.GetAsync("/v1/me"))
        {
            var me = await r.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal("static_token", me.GetProperty("auth_method").GetString());
            Assert.Contains(me.GetProperty("roles").EnumerateArray(), x => x.GetString() == "platform_admin");
        }
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (keyId, key) = await admin.CreateKeyAsync(tenant, ["operator"]);
        using var client = Cluster.First.CreateClient(key);
        using var r2 = await client.GetAsync("/v1/me");
        var json = await r2.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal(tenant, json.GetProperty("tenant_id").GetString());
        Assert.Equal(keyId, json.GetProperty("identity").GetString());
        Assert.Equal("api_key", json.GetProperty("auth_method").GetString());
        Assert.Equal(["operator"], json.GetProperty("roles").EnumerateArray().Select(x => x.GetString()!));
    }

    [Fact]
    public async Task CreatedKeyIsShownOnceAndStoredOnlyAsHash()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        using var r = await admin.PostAsJsonAsync("/v1/api-keys", new { name = "ci", tenant_id = tenant, roles = new[] { "user" } });
        var created = await r.ExpectJsonAsync(HttpStatusCode.Created);
        var raw = created.GetProperty("key").GetString()!;
        Assert.Matches("^hk_[0-9a-f]{64}$", raw);
        foreach (var field in new[] { "id", "prefix", "tenant_id", "roles", "scopes", "created_at" })
        {
            Assert.True(created.TryGetProperty(field, out _), field);
        }
        Assert.StartsWith(created.GetProperty("prefix").GetString()!, raw);

        using var list = await admin.GetAsync($"/v1/api-keys?tenant_id={tenant}");
        var text = await list.Content.ReadAsStringAsync();
        Assert.DoesNotContain(raw, text);
        Assert.DoesNotContain("key_hash", text);
        Assert.Equal(0L, await Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM api_keys WHERE key_hash = '{raw}' OR prefix = '{raw}'"));
        Assert.Equal(1L, await Cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM api_keys WHERE key_hash = encode(sha256('{raw}'::bytea), 'hex')"));
    }

    [Fact]
    public async Task TenantAdminManagesOnlyItsOwnKeys()
    {
        using var admin = Cluster.Admin();
        var a = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var b = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, adminA) = await admin.CreateKeyAsync(a, ["admin"]);
        var (keyB, rawB) = await admin.CreateKeyAsync(b, ["user"]);
        using var clientA = Cluster.First.CreateClient(adminA);

        using (var r = await clientA.PostAsJsonAsync("/v1/api-keys", new { name = "mine", roles = new[] { "user" } }))
        {
            Assert.Equal(a, (await r.ExpectJsonAsync(HttpStatusCode.Created)).GetProperty("tenant_id").GetString());
        }
        using (var r = await clientA.GetAsync("/v1/api-keys"))
        {
            var data = (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data");
            Assert.All(data.EnumerateArray(), k => Assert.Equal(a, k.GetProperty("tenant_id").GetString()));
        }
        using (var r = await clientA.DeleteAsync($"/v1/api-keys/{keyB}"))
        {
            await r.ExpectErrorAsync(HttpStatusCode.NotFound);
        }
        using (var r = await clientA.PostAsync($"/v1/api-keys/{keyB}/rotate", null))
        {
            await r.ExpectErrorAsync(HttpStatusCode.NotFound);
        }
        using (var r = await clientA.PostAsJsonAsync("/v1/api-keys", new { name = "theirs", tenant_id = b }))
        {
            await r.ExpectErrorAsync(HttpStatusCode.NotFound);
        }
        using (var r = await clientA.GetAsync($"/v1/tenants/{b}"))
        {
            await r.ExpectErrorAsync(HttpStatusCode.Forbidden);
        }
        // B's key is untouched by all of that.
        using var clientB = Cluster.First.CreateClient(rawB);
        using var me = await clientB.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("operator")]
    [InlineData("auditor")]
    public async Task NonAdminKeysCannotManageKeysOrTenants(string role)
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, [role]);
        using var client = Cluster.First.CreateClient(key);
        using (var r = await client.PostAsJsonAsync("/v1/api-keys", new { name = "escalate", roles = new[] { "admin" } }))
        {
            Assert.Equal("forbidden", await r.ExpectErrorAsync(HttpStatusCode.Forbidden));
        }
        using (var r = await client.GetAsync("/v1/api-keys"))
        {
            await r.ExpectErrorAsync(HttpStatusCode.Forbidden);
        }
        using (var r = await client.PostAsJsonAsync("/v1/tenants", new { name = "mine now" }))
        {
            await r.ExpectErrorAsync(HttpStatusCode.Forbidden);
        }
        Assert.Equal(1L, await Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM api_keys WHERE tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task RevokedKeyIsRefusedAndRotatedKeyReplacesTheOld()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (id1, key1) = await admin.CreateKeyAsync(tenant, ["user"]);
        var (id2, key2) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var c1 = Cluster.First.CreateClient(key1);
        using var c2 = Cluster.First.CreateClient(key2);
        Assert.Equal(HttpStatusCode.OK, (await c1.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c2.GetAsync("/v1/me")).StatusCode);

        using (var r = await admin.DeleteAsync($"/v1/api-keys/{id1}?tenant_id={tenant}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await c1.GetAsync("/v1/me")).StatusCode);

        using var rot = await admin.PostAsync($"/v1/api-keys/{id2}/rotate?tenant_id={tenant}", null);
        var rotated = await rot.ExpectJsonAsync(HttpStatusCode.Created);
        Assert.NotEqual(id2, rotated.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await c2.GetAsync("/v1/me")).StatusCode);
        using var c3 = Cluster.First.CreateClient(rotated.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await c3.GetAsync("/v1/me")).StatusCode);

        using var again = await admin.DeleteAsync($"/v1/api-keys/{id1}?tenant_id={tenant}");
        await again.ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ExpiredKeyIs401()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"], new { expires_at = DateTimeOffset.UtcNow.AddSeconds(2) });
        using var client = Cluster.First.CreateClient(key);
        await ApiHelpers.PollAsync(async () => (await client.GetAsync("/v1/me")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(20), "key expiry");
    }

    [Fact]
    public async Task KeysOfADeletedTenantStopWorkingAtOnce()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["admin"]);
        using var client = Cluster.First.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/tenants/{tenant}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task InvalidKeyRequestsAreRejected()
    {
        using var admin = Cluster.Admin();
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        object[] bodies =
        [
            new { tenant_id = tenant },
            new { name = "x", tenant_id = tenant, roles = new[] { "root" } },
            new { name = "x", tenant_id = tenant, roles = Array.Empty<string>() },
            new { name = "x", tenant_id = tenant, scopes = new[] { "everything" } },
            new { name = "x", tenant_id = tenant, expires_at = DateTimeOffset.UtcNow.AddDays(-1) },
            new { name = "x" },
        ];
        foreach (var body in bodies)
        {
            using var r = await admin.PostAsJsonAsync("/v1/api-keys", body);
            await r.ExpectErrorAsync(HttpStatusCode.BadRequest);
        }
        using var unknownTenant = await admin.PostAsJsonAsync("/v1/api-keys", new { name = "x", tenant_id = "nope-" + Guid.NewGuid() });
        await unknownTenant.ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM api_keys WHERE tenant_id = '{tenant}'"));
    }

    [Fact]
    public async Task StaticDataPlaneKeyIsRefusedOnTheSaasPort()
    {
        using var saas = Cluster.First.CreateClient("static-data-plane-key");
        using var r = await saas.GetAsync("/v1/me");
        await r.ExpectErrorAsync(HttpStatusCode.Unauthorized);
    }
}
