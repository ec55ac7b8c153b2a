using System.Net;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Cluster;

public sealed class SiloLossTests
{
    [Fact]
    public async Task StoppingOneSiloLeavesTheOtherServingAndMarksItDead()
    {
        await using var cluster = await HermesCluster.StartAsync(silos: 2);
        using var admin = cluster.Admin(1);
        var tenant = (await admin.CreateTenantAsync("survivor")).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);

        await cluster.Silos[0].KillAsync();

        using var client = cluster.Silos[1].CreateClient(key);
        await ApiHelpers.PollAsync(async () =>
        {
            using var r = await client.GetAsync("/v1/me");
            return r.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(60), "the surviving silo answering");
        using (var r = await admin.GetAsync($"/v1/tenants/{tenant}"))
        {
            Assert.Equal("survivor", (await r.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("name").GetString());
        }

        // Orleans status 6 = Dead; the survivor votes the killed silo out.
        await ApiHelpers.PollAsync(async () => await cluster.Database.ScalarAsSuperuserAsync<long>(
                $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{cluster.ClusterId}' AND port = {cluster.Silos[0].SiloPort} AND status = 6") == 1,
            TimeSpan.FromSeconds(90), "the killed silo marked dead");
        using var ready = await cluster.Silos[1].CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task GracefulStopLeavesTheClusterCleanly()
    {
        await using var cluster = await HermesCluster.StartAsync(silos: 2);
        await cluster.Silos[0].StopAsync();
        Assert.True(cluster.Silos[0].HasExited);
        // A graceful stop announces itself: status 6 (Dead) without waiting for votes.
        Assert.Equal(1L, await cluster.Database.ScalarAsSuperuserAsync<long>(
            $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{cluster.ClusterId}' AND port = {cluster.Silos[0].SiloPort} AND status = 6"));
        using var http = cluster.Admin(1);
        var tenant = await http.CreateTenantAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.String, tenant.GetProperty("id").ValueKind);
    }
}
