using System.Net;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Cluster;

/// <summary>SIGTERM as Kubernetes sends it: the silo leaves the load balancer before it stops serving.</summary>
public sealed class ShutdownDrainTests
{
    [Fact]
    public async Task AfterSigtermReadinessIsUnavailableWhileRequestsAreStillServed()
    {
        await using var cluster = await HermesCluster.StartAsync(silos: 1, new Dictionary<string, string> { ["HERMES_SHUTDOWN_DRAIN_SECONDS"] = "20" });
        using var admin = cluster.Admin();
        var tenant = (await admin.CreateTenantAsync("drain")).GetProperty("id").GetString()!;
        var (_, key) = await admin.CreateKeyAsync(tenant, ["user"]);
        using var anonymous = cluster.First.CreateClient();
        using var client = cluster.First.CreateClient(key);

        await cluster.First.TerminateAsync();

        // The first readiness answer after the signal; the poll only covers the signal's delivery.
        await ApiHelpers.PollAsync(async () =>
        {
            using var r = await anonymous.GetAsync("/health/ready");
            return r.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, TimeSpan.FromSeconds(10), "readiness answering 503 after SIGTERM");
        using (var ready = await anonymous.GetAsync("/health/ready"))
        {
            var body = await ready.ExpectJsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("draining", body.GetProperty("checks").GetProperty("shutdown").GetProperty("error").GetString());
        }
        using (var me = await client.GetAsync("/v1/me"))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
        Assert.False(cluster.First.HasExited, "the silo stopped before its drain time was over");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await cluster.First.WaitForExitAsync(timeout.Token);
    }

    [Fact]
    public async Task ATurnInFlightAtSigtermIsAnsweredBeforeTheSiloExits()
    {
        // The model answers after the drain is over, so the turn is still running when Kestrel stops.
        await using var chat = await ChatCluster.StartAsync(1, new Dictionary<string, string> { ["HERMES_SHUTDOWN_DRAIN_SECONDS"] = "1" });
        var (_, key) = await chat.TenantWithKeyAsync();
        using var http = chat.Cluster.First.CreateClient(key);
        chat.Llm.Enqueue(new FakeReply { Text = "finished after the signal", DelayMs = 5000 });
        var before = chat.Llm.Requests.Count;

        var turn = ChatCluster.ChatAsync(http, "take your time", "sess-drain");
        await ApiHelpers.PollAsync(() => Task.FromResult(chat.Llm.Requests.Count > before), TimeSpan.FromSeconds(30), "the turn reaching the model");
        await chat.Cluster.First.TerminateAsync();

        var (response, body) = await turn;
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal("finished after the signal", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await chat.Cluster.First.WaitForExitAsync(timeout.Token);
    }
}
