using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HermesX.FakeLlm.Scripting;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// One silo whose catalog serves a model of each provider, all three on the same fake LLM (each
/// provider's endpoint speaks its own wire format), so a test sees what HermesX sends to each.
/// </summary>
public sealed class ProviderChatFixture : IAsyncLifetime
{
    public const string OpenAIModel = ChatCluster.Model;
    public const string AnthropicModel = "fake-claude";
    public const string GeminiModel = "fake-gemini";

    private readonly string _catalog = Path.Combine(Path.GetTempPath(), $"hermes-catalog-{Guid.NewGuid():N}.yaml");

    public ChatCluster Chat { get; private set; } = null!;

    public string Key { get; private set; } = "";

    public string Tenant { get; private set; } = "";

    public static TheoryData<string> Models => [OpenAIModel, AnthropicModel, GeminiModel];

    public async Task InitializeAsync()
    {
        // The catalog names the fake's port, known only once it runs, and must exist before the silo reads it.
        Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string> { ["HERMES_MODEL_CATALOG"] = _catalog }, beforeSilos: llm =>
            File.WriteAllText(_catalog, $"""
                models:
                  - id: {AnthropicModel}
                    provider: anthropic
                    base_url: {llm.BaseUrl}
                    api_key_env: HERMES_API_KEY_LLM
                  - id: {GeminiModel}
                    provider: gemini
                    base_url: {llm.BaseUrl}
                    api_key_env: HERMES_API_KEY_LLM
                """));
        (Tenant, Key) = await Chat.TenantWithKeyAsync();
    }

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        File.Delete(_catalog);
    }

    public HttpClient Client() => Chat.Cluster.First.CreateClient(Key);

    /// <summary>Posts a chat body (model and one user message added) and returns status and parsed body.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient http, string model, object extra, string? session = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["model"] = model,
            ["messages"] = new[] { new { role = "user", content = "hello fields" } },
            ["session_id"] = session,
        };
        foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject())
        {
            body[p.Name] = p.Value;
        }
        var response = await http.PostAsJsonAsync("/v1/chat/completions", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>The JSON body of the last request the fake received.</summary>
    public JsonNode LastSent() => Chat.Llm.Requests[^1].Json() ?? throw new InvalidOperationException("the last request had no JSON body");

    public static FakeReply Text(string text) => FakeReply.WithText(text);
}

/// <summary>Test classes on the three-provider silo; they run one after another, so scripted replies do not mix.</summary>
[CollectionDefinition(Name)]
public sealed class ProviderChatCollection : ICollectionFixture<ProviderChatFixture>
{
    public const string Name = "provider chat";
}
