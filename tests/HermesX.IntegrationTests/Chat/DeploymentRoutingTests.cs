using System.Net;
using System.Net.Http.Json;
using HermesX.FakeLlm;
using HermesX.FakeLlm.Scripting;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// A catalog model served by a deployment on its own fake LLM, falling back to the default model on the
/// cluster's fake: every answer, streamed or not, names the deployment that served it.
/// </summary>
[Collection(Collection.Name)]
public sealed class DeploymentRoutingTests(DeploymentRoutingTests.Fixture fixture)
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

    /// <summary>The classes on the routing silo; they run one after another, so replies scripted on its fakes do not mix.</summary>
    [CollectionDefinition(Name)]
    public sealed class Collection : ICollectionFixture<Fixture>
    {
        public const string Name = "deployment routing";
    }

    /// <summary>
    /// The routed models on <see cref="Primary"/> and the cluster's fake: <see cref="Model"/> for chat; for embeddings
    /// <see cref="WeightedEmbeddings"/> (one deployment on each fake, a long cooldown) and <see cref="FallingEmbeddings"/>
    /// (one deployment on <see cref="Primary"/>, then an Anthropic model, then <see cref="EmbeddingsFallback"/>, priced).
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const string Model = "routed-gpt";

        public const string WeightedEmbeddings = "routed-embed";

        public const string FallingEmbeddings = "falling-embed";

        public const string AnthropicInChain = "claude-in-chain";

        public const string GeminiInChain = "gemini-in-chain";

        public const string EmbeddingsFallback = "fallback-embed";

        /// <summary>USD per million input tokens of <see cref="EmbeddingsFallback"/> (none for <see cref="FallingEmbeddings"/>).</summary>
        public const decimal FallbackInputPrice = 2_000_000m;

        private readonly string _catalog = Path.Combine(Path.GetTempPath(), $"hermes-catalog-{Guid.NewGuid():N}.yaml");

        public ChatCluster Chat { get; private set; } = null!;

        public FakeLlmServer Primary { get; private set; } = null!;

        public string Key { get; private set; } = "";

        public string PrimaryDeployment => $"{new Uri(Primary.BaseUrl).Authority}/upstream-gpt";

        public async Task InitializeAsync()
        {
            Primary = await FakeLlmServer.StartAsync();
            Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string> { ["HERMES_MODEL_CATALOG"] = _catalog }, beforeSilos: llm =>
                File.WriteAllText(_catalog, $"""
                    models:
                      - id: {Model}
                        fallbacks: [{ChatCluster.Model}]
                        cooldown_seconds: 0
                        deployments:
                          - base_url: {Primary.OpenAiBaseUrl}
                            model: upstream-gpt
                      - id: {WeightedEmbeddings}
                        cooldown_seconds: 600
                        deployments:
                          - base_url: {Primary.OpenAiBaseUrl}
                            model: embed-primary
                          - base_url: {llm.OpenAiBaseUrl}
                            model: embed-second
                      - id: {FallingEmbeddings}
                        fallbacks: [{AnthropicInChain}, {EmbeddingsFallback}]
                        cooldown_seconds: 0
                        deployments:
                          - base_url: {Primary.OpenAiBaseUrl}
                            model: embed-falling
                      - id: {AnthropicInChain}
                        provider: anthropic
                        base_url: {llm.BaseUrl}
                        api_key_env: HERMES_API_KEY_LLM
                        fallbacks: [{GeminiInChain}]
                      - id: {GeminiInChain}
                        provider: gemini
                        base_url: {llm.BaseUrl}
                        api_key_env: HERMES_API_KEY_LLM
                      - id: {EmbeddingsFallback}
                        input_price_per_million: {FallbackInputPrice.ToString(System.Globalization.CultureInfo.InvariantCulture)}
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
