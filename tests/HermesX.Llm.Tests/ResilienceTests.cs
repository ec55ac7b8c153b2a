using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Llm.Tests;

public sealed class ResilienceTests : FakeServerTest
{
    public static TheoryData<string> Providers => [LlmProviders.OpenAI, LlmProviders.Anthropic, LlmProviders.Gemini];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ServerErrorIsRetriedUntilTheCallSucceeds(string provider)
    {
        Server.Enqueue(FakeReply.WithError(500), FakeReply.WithError(503), FakeReply.WithText("recovered"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        var response = await host.Factory.GetClient().ChatClient.GetResponseAsync("Hi");

        Assert.Equal("recovered", response.Text);
        Assert.Equal(3, Server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StreamIsRetriedWhileNoOutputHasArrived(string provider)
    {
        Server.Enqueue(FakeReply.WithError(429), FakeReply.WithChunks("fine ", "now"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        var (_, response) = await ChatHelpers.StreamAsync(host.Factory.GetClient().ChatClient, [new(ChatRole.User, "Hi")]);

        Assert.Equal("fine now", response.Text);
        Assert.Equal(2, Server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StreamBrokenAfterOutputBeganIsNotRetried(string provider)
    {
        var outputSeen = new TaskCompletionSource();
        Server.Enqueue(
            new FakeReply { Chunks = ["one ", "two ", "three ", "four"], FailAfterChunks = 2, FailWhen = outputSeen.Task },
            FakeReply.WithText("unused"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));
        var received = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<LlmUnavailableException>(async () =>
        {
            await foreach (var update in host.Factory.GetClient().ChatClient.GetStreamingResponseAsync("Hi"))
            {
                received.Add(update);
                if (update.Text.Length > 0)
                {
                    outputSeen.TrySetResult();
                }
            }
        });

        Assert.Contains(received, u => u.Text.Length > 0);
        Assert.Equal(1, Server.RequestCount);
        Assert.Equal(1, Server.State.PendingReplies);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ClientErrorIsNotRetried(string provider)
    {
        Server.Enqueue(FakeReply.WithError(400, "bad request"), FakeReply.WithText("unused"));
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, provider));

        var error = await Assert.ThrowsAsync<LlmRequestException>(() => host.Factory.GetClient().ChatClient.GetResponseAsync("Hi"));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(provider, error.Provider);
        Assert.Equal(1, Server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RepeatedFailuresOpenTheBreakerAndLaterCallsNeverLeaveTheProcess(string provider)
    {
        Server.Enqueue(Enumerable.Repeat(FakeReply.WithError(500), 20));
        using var host = LlmTestHost.Create(BreakerSettings(provider));
        var client = host.Factory.GetClient().ChatClient;

        var opened = await CallUntilCircuitOpensAsync(client);
        var requestsWhenOpen = Server.RequestCount;
        var again = await Assert.ThrowsAsync<LlmUnavailableException>(() => host.Factory.GetClient().ChatClient.GetResponseAsync("Hi"));
        var streamed = await Assert.ThrowsAsync<LlmUnavailableException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("Hi"))
            {
            }
        });

        Assert.Equal(provider, opened.Provider);
        Assert.Equal(LlmTestHost.Model, opened.Model);
        Assert.True(again.IsCircuitOpen);
        Assert.True(streamed.IsCircuitOpen);
        Assert.Equal(requestsWhenOpen, Server.RequestCount);
    }

    [Fact]
    public async Task OpenBreakerLetsATrialCallThroughAfterTheBreakDuration()
    {
        var time = new FakeTimeProvider();
        Server.Enqueue(FakeReply.WithError(503), FakeReply.WithError(503));
        using var host = LlmTestHost.Create(BreakerSettings(LlmProviders.OpenAI), time);
        var client = host.Factory.GetClient().ChatClient;
        await CallUntilCircuitOpensAsync(client);

        time.Advance(TimeSpan.FromSeconds(31));
        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("Fake reply to: Hi", response.Text);
    }

    [Fact]
    public async Task AttemptThatOutlastsItsTimeoutFailsAsUnavailable()
    {
        Server.Enqueue(new FakeReply { Text = "too late", DelayMs = 20_000 });
        var settings = LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI);
        settings["Llm:Resilience:MaxRetryAttempts"] = "0";
        settings["Llm:Resilience:AttemptTimeout"] = "00:00:00.200";
        using var host = LlmTestHost.Create(settings);

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => host.Factory.GetClient().ChatClient.GetResponseAsync("Hi"));

        Assert.False(error.IsCircuitOpen);
        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StreamWhoseFirstUpdateOutlastsTheTimeoutFailsAsUnavailable(string provider)
    {
        Server.Enqueue(new FakeReply { Text = "too late", DelayMs = 20_000 });
        var settings = LlmTestHost.SettingsFor(Server, provider);
        settings["Llm:Resilience:MaxRetryAttempts"] = "0";
        settings["Llm:Resilience:AttemptTimeout"] = "00:00:00.200";
        using var host = LlmTestHost.Create(settings);

        var error = await Assert.ThrowsAsync<LlmUnavailableException>(async () =>
        {
            await foreach (var _ in host.Factory.GetClient().ChatClient.GetStreamingResponseAsync("Hi"))
            {
            }
        });

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(error.InnerException);
    }

    [Fact]
    public void EveryRequestForAModelSharesOneClient()
    {
        using var host = LlmTestHost.Create(LlmTestHost.SettingsFor(Server, LlmProviders.OpenAI));

        var first = host.Factory.GetClient();
        var second = host.Factory.GetClient(LlmTestHost.Model);

        Assert.Same(first.ChatClient, second.ChatClient);
    }

    /// <summary>No retries and a breaker that opens after two failed calls out of two.</summary>
    private Dictionary<string, string?> BreakerSettings(string provider)
    {
        var settings = LlmTestHost.SettingsFor(Server, provider);
        settings["Llm:Resilience:MaxRetryAttempts"] = "0";
        settings["Llm:Resilience:MinimumThroughput"] = "2";
        settings["Llm:Resilience:FailureRatio"] = "0.5";
        settings["Llm:Resilience:BreakDuration"] = "00:00:30";
        return settings;
    }

    private static async Task<LlmUnavailableException> CallUntilCircuitOpensAsync(IChatClient client)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var error = await Assert.ThrowsAsync<LlmUnavailableException>(() => client.GetResponseAsync("Hi"));
            if (error.IsCircuitOpen)
            {
                return error;
            }
        }

        throw new Xunit.Sdk.XunitException("The circuit breaker never opened");
    }
}
