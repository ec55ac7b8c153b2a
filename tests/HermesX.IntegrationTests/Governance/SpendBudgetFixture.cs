using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.FakeLlm;
using HermesX.IntegrationTests.Chat;
using HermesX.IntegrationTests.Messages;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Governance;

/// <summary>
/// Two silos whose catalog prices <see cref="Priced"/> at 0 USD an input token and 1 USD an output token,
/// so a call asked for one output token reserves, and costs, exactly 1 USD: budgets count calls.
/// <see cref="Routed"/> is priced the same on a deployment of its own fake LLM (<see cref="Primary"/>) and
/// falls back to <see cref="Dear"/>, three times its price, on the cluster's fake.
/// </summary>
public sealed class SpendBudgetFixture : IAsyncLifetime
{
    public const string Priced = "priced-gpt";

    /// <summary>An embeddings model at 1 USD an input token: an input of up to three characters costs, and reserves, exactly 1 USD.</summary>
    public const string PricedEmbeddings = "priced-embed";

    /// <summary>Priced as <see cref="Priced"/>, served by <see cref="Primary"/>, falling back to <see cref="Dear"/>.</summary>
    public const string Routed = "routed-priced-gpt";

    /// <summary>3 USD an output token: a call asked for one output token reserves, and costs, 3 USD.</summary>
    public const string Dear = "dear-gpt";

    /// <summary>An embeddings model at no price on <see cref="Primary"/>, falling back to <see cref="PricedEmbeddings"/>.</summary>
    public const string RoutedEmbeddings = "routed-free-embed";

    private readonly string _catalog = Path.Combine(Path.GetTempPath(), $"hermes-catalog-{Guid.NewGuid():N}.yaml");

    public ChatCluster Chat { get; private set; } = null!;

    /// <summary>The model catalog that prices <see cref="Priced"/> and <see cref="PricedEmbeddings"/>.</summary>
    public const string Catalog = $"""
        models:
          - id: {Priced}
            input_price_per_million: 0
            output_price_per_million: 1000000
          - id: {PricedEmbeddings}
            input_price_per_million: 1000000
            output_price_per_million: 0
        """;

    /// <summary>The fake LLM of the only deployment of <see cref="Routed"/> and <see cref="RoutedEmbeddings"/>.</summary>
    public FakeLlmServer Primary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Primary = await FakeLlmServer.StartAsync();
        Chat = await ChatCluster.StartAsync(2, new Dictionary<string, string>
        {
            ["HERMES_MODEL_CATALOG"] = _catalog,
            // JWT callers too: their end user is their subject.
            ["HERMES_JWT_ISSUER"] = TestTokens.Issuer,
            ["HERMES_JWT_AUDIENCE"] = TestTokens.Audience,
            ["HERMES_JWT_HS256_SECRET"] = TestTokens.Secret,
        }, beforeSilos: _ =>
            File.WriteAllText(_catalog, Catalog + "\n" + $"""
                  - id: {Routed}
                    input_price_per_million: 0
                    output_price_per_million: 1000000
                    fallbacks: [{Dear}]
                    cooldown_seconds: 0
                    deployments:
                      - base_url: {Primary.OpenAiBaseUrl}
                        model: upstream-priced
                  - id: {Dear}
                    input_price_per_million: 0
                    output_price_per_million: 3000000
                  - id: {RoutedEmbeddings}
                    fallbacks: [{PricedEmbeddings}]
                    cooldown_seconds: 0
                    deployments:
                      - base_url: {Primary.OpenAiBaseUrl}
                        model: upstream-embed
                """));
    }

    public async Task DisposeAsync()
    {
        await Chat.DisposeAsync();
        await Primary.DisposeAsync();
        File.Delete(_catalog);
    }

    /// <summary>A new pro-plan tenant with the given fields (rate limits out of the way), and a user key of it with the given fields.</summary>
    public Task<(string Tenant, string KeyId, string Key)> TenantAndKeyAsync(object? tenant = null, object? key = null) =>
        Chat.TenantAndKeyAsync(tenant, key, unlimited: true);

    /// <summary>How many model calls carrying <paramref name="marker"/> reached the fake LLM.</summary>
    public int CallsWith(string marker) => Chat.Llm.Requests.Count(r => r.Body.Contains(marker, StringComparison.Ordinal));

    /// <summary>
    /// One turn of the priced model (or <paramref name="model"/>) asking for one output token, the way <paramref name="endpoint"/> names, for the end
    /// user <paramref name="user"/> when given (each endpoint's own field); "embeddings" embeds <paramref name="text"/>'s
    /// first three characters instead, which costs 1 USD too.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> TurnAsync(HttpClient http, string endpoint, string text, string? user = null,
        string model = Priced)
    {
        object[] messages = [new { role = "user", content = text }];
        Dictionary<string, object?> Body(params (string, object?)[] fields)
        {
            var body = fields.ToDictionary(f => f.Item1, f => f.Item2);
            body.TryAdd("model", model);
            if (user is not null)
            {
                body[endpoint.StartsWith("messages", StringComparison.Ordinal) ? "metadata" : "user"] =
                    endpoint.StartsWith("messages", StringComparison.Ordinal) ? new { user_id = user } : user;
            }
            return body;
        }
        var stream = endpoint.EndsWith("-stream", StringComparison.Ordinal);
        using var request = endpoint switch
        {
            "chat" or "chat-stream" => new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = JsonContent.Create(Body(("messages", messages), ("max_tokens", 1), ("stream", stream))),
            },
            "messages" or "messages-stream" => MessagesClient.Request(Body(("max_tokens", 1), ("messages", messages), ("stream", stream))),
            "responses" or "responses-stream" => new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
            {
                Content = JsonContent.Create(Body(("input", text), ("max_output_tokens", 1), ("stream", stream))),
            },
            "embeddings" => new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
            {
                Content = JsonContent.Create(Body(("model", PricedEmbeddings), ("input", text[..3]))),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
        };
        using var response = await http.SendAsync(request);
        return await AnswerAsync(response);
    }

    /// <summary>An answer as <see cref="AssertRefused"/> reads it: its status, its body and its Retry-After header.</summary>
    public static async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> AnswerAsync(HttpResponseMessage response) =>
        (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.TryGetValues("Retry-After", out var v) ? v.Single() : null);

    /// <summary>Asserts a refusal for <paramref name="budget"/>: 429, the endpoint's error shape, Retry-After at the budget's reset.</summary>
    public static void AssertRefused(string endpoint, string budget, (HttpStatusCode Status, string Body, string? RetryAfter) answer)
    {
        Assert.True(answer.Status == HttpStatusCode.TooManyRequests, $"{endpoint}: expected 429, got {(int)answer.Status}: {answer.Body}");
        var error = JsonDocument.Parse(answer.Body).RootElement.GetProperty("error");
        if (endpoint.StartsWith("messages", StringComparison.Ordinal))
        {
            Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        }
        else
        {
            Assert.Equal("budget_exceeded", error.GetProperty("code").GetString());
            Assert.Equal(budget, error.GetProperty("param").GetString());
        }
        Assert.Contains("resets at", error.GetProperty("message").GetString());
        var now = DateTimeOffset.UtcNow;
        var reset = budget.EndsWith("monthly", StringComparison.Ordinal)
            ? new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1)
            : new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        Assert.NotNull(answer.RetryAfter);
        Assert.InRange(int.Parse(answer.RetryAfter!), (int)(reset - now).TotalSeconds - 60, (int)(reset - now).TotalSeconds + 60);
    }
}

[CollectionDefinition(Name)]
public sealed class SpendBudgetCollection : ICollectionFixture<SpendBudgetFixture>
{
    public const string Name = "spend budgets";
}
