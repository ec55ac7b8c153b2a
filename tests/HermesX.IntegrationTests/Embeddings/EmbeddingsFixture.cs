using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Embeddings;

/// <summary>
/// One silo whose catalog has a priced OpenAI-compatible model and an Anthropic and a Gemini model,
/// all on the same fake LLM; a tenant with a user key and an admin key (who reads usage and audit).
/// </summary>
public sealed class EmbeddingsFixture : IAsyncLifetime
{
    public const string Model = "fake-embed";
    public const string AnthropicModel = "fake-claude";
    public const string GeminiModel = "fake-gemini";

    /// <summary>USD per million input tokens of <see cref="Model"/>.</summary>
    public const decimal InputPrice = 2.5m;

    private readonly string _catalog = Path.Combine(Path.GetTempPath(), $"hermes-catalog-{Guid.NewGuid():N}.yaml");

    public ChatCluster Chat { get; private set; } = null!;

    public string Tenant { get; private set; } = "";

    public string Key { get; private set; } = "";

    public string AdminKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Chat = await ChatCluster.StartAsync(1, new Dictionary<string, string>
        {
            ["HERMES_MODEL_CATALOG"] = _catalog,
            // The failure tests must not open the model's circuit breaker for the tests after them.
            ["Llm__Resilience__MinimumThroughput"] = "1000",
        }, beforeSilos: llm =>
            File.WriteAllText(_catalog, $"""
                models:
                  - id: {Model}
                    provider: openai
                    base_url: {llm.BaseUrl}
                    api_key_env: HERMES_API_KEY_LLM
                    input_price_per_million: {InputPrice.ToString(CultureInfo.InvariantCulture)}
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
        using var admin = Chat.Cluster.Admin();
        (_, AdminKey) = await admin.CreateKeyAsync(Tenant, ["admin"]);
    }

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        File.Delete(_catalog);
    }

    public HttpClient Client(string? key = null, bool dataPlane = false) => Chat.Cluster.First.CreateClient(key ?? Key, dataPlane);

    /// <summary>Posts an embeddings body as given and returns the answer and its parsed body.</summary>
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient http, object body)
    {
        var response = await http.PostAsJsonAsync("/v1/embeddings", body);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}

/// <summary>Test classes on the embeddings silo; they run one after another, so scripted replies do not mix.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddingsCollection : ICollectionFixture<EmbeddingsFixture>
{
    public const string Name = "embeddings";
}
