using System.Net;
using System.Net.Http.Json;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Cluster;

/// <summary>Two real hermesx processes on one database form one Orleans cluster.</summary>
public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private HermesCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await HermesCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task SilosJoinThroughTheMembershipTableAndShareTenants()
    {
        Assert.Equal(2L, await _cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{_cluster.ClusterId}' AND status = 3"));

        using var viaFirst = _cluster.Admin(0);
        using var viaSecond = _cluster.Admin(1);
        var id = (await viaFirst.CreateTenantAsync("shared")).GetProperty("id").GetString()!;
        using var r = await viaSecond.GetAsync($"/v1/tenants/{id}");
        Assert.Equal("shared", (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("name").GetString());

        // An update through the second silo is what the first one then serves: one owner per tenant.
        using var patch = await viaSecond.PatchAsJsonAsync($"/v1/tenants/{id}", new { name = "renamed" });
        await patch.ExpectJsonAsync(HttpStatusCode.OK);
        using var again = await viaFirst.GetAsync($"/v1/tenants/{id}");
        Assert.Equal("renamed", (await again.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task RevokedKeyIsRejectedOnEverySiloWithinOneSecond()
    {
        using var admin = _cluster.Admin(0);
        var tenant = (await admin.CreateTenantAsync()).GetProperty("id").GetString()!;
        var (keyId, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var onSecond = _cluster.Silos[1].CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/v1/me")).StatusCode);

        using var revoke = await admin.DeleteAsync($"/v1/api-keys/{keyId}?tenant_id={tenant}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        // The revoke call returns only after the cluster-wide cache entry is dropped, so the very
        // next request on the other silo is already refused (well inside the 1 s promise).
        using var after = await onSecond.GetAsync("/v1/me");
        await after.ExpectErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task BootstrapMintsTheFirstAdminKeyExactlyOnceAcrossSilos()
    {
        using var anonymous = _cluster.First.CreateClient();
        using (var r = await anonymous.GetAsync("/admin/v1/bootstrap/status"))
        {
            Assert.False((await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("bootstrapped").GetBoolean());
        }
        using (var r = await anonymous.PostAsync("/admin/v1/bootstrap", null))
        {
            await r.ExpectErrorAsync(HttpStatusCode.Unauthorized);
        }

        using var first = _cluster.Admin(0);
        using var second = _cluster.Admin(1);
        var attempts = await Task.WhenAll(first.PostAsync("/admin/v1/bootstrap", null), second.PostAsync("/admin/v1/bootstrap", null));
        var winner = Assert.Single(attempts, a => a.StatusCode == HttpStatusCode.Created);
        var loser = Assert.Single(attempts, a => a.StatusCode != HttpStatusCode.Created);
        Assert.Equal("already_bootstrapped", await loser.ExpectErrorAsync(HttpStatusCode.Conflict));

        var minted = await winner.ExpectJsonAsync(HttpStatusCode.Created);
        var key = minted.GetProperty("api_key").GetProperty("key").GetString()!;
        using var tenantAdmin = _cluster.Silos[1].CreateClient(key);
        using (var r = await tenantAdmin.GetAsync("/v1/me"))
        {
            var me = await r.ExpectJsonAsync(HttpStatusCode.OK);
            Assert.Equal(minted.GetProperty("tenant_id").GetString(), me.GetProperty("tenant_id").GetString());
            Assert.Contains(me.GetProperty("roles").EnumerateArray(), x => x.GetString() == "admin");
        }
        using (var r = await first.PostAsync("/admin/v1/bootstrap", null))
        {
            Assert.Equal("already_bootstrapped", await r.ExpectErrorAsync(HttpStatusCode.Conflict));
        }
        using (var r = await anonymous.GetAsync("/admin/v1/bootstrap/status"))
        {
            Assert.True((await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("bootstrapped").GetBoolean());
        }
    }
}
