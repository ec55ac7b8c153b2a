using System.Net;
using HermesX.FakeLlm;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task RepeatedProviderFailuresOpenTheBreakerAndRequestsFailFastWith503()
    {
        await using var chat = await ChatCluster.StartAsync(1, new Dictionary<string, string>
        {
            ["Llm__Resilience__MaxRetryAttempts"] = "1",
            ["Llm__Resilience__MinimumThroughput"] = "4",
            ["Llm__Resilience__BreakDuration"] = "00:05:00",
        });
        var (_, key) = await chat.TenantWithKeyAsync();
        using var http = chat.Cluster.First.CreateClient(key);
        chat.Llm.Enqueue(Enumerable.Range(0, 50).Select(_ => FakeReply.WithError(503)));

        for (var i = 0; i < 3; i++)
        {
            var (r, _) = await ChatCluster.ChatAsync(http, $"fail {i}", $"sess-cb-{i}");
            Assert.Equal("model_unavailable", await r.ExpectErrorAsync(HttpStatusCode.ServiceUnavailable));
        }
        var reached = chat.Llm.RequestCount;
        for (var i = 0; i < 3; i++)
        {
            var (r, _) = await ChatCluster.ChatAsync(http, $"fast {i}", $"sess-cb-fast-{i}");
            await r.ExpectErrorAsync(HttpStatusCode.ServiceUnavailable);
        }
        // Open breaker: the later requests never reached the provider.
        Assert.Equal(reached, chat.Llm.RequestCount);
    }
}
