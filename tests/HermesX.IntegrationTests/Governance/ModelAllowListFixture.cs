using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Messages;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>
/// Two silos whose catalog serves three models on the fake LLM (the default <c>fake-gpt</c>,
/// <c>fake-gpt-mini</c> and <c>other-model</c>), so allow-lists can admit some and refuse others, and
/// a change made through one silo can be checked on the other.
/// </summary>
public sealed class ModelAllowListFixture : IAsyncLifetime
{
    public const string Default = ChatCluster.Model;
    public const string Mini = "fake-gpt-mini";
    public const string Other = "other-model";

    public static readonly string[] All = [Default, Mini, Other];

    private readonly string _catalog = Path.Combine(Path.GetTempPath(), $"hermes-catalog-{Guid.NewGuid():N}.yaml");

    public ChatCluster Chat { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Chat = await ChatCluster.StartAsync(2, new Dictionary<string, string> { ["HERMES_MODEL_CATALOG"] = _catalog }, beforeSilos: _ =>
            File.WriteAllText(_catalog, $"""
                models:
                  - id: {Mini}
                  - id: {Other}
                """));

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        File.Delete(_catalog);
    }

    /// <summary>A new pro-plan tenant with the given fields, and a key of it with the given fields.</summary>
    public Task<(string Tenant, string KeyId, string Key)> TenantAndKeyAsync(object? tenant = null, object? key = null, string role = "user") =>
        Chat.TenantAndKeyAsync(tenant, key, role);

    /// <summary>The ways a turn can be asked for: each endpoint that calls a model, streamed and not.</summary>
    public static readonly string[] Endpoints =
        ["chat", "chat-stream", "agent-chat", "messages", "messages-stream", "responses", "responses-stream"];

    /// <summary>Asks for one turn of <paramref name="model"/> the way <paramref name="endpoint"/> names; returns status and body text.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> TurnAsync(HttpClient http, string endpoint, string model)
    {
        var text = "allow-list check " + Guid.NewGuid().ToString("N")[..8];
        object[] user = [new { role = "user", content = text }];
        using var request = endpoint switch
        {
            "chat" or "chat-stream" or "agent-chat" => new HttpRequestMessage(HttpMethod.Post, endpoint == "agent-chat" ? "/v1/agent/chat" : "/v1/chat/completions")
            {
                Content = JsonContent.Create(new { model, messages = user, stream = endpoint == "chat-stream" }),
            },
            "messages" or "messages-stream" => MessagesClient.Request(new { model, max_tokens = 64, messages = user, stream = endpoint == "messages-stream" }),
            "responses" or "responses-stream" => new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
            {
                Content = JsonContent.Create(new { model, input = text, stream = endpoint == "responses-stream" }),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
        };
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts a turn was refused as a model the allow-lists leave out, in the endpoint's error shape.</summary>
    public static void AssertRefused(string endpoint, string model, (HttpStatusCode Status, string Body) answer)
    {
        Assert.True(answer.Status == HttpStatusCode.Forbidden, $"{endpoint} {model}: expected 403, got {(int)answer.Status}: {answer.Body}");
        var error = JsonDocument.Parse(answer.Body).RootElement.GetProperty("error");
        if (endpoint.StartsWith("messages", StringComparison.Ordinal))
        {
            // Anthropic's shape: {"type":"error","error":{"type","message"}}.
            Assert.Equal("permission_error", error.GetProperty("type").GetString());
        }
        else
        {
            Assert.Equal("model_not_allowed", error.GetProperty("code").GetString());
            Assert.Equal("model", error.GetProperty("param").GetString());
        }
        Assert.Contains($"'{model}'", error.GetProperty("message").GetString());
    }

    public static void AssertServed(string endpoint, string model, (HttpStatusCode Status, string Body) answer) =>
        Assert.True(answer.Status == HttpStatusCode.OK, $"{endpoint} {model}: expected 200, got {(int)answer.Status}: {answer.Body}");

    /// <summary>The ids <c>GET /v1/models</c> lists to this client.</summary>
    public static async Task<List<string>> ListedAsync(HttpClient http)
    {
        using var r = await http.GetAsync("/v1/models");
        var json = await r.ExpectJsonAsync(HttpStatusCode.OK);
        return [.. json.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order()];
    }
}

[CollectionDefinition(Name)]
public sealed class ModelAllowListCollection : ICollectionFixture<ModelAllowListFixture>
{
    public const string Name = "model allow-lists";
}
