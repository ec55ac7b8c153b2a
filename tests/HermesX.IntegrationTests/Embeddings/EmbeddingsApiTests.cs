using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using HermesX.FakeLlm.Scripting;
using HermesX.IntegrationTests.Observability;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Embeddings;

/// <summary>POST /v1/embeddings over real HTTP: OpenAI's shape, the provider call, billing and refusals.</summary>
[Collection(EmbeddingsCollection.Name)]
public sealed class EmbeddingsApiTests(EmbeddingsFixture fixture)
{
    private const string Model = EmbeddingsFixture.Model;

    private static void AssertVector(float[] expected, JsonElement actual)
    {
        Assert.Equal(expected.Length, actual.GetArrayLength());
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i].GetSingle(), 1e-6f);
        }
    }

    [Fact]
    public async Task EachInputGetsItsProvidersVectorInOrderInOpenAisShape()
    {
        using var http = fixture.Client();
        var (r, body) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = new[] { "alpha", "beta gamma" } });

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        // The model's one deployment: its own endpoint and id.
        Assert.Equal($"{new Uri(fixture.Chat.Llm.BaseUrl).Authority}/{Model}", Assert.Single(r.Headers.GetValues("X-Hermes-Deployment")));
        Assert.Equal("list", body.GetProperty("object").GetString());
        Assert.Equal(Model, body.GetProperty("model").GetString());
        var data = body.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        foreach (var (text, i) in new[] { ("alpha", 0), ("beta gamma", 1) })
        {
            Assert.Equal("embedding", data[i].GetProperty("object").GetString());
            Assert.Equal(i, data[i].GetProperty("index").GetInt32());
            AssertVector(FakeEmbeddings.Vector(text), data[i].GetProperty("embedding"));
        }
        // One token per 4 characters of each input: 2 for "alpha", 3 for "beta gamma".
        Assert.Equal(5, body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(5, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());

        var sent = fixture.Chat.Llm.Requests[^1];
        Assert.Equal("/v1/embeddings", sent.Path);
        Assert.Equal("Bearer fake-llm-key", sent.Headers["authorization"]);
        Assert.Equal(["alpha", "beta gamma"], sent.Json()!["input"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Base64EncodingGivesLittleEndianFloat32Components()
    {
        using var http = fixture.Client();
        var (r, body) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = "alpha", encoding_format = "base64" });

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var bytes = Convert.FromBase64String(body.GetProperty("data")[0].GetProperty("embedding").GetString()!);
        var expected = FakeEmbeddings.Vector("alpha");
        Assert.Equal(expected.Length * sizeof(float), bytes.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float))));
        }
    }

    [Fact]
    public async Task DimensionsAndUserAreForwardedToTheProvider()
    {
        using var http = fixture.Client();
        var (r, body) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = "alpha", dimensions = 16, user = "end-user-7" });

        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        AssertVector(FakeEmbeddings.Vector("alpha", 16), body.GetProperty("data")[0].GetProperty("embedding"));
        var sent = fixture.Chat.Llm.Requests[^1].Json()!;
        Assert.Equal(16, sent["dimensions"]!.GetValue<int>());
        Assert.Equal("end-user-7", sent["user"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheCallIsBilledAndAuditedBeforeItIsAnswered()
    {
        var (tenant, key) = await fixture.Chat.TenantWithKeyAsync();
        using var admin = fixture.Chat.Cluster.Admin();
        var (_, adminKey) = await admin.CreateKeyAsync(tenant, ["admin"]);
        using var http = fixture.Client(key);
        var (r, _) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = new[] { "alpha", "beta gamma" } });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        // Read right after the answer, without waiting: the usage row was committed before it.
        using var reader = fixture.Client(adminKey);
        var rows = (await reader.GetFromJsonAsync<JsonElement>("/v1/usage/details")).GetProperty("data");
        var row = Assert.Single(rows.EnumerateArray());
        // No session: the API leaves out what is null.
        Assert.False(row.TryGetProperty("session_id", out var session) && session.ValueKind != JsonValueKind.Null, row.GetRawText());
        Assert.Equal(Model, row.GetProperty("model").GetString());
        Assert.Equal("openai", row.GetProperty("provider").GetString());
        Assert.Equal(5, row.GetProperty("input_tokens").GetInt64());
        Assert.Equal(0, row.GetProperty("output_tokens").GetInt64());
        Assert.Equal(5 * EmbeddingsFixture.InputPrice / 1_000_000m, row.GetProperty("cost_usd").GetDecimal());

        await ApiHelpers.PollAsync(async () => (await reader.GetFromJsonAsync<JsonElement>("/v1/audit-logs?limit=100")).GetProperty("data")
            .EnumerateArray().Any(a => a.GetProperty("action").GetString() == "POST /v1/embeddings" && a.GetProperty("status").GetInt32() == 200),
            TimeSpan.FromSeconds(10), "the embeddings call's audit row");
    }

    [Fact]
    public async Task ASpentTokenBudgetRefusesTheNextCallWithoutCallingTheProvider()
    {
        var (tenant, key) = await fixture.Chat.TenantWithKeyAsync();
        using var admin = fixture.Chat.Cluster.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/v1/tenants/{tenant}", new { daily_token_budget = 3 })).StatusCode);
        using var http = fixture.Client(key);
        // 21 characters: 6 tokens, charged although they overshoot what was left.
        var (first, _) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = "spend the budget now." });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var before = fixture.Chat.Llm.RequestCount;
        var (refused, body) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = "one more" });
        Assert.Equal("quota_exceeded", await refused.ExpectErrorAsync(HttpStatusCode.TooManyRequests));
        Assert.Equal("daily_token_budget", body.GetProperty("error").GetProperty("param").GetString());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Equal(before, fixture.Chat.Llm.RequestCount);
    }

    [Fact]
    public async Task TheCallIsCountedInTheModelCallMetrics()
    {
        var (tenant, key) = await fixture.Chat.TenantWithKeyAsync();
        using var http = fixture.Client(key);
        var (r, _) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = new[] { "alpha", "beta gamma" } });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);

        using var anonymous = fixture.Chat.Cluster.First.CreateClient();
        var scrape = PrometheusText.Parse(await anonymous.GetStringAsync("/v1/metrics"));
        double Sum(string name, Func<Sample, bool> where) =>
            scrape.Samples.Where(s => s.Name == name && s.Label("tenant_id") == tenant && s.Label("model") == Model && where(s)).Sum(s => s.Value);
        Assert.Equal(1, Sum("hermes_llm_request_duration_seconds_count", s => s.Label("provider") == "openai" && s.Label("status") == "success"));
        Assert.Equal(5, Sum("hermes_llm_tokens_total", s => s.Label("direction") == "input"));
        Assert.Equal(0, Sum("hermes_llm_tokens_total", s => s.Label("direction") == "output"));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheRequestAndBothVectorEncodings()
    {
        using var anonymous = fixture.Chat.Cluster.First.CreateClient();
        var doc = await anonymous.GetFromJsonAsync<JsonElement>("/v1/openapi");
        var post = doc.GetProperty("paths").GetProperty("/v1/embeddings").GetProperty("post");
        Assert.Contains("CreateEmbeddingRequest", post.GetProperty("requestBody").GetRawText());
        Assert.Contains("CreateEmbeddingResponse", post.GetProperty("responses").GetProperty("200").GetRawText());
        var schemas = doc.GetProperty("components").GetProperty("schemas");
        var vector = schemas.GetProperty("EmbeddingVector").GetProperty("oneOf");
        Assert.Equal(["array", "string"], vector.EnumerateArray().Select(v => v.GetProperty("type").GetString()));
        var input = schemas.GetProperty("EmbeddingInput").GetProperty("oneOf");
        Assert.Equal(["string", "array"], input.EnumerateArray().Select(v => v.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task TheDataPlanePortServesEmbeddings()
    {
        using var http = fixture.Client(dataPlane: true);
        var (r, body) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = "on the data plane" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(1, body.GetProperty("data").GetArrayLength());
    }

    public static TheoryData<string, string> RefusedBodies => new()
    {
        { """{"model":"fake-embed","input":"x","temperature":1}""", "temperature" },
        { """{"model":"fake-embed","input":[[1,2,3]]}""", "input" },
        { """{"model":"fake-embed","input":[1,2,3]}""", "input" },
        { """{"model":"fake-embed","input":{"text":"x"}}""", "input" },
        { """{"model":"fake-embed","input":["a",""]}""", "input[1]" },
        { """{"model":"fake-embed","input":[]}""", "input" },
        { """{"model":"fake-embed"}""", "input" },
        { """{"input":"x"}""", "model" },
        { """{"model":"fake-embed","input":"x","encoding_format":"int8"}""", "encoding_format" },
        { """{"model":"fake-embed","input":"x","dimensions":0}""", "dimensions" },
        { """{"model":"fake-embed","input":"x","dimensions":"8"}""", "dimensions" },
    };

    [Theory]
    [MemberData(nameof(RefusedBodies))]
    public async Task AFieldHermesXCannotHonourIsRefusedByNameWithoutCallingTheProvider(string json, string param)
    {
        using var http = fixture.Client();
        var before = fixture.Chat.Llm.RequestCount;
        using var r = await http.PostAsync("/v1/embeddings", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var error = (await r.ExpectJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Contains(param.Split('[')[0], error.GetProperty("message").GetString());
        Assert.Equal(before, fixture.Chat.Llm.RequestCount);
    }

    [Theory]
    [InlineData(EmbeddingsFixture.AnthropicModel, "anthropic")]
    [InlineData(EmbeddingsFixture.GeminiModel, "gemini")]
    public async Task AModelWhoseProviderHasNoEmbeddingsIsRefused(string model, string provider)
    {
        using var http = fixture.Client();
        var before = fixture.Chat.Llm.RequestCount;
        var (r, body) = await EmbeddingsFixture.PostAsync(http, new { model, input = "alpha" });

        Assert.Equal("model_not_supported", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal("model", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains(model, body.GetProperty("error").GetProperty("message").GetString());
        Assert.Contains(provider, body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before, fixture.Chat.Llm.RequestCount);
    }

    [Fact]
    public async Task AnUnknownModelIsNotFound()
    {
        using var http = fixture.Client();
        var (r, _) = await EmbeddingsFixture.PostAsync(http, new { model = "no-such-model", input = "alpha" });
        Assert.Equal("model_not_found", await r.ExpectErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task ThePlatformTokenIsNotATenantCredential()
    {
        using var admin = fixture.Chat.Cluster.Admin();
        var (r, _) = await EmbeddingsFixture.PostAsync(admin, new { model = Model, input = "alpha" });
        Assert.Equal("forbidden", await r.ExpectErrorAsync(HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task AProviderRefusalIsABadGatewayAndItsOutageAServiceUnavailable()
    {
        using var http = fixture.Client();
        fixture.Chat.Llm.Enqueue(FakeReply.WithError(400, "quoted input must not leak"));
        var (rejected, body) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = "alpha" });
        Assert.Equal("model_request_rejected", await rejected.ExpectErrorAsync(HttpStatusCode.BadGateway));
        Assert.DoesNotContain("quoted input", body.GetRawText());

        // The first attempt and every retry fail.
        fixture.Chat.Llm.Enqueue(Enumerable.Repeat(FakeReply.WithError(503), 4));
        var (unavailable, _) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = "alpha" });
        Assert.Equal("model_unavailable", await unavailable.ExpectErrorAsync(HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task ATransientProviderFailureIsRetried()
    {
        using var http = fixture.Client();
        fixture.Chat.Llm.Enqueue(FakeReply.WithError(503));
        var (r, body) = await EmbeddingsFixture.PostAsync(http, new { model = Model, input = "alpha" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        AssertVector(FakeEmbeddings.Vector("alpha"), body.GetProperty("data")[0].GetProperty("embedding"));
    }
}
