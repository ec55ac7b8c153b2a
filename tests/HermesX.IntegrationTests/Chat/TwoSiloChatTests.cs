using System.Net;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>One SessionGrain per conversation, whichever silo receives the request.</summary>
public sealed class TwoSiloChatTests
{
    [Fact]
    public async Task ConcurrentTurnsOnOneSessionThroughTwoSilosAreSerialized()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2);
        chat.Llm.LatencyMs = 300;
        var (_, key) = await chat.TenantWithKeyAsync();
        using var viaFirst = chat.Cluster.Silos[0].CreateClient(key);
        using var viaSecond = chat.Cluster.Silos[1].CreateClient(key);
        await ChatCluster.ChatAsync(viaFirst, "warm up", "sess-shared");

        var turns = await Task.WhenAll(
            ChatCluster.ChatAsync(viaFirst, "turn from silo one", "sess-shared"),
            ChatCluster.ChatAsync(viaSecond, "turn from silo two", "sess-shared"));
        Assert.All(turns, t => Assert.Equal(HttpStatusCode.OK, t.Response.StatusCode));

        // Whichever ran second saw the first one's question and answer in its history.
        var requests = chat.Llm.Requests.Where(r => r.Body.Contains("turn from silo")).ToList();
        Assert.Equal(2, requests.Count);
        var second = requests[1].Body;
        Assert.Contains("turn from silo one", second);
        Assert.Contains("turn from silo two", second);
        Assert.Contains("Fake reply to: turn from silo", second);

        using var messages = await viaFirst.GetAsync("/v1/sessions/sess-shared/messages");
        var roles = (await messages.ExpectJsonAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray()
            .Select(m => m.GetProperty("role").GetString()).ToList();
        Assert.Equal(["user", "assistant", "user", "assistant", "user", "assistant"], roles);
    }

    [Fact]
    public async Task AfterASiloIsLostTheSessionContinuesWithItsHistory()
    {
        await using var chat = await ChatCluster.StartAsync(silos: 2);
        var (_, key) = await chat.TenantWithKeyAsync();
        using var viaFirst = chat.Cluster.Silos[0].CreateClient(key);
        using var viaSecond = chat.Cluster.Silos[1].CreateClient(key);
        await ChatCluster.ChatAsync(viaFirst, "remember the word saffron", "sess-failover");

        await chat.Cluster.Silos[0].KillAsync();

        HttpStatusCode status = 0;
        await ApiHelpers.PollAsync(async () =>
        {
            var (r, _) = await ChatCluster.ChatAsync(viaSecond, "which word?", "sess-failover");
            status = r.StatusCode;
            return status == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(90), "the session answering from the surviving silo");

        var last = chat.Llm.Requests.Last(r => r.Body.Contains("which word?"));
        Assert.Contains("remember the word saffron", last.Body);
        Assert.Contains("Fake reply to: remember the word saffron", last.Body);
    }
}
