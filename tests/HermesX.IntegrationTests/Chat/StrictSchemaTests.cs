using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>
/// <c>strict</c> on function tools and on a json_schema response format: forwarded where the provider has it,
/// checked by HermesX where it has not, with one more model call for an answer that breaks the schema.
/// </summary>
[Collection(ProviderChatCollection.Name)]
public sealed class StrictSchemaTests(ProviderChatFixture f)
{
    private static readonly object Parameters = new
    {
        type = "object",
        properties = new { city = new { type = "string" } },
        required = new[] { "city" },
        additionalProperties = false,
    };

    private static object[] Tools(bool strict) =>
        [new { type = "function", function = new { name = "get_weather", description = "Weather for a city", parameters = Parameters, strict } }];

    private static object StrictFormat => new { type = "json_schema", json_schema = new { name = "answer", schema = ChatFieldsTests.Schema, strict = true } };

    private static string Arguments(JsonElement body) =>
        body.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetString()!;

    [Fact]
    public async Task OpenAIGetsStrictOnTheFunctionAndTheFormatAsSent()
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(FakeReply.WithText("""{"answer":"yes"}"""));
        var (r, _) = await f.PostAsync(http, ProviderChatFixture.OpenAIModel, new { tools = Tools(strict: true), response_format = StrictFormat });
        await r.ExpectJsonAsync(HttpStatusCode.OK);

        var sent = f.LastSent();
        // HermesX's own tools come first; none of them is strict.
        var function = sent["tools"]!.AsArray().Select(t => t!["function"]!).Single(t => (string?)t["name"] == "get_weather");
        Assert.DoesNotContain(sent["tools"]!.AsArray(), t => t!["function"]!["strict"] is JsonValue v && (bool)v && (string?)t["function"]!["name"] != "get_weather");
        Assert.True((bool)function["strict"]!, sent.ToJsonString());
        Assert.Equal(["city"], function["parameters"]!["required"]!.AsArray().Select(n => (string)n!));
        Assert.True((bool)sent["response_format"]!["json_schema"]!["strict"]!);
    }

    [Fact]
    public async Task AnthropicGetsStrictOnTheTool()
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(FakeReply.WithText("ok"));
        var (r, _) = await f.PostAsync(http, ProviderChatFixture.AnthropicModel, new { tools = Tools(strict: true) });
        await r.ExpectJsonAsync(HttpStatusCode.OK);

        var tool = f.LastSent()["tools"]!.AsArray().Single(t => (string?)t!["name"] == "get_weather")!;
        Assert.True((bool)tool["strict"]!, tool.ToJsonString());
    }

    [Fact]
    public async Task GeminiToolArgumentsThatBreakTheSchemaAreAskedForOnceMore()
    {
        using var http = f.Client();
        var before = f.Chat.Llm.RequestCount;
        var session = "strict-" + Guid.NewGuid().ToString("N")[..12];
        f.Chat.Llm.Enqueue(FakeReply.WithToolCall("get_weather", """{"city":42}"""), FakeReply.WithToolCall("get_weather", """{"city":"Paris"}"""));
        var (r, body) = await f.PostAsync(http, ProviderChatFixture.GeminiModel, new { tools = Tools(strict: true) }, session);
        await r.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Paris", JsonDocument.Parse(Arguments(body)).RootElement.GetProperty("city").GetString());
        Assert.Equal(before + 2, f.Chat.Llm.RequestCount);
        // Both model calls are metered, the discarded one included.
        var usageRows = $"SELECT count(*) FROM usage_records WHERE tenant_id = '{f.Tenant}' AND session_id = '{session}'";
        await ApiHelpers.PollAsync(async () => await f.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(usageRows) >= 2, TimeSpan.FromSeconds(20), "two usage rows");
        Assert.Equal(2L, await f.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>(usageRows));
    }

    [Fact]
    public async Task GeminiToolArgumentsThatBreakTheSchemaTwiceFailTheTurnAsTheProvidersError()
    {
        using var http = f.Client();
        var before = f.Chat.Llm.RequestCount;
        f.Chat.Llm.Enqueue(FakeReply.WithToolCall("get_weather", """{"town":"Paris"}"""), FakeReply.WithToolCall("get_weather", """{"city":7}"""));
        var (r, body) = await f.PostAsync(http, ProviderChatFixture.GeminiModel, new { tools = Tools(strict: true) });

        Assert.Equal("model_output_invalid", await r.ExpectErrorAsync(HttpStatusCode.BadGateway));
        var message = body.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains("get_weather", message);
        Assert.Contains("/city", message);
        Assert.Equal(before + 2, f.Chat.Llm.RequestCount);
    }

    [Fact]
    public async Task ANonStrictToolIsNotChecked()
    {
        using var http = f.Client();
        var before = f.Chat.Llm.RequestCount;
        f.Chat.Llm.Enqueue(FakeReply.WithToolCall("get_weather", """{"city":42}"""));
        var (r, body) = await f.PostAsync(http, ProviderChatFixture.GeminiModel, new { tools = Tools(strict: false) });
        await r.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal(42, JsonDocument.Parse(Arguments(body)).RootElement.GetProperty("city").GetInt32());
        Assert.Equal(before + 1, f.Chat.Llm.RequestCount);
    }

    [Theory]
    [InlineData(ProviderChatFixture.AnthropicModel)]
    [InlineData(ProviderChatFixture.GeminiModel)]
    public async Task AStrictFormatsAnswerIsCheckedWhereTheProviderHasNoStrict(string model)
    {
        using var http = f.Client();
        var before = f.Chat.Llm.RequestCount;
        f.Chat.Llm.Enqueue(FakeReply.WithText("""{"answer":1}"""), FakeReply.WithText("""{"answer":"yes"}"""));
        var (r, body) = await f.PostAsync(http, model, new { response_format = StrictFormat });
        await r.ExpectJsonAsync(HttpStatusCode.OK);

        Assert.Equal("""{"answer":"yes"}""", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(before + 2, f.Chat.Llm.RequestCount);
    }

    [Fact]
    public async Task AStreamedAnswerIsHeldUntilItKeepsToTheSchema()
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(FakeReply.WithChunks("not ", "json"), FakeReply.WithChunks("""{"answer":""", "\"yes\"}"));
        using var r = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = ProviderChatFixture.GeminiModel,
            messages = new[] { new { role = "user", content = "hi" } },
            stream = true,
            response_format = StrictFormat,
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var text = string.Concat((await r.Content.ReadAsStringAsync()).Split("\n")
            .Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement)
            .SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : ""));

        Assert.Equal("""{"answer":"yes"}""", text);
    }

    [Fact]
    public async Task AStrictSchemaHermesXCannotUseIsRefusedBeforeAnyModelCallAndWritesNothing()
    {
        using var http = f.Client();
        var session = "strict-" + Guid.NewGuid().ToString("N")[..12];
        var before = f.Chat.Llm.RequestCount;
        var tools = new object[] { new { type = "function", function = new { name = "f", parameters = new { type = "nonsense" }, strict = true } } };
        var (r, body) = await f.PostAsync(http, ProviderChatFixture.GeminiModel, new { tools }, session);

        Assert.Equal("invalid_schema", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal("tools", body.GetProperty("error").GetProperty("param").GetString());
        Assert.Equal(before, f.Chat.Llm.RequestCount);
        Assert.Equal(0L, await f.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE id = '{session}'"));
    }

    [Fact]
    public async Task TheResponsesApiTakesStrictToolsChecksThemOnGeminiAndEchoesTheFlag()
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(FakeReply.WithToolCall("get_weather", """{"city":false}"""), FakeReply.WithToolCall("get_weather", """{"city":"Rome"}"""));
        using var r = await http.PostAsJsonAsync("/v1/responses", new
        {
            model = ProviderChatFixture.GeminiModel,
            input = "weather in Rome?",
            tools = new[] { new { type = "function", name = "get_weather", parameters = Parameters, strict = true } },
        });
        var body = await r.ExpectJsonAsync(HttpStatusCode.OK);

        var call = body.GetProperty("output").EnumerateArray().Single(o => o.GetProperty("type").GetString() == "function_call");
        Assert.Equal("Rome", JsonDocument.Parse(call.GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
        Assert.True(body.GetProperty("tools")[0].GetProperty("strict").GetBoolean());
    }
}
