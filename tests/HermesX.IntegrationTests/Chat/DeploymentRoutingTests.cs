using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm;
using HermesX.FakeLlm.Scripting;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// A catalog model served by a deployment on its own fake LLM, falling back to the default model on the
/// cluster's fake: every answer, streamed or not, names the deployment that served it.
/// </summary>
public sealed class DeploymentRoutingTests(DeploymentRoutingTests.Fixture fixture) : IClassFixture<DeploymentRoutingTests.Fixture>
{
    private const string Header = "X-Hermes-Deployment";

    public static TheoryData<string, bool> Endpoints => new()
    {
        { "/v1/chat/completions", false }, { "/v1/chat/completions", true },
        { "/v1/messages", false }, { "/v1/messages", true },
        { "/v1/responses", false }, { "/v1/responses", true },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnswerNamesTheDeploymentThatServedIt(string path, bool stream)
    {
        using var http = fixture.Chat.Cluster.First.CreateClient(fixture.Key);

        using var response = await http.PostAsJsonAsync(path, Body(path, stream));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal(stream ? "text/event-stream" : "application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fixture.PrimaryDeployment, Assert.Single(response.Headers.GetValues(Header)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FailingDeploymentFallsBackToTheNextModelAndTheAnswerSaysSo(bool stream)
    {
        using var http = fixture.Chat.Cluster.First.CreateClient(fixture.Key);
        fixture.Primary.Enqueue(FakeReply.WithError(503));
        var before = fixture.Chat.Llm.RequestCount;
        var primaryBefore = fixture.Primary.RequestCount;

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", Body("/v1/chat/completions", stream));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        // Streamed, the fake's reply arrives word by word.
        Assert.Contains(stream ? "routing" : "Fake reply to: hello routing", text, StringComparison.Ordinal);
        Assert.Equal($"{new Uri(fixture.Chat.Llm.BaseUrl).Authority}/{ChatCluster.Model}", Assert.Single(response.Headers.GetValues(Header)));
        Assert.Equal(before + 1, fixture.Chat.Llm.RequestCount);
        // The primary was tried first, and its refusal was the one it was given.
        Assert.Equal(primaryBefore + 1, fixture.Primary.RequestCount);
    }

    private static object Body(string path, bool stream) => path switch
    {
        "/v1/messages" => new { model = Fixture.Model, max_tokens = 64, stream, messages = new[] { new { role = "user", content = "hello routing" } } },
        "/v1/responses" => new { model = Fixture.Model, input = "hello routing", stream },
        _ => (object)new { model = Fixture.Model, stream, messages = new[] { new { role = "user", content = "hello routing" } } },
    };

    public sealed class Fixture : IAsyncLifetime
    {
        public const string Model = "routed-gpt";

        private readonly string _catalog = Path.Combine(Path.GetTempPath(), $"hermes-catalog-{Guid.NewGuid():N}.yaml");

        public ChatCluster Chat { get; private set; } = null!;

        public FakeLlmServer Primary { get; private set; } = null!;

        public string Key { get; private set; } = "";

        public string PrimaryDeployment => $"{new Uri(Primary.BaseUrl).Authority}/upstream-gpt";

        public async Task InitializeAsync()
        {
            Primary = await FakeLlmServer.StartAsync();
            Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string> { ["HERMES_MODEL_CATALOG"] = _catalog }, beforeSilos: _ =>
                File.WriteAllText(_catalog, $"""
                    models:
                      - id: {Model}
                        fallbacks: [{ChatCluster.Model}]
                        cooldown_seconds: 0
                        deployments:
                          - base_url: {Primary.OpenAiBaseUrl}
                            model: upstream-gpt
                    """));
            (_, Key) = await Chat.TenantWithKeyAsync();
        }

        public async Task DisposeAsync()
        {
            await Chat.DisposeAsync();
            await Primary.DisposeAsync();
            File.Delete(_catalog);
        }
    }
}
