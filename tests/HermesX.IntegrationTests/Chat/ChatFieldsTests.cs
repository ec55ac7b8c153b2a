using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>Chat Completions request fields: what reaches each provider, and what is refused before any model call.</summary>
[Collection(ProviderChatCollection.Name)]
public sealed class ChatFieldsTests(ProviderChatFixture f)
{
    /// <summary>A json_schema format's schema: one required string, nothing else.</summary>
    internal static readonly object Schema = new
    {
        type = "object",
        properties = new { answer = new { type = "string" } },
        required = new[] { "answer" },
        additionalProperties = false,
    };

    [Fact]
    public async Task OpenAIGetsEveryFieldAsSent()
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(FakeReply.WithText("""{"answer":"yes"}"""));
        var (r, body) = await f.PostAsync(http, ProviderChatFixture.OpenAIModel, new
        {
            stop = new[] { "END", "STOP" },
            top_p = 0.5,
            seed = 7,
            presence_penalty = 0.25,
            frequency_penalty = 0.5,
            response_format = new { type = "json_schema", json_schema = new { name = "answer", schema = Schema, strict = true } },
            parallel_tool_calls = false,
            reasoning_effort = "minimal",
            logit_bias = new Dictionary<string, int> { ["50256"] = -100 },
            logprobs = true,
            top_logprobs = 2,
            user = "end-user-1",
            metadata = new { purpose = "test" },
            store = true,
            n = 1,
            modalities = new[] { "text" },
        });
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        var sent = f.LastSent();
        var wire = sent.ToJsonString();
        Assert.Equal(["END", "STOP"], sent["stop"]!.AsArray().Select(s => (string)s!), StringComparer.Ordinal);
        Assert.Equal(0.5, (double)sent["top_p"]!);
        Assert.Equal(7, (long)sent["seed"]!);
        Assert.Equal(0.25, (double)sent["presence_penalty"]!);
        Assert.Equal(0.5, (double)sent["frequency_penalty"]!);
        Assert.Equal("json_schema", (string)sent["response_format"]!["type"]!);
        Assert.Equal("answer", (string)sent["response_format"]!["json_schema"]!["name"]!);
        Assert.True((bool)sent["response_format"]!["json_schema"]!["strict"]!, wire);
        Assert.Equal("object", (string)sent["response_format"]!["json_schema"]!["schema"]!["type"]!);
        Assert.False((bool)sent["parallel_tool_calls"]!);
        Assert.Equal("minimal", (string)sent["reasoning_effort"]!);
        Assert.Equal(-100, (int)sent["logit_bias"]!["50256"]!);
        Assert.True((bool)sent["logprobs"]!);
        Assert.Equal(2, (int)sent["top_logprobs"]!);
        Assert.Equal("end-user-1", (string)sent["user"]!);
        Assert.Equal("test", (string)sent["metadata"]!["purpose"]!);
        Assert.True((bool)sent["store"]!);

        var choice = body.GetProperty("choices")[0];
        var token = choice.GetProperty("logprobs").GetProperty("content")[0];
        Assert.Equal(-0.5, token.GetProperty("logprob").GetDouble());
        Assert.Equal(2, token.GetProperty("top_logprobs").GetArrayLength());
        Assert.Equal("fp_hermesx_fake", body.GetProperty("system_fingerprint").GetString());
    }

    [Fact]
    public async Task AnthropicGetsTheFieldsTranslated()
    {
        using var http = f.Client();
        var (r, _) = await f.PostAsync(http, ProviderChatFixture.AnthropicModel, new
        {
            stop = "END",
            top_p = 0.5,
            temperature = 0.25,
            response_format = new { type = "json_schema", json_schema = new { name = "answer", schema = Schema } },
            parallel_tool_calls = false,
            reasoning_effort = "high",
            user = "end-user-1",
            presence_penalty = 0,
            frequency_penalty = 0,
        });
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        var sent = f.LastSent();
        var wire = sent.ToJsonString();
        Assert.Equal(["END"], sent["stop_sequences"]!.AsArray().Select(s => (string)s!), StringComparer.Ordinal);
        Assert.True(sent["top_p"] is not null, wire);
        Assert.Equal(0.5, (double)sent["top_p"]!);
        Assert.Equal(0.25, (double)sent["temperature"]!);
        Assert.True((bool)sent["tool_choice"]!["disable_parallel_tool_use"]!);
        Assert.Equal("end-user-1", (string)sent["metadata"]!["user_id"]!);
        Assert.Equal("adaptive", (string)sent["thinking"]!["type"]!);
        Assert.Equal("high", (string)sent["output_config"]!["effort"]!);
        Assert.Equal("json_schema", (string)sent["output_config"]!["format"]!["type"]!);
        Assert.Equal("object", (string)sent["output_config"]!["format"]!["schema"]!["type"]!);
        Assert.Null(sent["presence_penalty"]);
    }

    [Fact]
    public async Task GeminiGetsTheFieldsInItsGenerationConfig()
    {
        using var http = f.Client();
        var (r, _) = await f.PostAsync(http, ProviderChatFixture.GeminiModel, new
        {
            stop = new[] { "END" },
            top_p = 0.5,
            seed = 7,
            presence_penalty = 0.25,
            frequency_penalty = 0.5,
            response_format = new { type = "json_schema", json_schema = new { name = "answer", schema = Schema } },
            reasoning_effort = "none",
            parallel_tool_calls = true,
        });
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        var config = f.LastSent()["generationConfig"]!;
        Assert.Equal(["END"], config["stopSequences"]!.AsArray().Select(s => (string)s!), StringComparer.Ordinal);
        Assert.Equal(0.5, (double)config["topP"]!);
        Assert.Equal(7, (long)config["seed"]!);
        Assert.Equal(0.25, (double)config["presencePenalty"]!);
        Assert.Equal(0.5, (double)config["frequencyPenalty"]!);
        Assert.Equal("application/json", (string)config["responseMimeType"]!);
        Assert.Equal("object", (string)config["responseJsonSchema"]!["type"]!);
        Assert.Equal(0, (int)config["thinkingConfig"]!["thinkingBudget"]!);
    }

    [Theory]
    [MemberData(nameof(ProviderChatFixture.Models), MemberType = typeof(ProviderChatFixture))]
    public async Task JsonModeAndAStopStringReachEveryProviderThatHasThem(string model)
    {
        using var http = f.Client();
        var format = model == ProviderChatFixture.AnthropicModel ? null : new { type = "json_object" };
        var (r, _) = await f.PostAsync(http, model, new { stop = "END", response_format = format });
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        var wire = f.LastSent().ToJsonString();
        Assert.Contains("END", wire);
        if (format is not null)
        {
            Assert.Contains(model == ProviderChatFixture.GeminiModel ? "application/json" : "json_object", wire);
        }
    }

    public static TheoryData<string, string, string> RefusedFields => new()
    {
        { ProviderChatFixture.AnthropicModel, """{"seed":1}""", "seed" },
        { ProviderChatFixture.AnthropicModel, """{"presence_penalty":0.5}""", "presence_penalty" },
        { ProviderChatFixture.AnthropicModel, """{"frequency_penalty":-1}""", "frequency_penalty" },
        { ProviderChatFixture.AnthropicModel, """{"response_format":{"type":"json_object"}}""", "response_format" },
        { ProviderChatFixture.AnthropicModel, """{"logit_bias":{"1":5}}""", "logit_bias" },
        { ProviderChatFixture.AnthropicModel, """{"logprobs":true}""", "logprobs" },
        { ProviderChatFixture.AnthropicModel, """{"metadata":{"a":"b"}}""", "metadata" },
        { ProviderChatFixture.AnthropicModel, """{"store":true}""", "store" },
        { ProviderChatFixture.GeminiModel, """{"parallel_tool_calls":false}""", "parallel_tool_calls" },
        { ProviderChatFixture.GeminiModel, """{"logit_bias":{"1":5}}""", "logit_bias" },
        { ProviderChatFixture.GeminiModel, """{"logprobs":true,"top_logprobs":1}""", "logprobs" },
        { ProviderChatFixture.GeminiModel, """{"user":"u1"}""", "user" },
        { ProviderChatFixture.GeminiModel, """{"metadata":{"a":"b"}}""", "metadata" },
        { ProviderChatFixture.GeminiModel, """{"store":true}""", "store" },
        { ProviderChatFixture.OpenAIModel, """{"n":2}""", "n" },
        { ProviderChatFixture.OpenAIModel, """{"audio":{"voice":"alloy","format":"mp3"}}""", "audio" },
        { ProviderChatFixture.OpenAIModel, """{"modalities":["text","audio"]}""", "modalities" },
        { ProviderChatFixture.OpenAIModel, """{"prediction":{"type":"content","content":"x"}}""", "prediction" },
        { ProviderChatFixture.OpenAIModel, """{"web_search_options":{}}""", "web_search_options" },
        { ProviderChatFixture.OpenAIModel, """{"functions":[]}""", "functions" },
        { ProviderChatFixture.OpenAIModel, """{"no_such_field":1}""", "no_such_field" },
        { ProviderChatFixture.OpenAIModel, """{"stop":["a","b","c","d","e"]}""", "stop" },
        { ProviderChatFixture.OpenAIModel, """{"top_p":1.5}""", "top_p" },
        { ProviderChatFixture.OpenAIModel, """{"reasoning_effort":"huge"}""", "reasoning_effort" },
        { ProviderChatFixture.OpenAIModel, """{"response_format":{"type":"yaml"}}""", "response_format" },
        { ProviderChatFixture.OpenAIModel, """{"logprobs":true,"stream":true}""", "logprobs" },
        { ProviderChatFixture.OpenAIModel, """{"stream_options":{"include_obfuscation":true}}""", "stream_options.include_obfuscation" },
        { ProviderChatFixture.OpenAIModel, """{"no_such_field":null}""", "no_such_field" },
        { ProviderChatFixture.OpenAIModel, """{"messages":[{"role":"user","content":"hi","no_such_field":1}]}""", "messages[0].no_such_field" },
        { ProviderChatFixture.OpenAIModel, """{"temperature":"warm"}""", "temperature" },
    };

    [Theory]
    [MemberData(nameof(RefusedFields))]
    public async Task AFieldTheProviderCannotHonourIsRefusedBeforeAnyModelCallAndWritesNothing(string model, string extra, string param)
    {
        using var http = f.Client();
        var session = "fields-" + Guid.NewGuid().ToString("N")[..12];
        var before = f.Chat.Llm.RequestCount;
        var (r, body) = await f.PostAsync(http, model, JsonDocument.Parse(extra).RootElement, session);
        Assert.Equal("invalid_request", await r.ExpectErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal(param, body.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains(param, body.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(before, f.Chat.Llm.RequestCount);
        Assert.Equal(0L, await f.Chat.Cluster.Database.ScalarAsSuperuserAsync<long>($"SELECT count(*) FROM sessions WHERE id = '{session}'"));
    }

    [Fact]
    public async Task ARefusalNamesTheProvider()
    {
        using var http = f.Client();
        var (r, body) = await f.PostAsync(http, ProviderChatFixture.GeminiModel, new { user = "u1" });
        await r.ExpectErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("gemini", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task NullFieldsAsSdksWriteThemAreAbsentFields()
    {
        using var http = f.Client();
        var (r, _) = await f.PostAsync(http, ProviderChatFixture.GeminiModel, JsonDocument.Parse(
            """{"user":null,"logit_bias":null,"audio":null,"n":null}""").RootElement);
        await r.ExpectJsonAsync(HttpStatusCode.OK);
    }
}
