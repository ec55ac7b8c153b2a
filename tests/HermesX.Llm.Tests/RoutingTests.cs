using HermesX.FakeLlm;
using HermesX.FakeLlm.Scripting;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Llm.Tests;

/// <summary>Two fake servers are two deployments (or a model and its fallback); the catalog routes between them.</summary>
public sealed class RoutingTests : FakeServerTest, IDisposable
{
    private readonly TempDirectory _directory = new();
    private FakeLlmServer _second = null!;

    private FakeLlmServer First => Server;

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task FailingDeploymentIsLeftAtOnceForTheNextAndPassedOver(int status)
    {
        First.Enqueue(FakeReply.WithError(status));
        using var host = Host(TwoDeployments(1, 1, cooldownSeconds: 600));
        var client = host.Factory.GetClient("routed").ChatClient;

        // Weights pick the first deployment at random: call until it has had its one failing request.
        string? servedWhenFirstFailed = null;
        for (var i = 0; i < 60 && First.RequestCount == 0; i++)
        {
            servedWhenFirstFailed = DeploymentOf(await client.GetResponseAsync("Hi"));
        }
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(SecondId, DeploymentOf(await client.GetResponseAsync("Hi")));
        }

        Assert.Equal(SecondId, servedWhenFirstFailed);
        Assert.Equal(1, First.RequestCount);
    }

    [Fact]
    public async Task CooledDownDeploymentServesAgainOnceTheCooldownIsOver()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:10Z", System.Globalization.CultureInfo.InvariantCulture));
        First.Enqueue(FakeReply.WithError(503));
        using var host = Host(TwoDeployments(1, 1, cooldownSeconds: 30), time);
        var client = host.Factory.GetClient("routed").ChatClient;
        for (var i = 0; i < 60 && First.RequestCount == 0; i++)
        {
            await client.GetResponseAsync("Hi");
        }
        Assert.Equal(1, First.RequestCount);

        time.Advance(TimeSpan.FromSeconds(20));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SecondId, DeploymentOf(await client.GetResponseAsync("Hi")));
        }
        time.Advance(TimeSpan.FromSeconds(11));
        var servedByFirst = false;
        for (var i = 0; i < 60 && !servedByFirst; i++)
        {
            servedByFirst = DeploymentOf(await client.GetResponseAsync("Hi")) == FirstId;
        }

        Assert.True(servedByFirst, "the first deployment never served again after its cooldown");
        Assert.Equal(2, First.RequestCount);
    }

    [Fact]
    public async Task HangingModelTimesOutAndTheFallbackServes()
    {
        First.Enqueue(new FakeReply { Text = "too late", DelayMs = 60_000 });
        var settings = Settings(PrimaryWithFallback());
        settings["Llm:Resilience:AttemptTimeout"] = "00:00:00.500";
        using var host = Host(settings);

        var response = await host.Factory.GetClient("primary").ChatClient.GetResponseAsync("Hi");

        Assert.Equal("Fake reply to: Hi", response.Text);
        Assert.Equal(Id(_second, "backup"), DeploymentOf(response));
        Assert.Equal(1, First.RequestCount);
        Assert.Equal("backup", Assert.Single(_second.Requests).Model);
    }

    [Fact]
    public async Task ModelWhoseDeploymentsAllFailFallsBackToTheNextModel()
    {
        First.Enqueue(FakeReply.WithError(502));
        using var host = Host(Settings(PrimaryWithFallback()));

        var response = await host.Factory.GetClient("primary").ChatClient.GetResponseAsync("Hi");

        Assert.Equal("Fake reply to: Hi", response.Text);
        Assert.Equal(1, First.RequestCount);
        Assert.Equal(1, _second.RequestCount);
    }

    [Fact]
    public async Task RejectedRequestDoesNotFallBack()
    {
        First.Enqueue(FakeReply.WithError(400, "bad request"));
        using var host = Host(Settings(PrimaryWithFallback()));

        await Assert.ThrowsAsync<LlmRequestException>(() => host.Factory.GetClient("primary").ChatClient.GetResponseAsync("Hi"));

        Assert.Equal(0, _second.RequestCount);
    }

    [Fact]
    public async Task PromptOverTheContextLengthGoesStraightToTheLargerFallback()
    {
        using var host = Host(Settings(PrimaryWithFallback(primaryContext: 50)));
        var client = host.Factory.GetClient("primary").ChatClient;

        var small = await client.GetResponseAsync("Hi");
        var large = await client.GetResponseAsync(new string('x', 400));

        Assert.Equal(Id(First, "primary-upstream"), DeploymentOf(small));
        Assert.Equal(1, First.RequestCount);
        Assert.Equal("backup", Assert.Single(_second.Requests).Model);
        Assert.NotEqual(DeploymentOf(small), DeploymentOf(large));
    }

    [Fact]
    public async Task StreamFailingBeforeItsFirstUpdateFallsBack()
    {
        First.Enqueue(FakeReply.WithError(500));
        _second.Enqueue(FakeReply.WithChunks("from ", "backup"));
        using var host = Host(Settings(PrimaryWithFallback()));

        var (updates, response) = await ChatHelpers.StreamAsync(host.Factory.GetClient("primary").ChatClient, [new(ChatRole.User, "Hi")]);

        Assert.Equal("from backup", response.Text);
        Assert.All(updates, u => Assert.Equal(Id(_second, "backup"), u.AdditionalProperties?[LlmClient.DeploymentProperty]));
    }

    [Fact]
    public async Task StreamBrokenAfterItsFirstUpdateDoesNotFallBack()
    {
        var outputSeen = new TaskCompletionSource();
        First.Enqueue(new FakeReply { Chunks = ["one ", "two ", "three"], FailAfterChunks = 1, FailWhen = outputSeen.Task });
        using var host = Host(Settings(PrimaryWithFallback()));
        var received = new List<string>();

        await Assert.ThrowsAsync<LlmUnavailableException>(async () =>
        {
            await foreach (var update in host.Factory.GetClient("primary").ChatClient.GetStreamingResponseAsync("Hi"))
            {
                received.Add(update.Text);
                if (update.Text.Length > 0)
                {
                    outputSeen.TrySetResult();
                }
            }
        });

        Assert.Equal("one ", string.Concat(received));
        Assert.Equal(0, _second.RequestCount);
    }

    [Fact]
    public async Task WeightsThreeToOneSplitTwoThousandCallsWithinFivePercent()
    {
        using var host = Host(TwoDeployments(3, 1, cooldownSeconds: 30));
        var client = host.Factory.GetClient("routed").ChatClient;

        // Eight at a time: the split is the router's, whatever the concurrency.
        for (var batch = 0; batch < 250; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetResponseAsync("Hi")));
        }

        Assert.Equal(2000, First.RequestCount + _second.RequestCount);
        Assert.InRange(First.RequestCount, 1400, 1600);
    }

    [Fact]
    public async Task DeploymentOverItsRequestsPerMinuteIsPassedOver()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-05T10:00:05Z", System.Globalization.CultureInfo.InvariantCulture));
        using var host = Host(TwoDeployments(1, 1, cooldownSeconds: 30, firstExtra: "rpm: 2"), time);
        var client = host.Factory.GetClient("routed").ChatClient;

        for (var i = 0; i < 30; i++)
        {
            await client.GetResponseAsync("Hi");
        }
        Assert.Equal(2, First.RequestCount);

        time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 60 && First.RequestCount == 2; i++)
        {
            await client.GetResponseAsync("Hi");
        }

        Assert.Equal(3, First.RequestCount);
    }

    [Theory]
    [InlineData("deployments:\n      - base_url: http://127.0.0.1:1\n        wieght: 2")]
    [InlineData("deployments:\n      - base_url: http://127.0.0.1:1\n        weight: 0")]
    [InlineData("deployments: []")]
    [InlineData("base_url: http://127.0.0.1:1\n    deployments:\n      - base_url: http://127.0.0.1:2")]
    [InlineData("deployments:\n      - provider: openai\n      - provider: anthropic")]
    [InlineData("fallbacks: [no-such-model]")]
    [InlineData("fallbacks: [routed]")]
    [InlineData("cooldown_seconds: -1")]
    public void CatalogWithABadRoutingEntryIsRejected(string keys)
    {
        _directory.WriteAtomically("models.yaml", $"models:\n  - id: routed\n    {keys}\n");
        using var host = Host(Settings(null));

        Assert.False(host.Catalog.TryGet("routed", out _));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _second = await FakeLlmServer.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await base.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    private string FirstId => Id(First, "upstream-a");

    private string SecondId => Id(_second, "upstream-b");

    private static string Id(FakeLlmServer server, string model) => $"{new Uri(server.BaseUrl).Authority}/{model}";

    private static string? DeploymentOf(ChatResponse response) =>
        response.AdditionalProperties?[LlmClient.DeploymentProperty] as string;

    private LlmTestHost Host(Dictionary<string, string?> settings, TimeProvider? time = null) => LlmTestHost.Create(settings, time);

    private LlmTestHost Host(string catalog, TimeProvider? time = null) => Host(Settings(catalog), time);

    private Dictionary<string, string?> Settings(string? catalog)
    {
        if (catalog is not null)
        {
            _directory.WriteAtomically("models.yaml", catalog);
        }
        var settings = LlmTestHost.SettingsFor(First, LlmProviders.OpenAI);
        settings["HERMES_MODEL_CATALOG"] = _directory.File("models.yaml");
        return settings;
    }

    private string TwoDeployments(int firstWeight, int secondWeight, int cooldownSeconds, string? firstExtra = null) => $"""
        models:
          - id: routed
            cooldown_seconds: {cooldownSeconds}
            deployments:
              - base_url: {First.BaseUrl}
                model: upstream-a
                weight: {firstWeight}
                {firstExtra ?? ""}
              - base_url: {_second.BaseUrl}
                model: upstream-b
                weight: {secondWeight}
        """;

    private string PrimaryWithFallback(int primaryContext = 100_000) => $"""
        models:
          - id: primary
            context_length: {primaryContext}
            fallbacks: [backup]
            deployments:
              - base_url: {First.BaseUrl}
                model: primary-upstream
          - id: backup
            base_url: {_second.BaseUrl}
            context_length: 200000
        """;
}
