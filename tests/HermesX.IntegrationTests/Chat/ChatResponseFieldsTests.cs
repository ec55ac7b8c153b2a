using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HermesX.FakeLlm.Scripting;
using HermesX.Testing;

namespace HermesX.IntegrationTests.Chat;

/// <summary>What a provider gives back beyond text: finish reasons, usage details, refusal, fingerprint, plain and streamed.</summary>
[Collection(ProviderChatCollection.Name)]
public sealed class ChatResponseFieldsTests(ProviderChatFixture f)
{
    private static FakeReply Filtered() => new()
    {
        Text = "partial",
        Finish = FakeFinish.ContentFilter,
        CachedInputTokens = 3,
        ReasoningTokens = 2,
    };

    [Theory]
    [MemberData(nameof(ProviderChatFixture.Models), MemberType = typeof(ProviderChatFixture))]
    public async Task ASafetyStopIsContentFilterAndUsageDetailsComeBack(string model)
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(Filtered());
        var (r, body) = await f.PostAsync(http, model, new { });
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("content_filter", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        AssertUsageDetails(model, body.GetProperty("usage"));
    }

    [Theory]
    [MemberData(nameof(ProviderChatFixture.Models), MemberType = typeof(ProviderChatFixture))]
    public async Task StreamedAnswersCarryTheSameFinishReasonAndUsageDetails(string model)
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(Filtered());
        using var r = await http.PostAsJsonAsync("/v1/chat/completions", new
        {
            model,
            messages = new[] { new { role = "user", content = "hi" } },
            stream = true,
            stream_options = new { include_usage = true },
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var chunks = (await r.Content.ReadAsStringAsync()).Split("\n")
            .Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement.Clone()).ToList();
        var finish = chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("finish_reason")).Single(c => c.ValueKind == JsonValueKind.String);
        Assert.Equal("content_filter", finish.GetString());
        AssertUsageDetails(model, chunks.Last(c => c.TryGetProperty("usage", out _)).GetProperty("usage"));
    }

    [Fact]
    public async Task AnOpenAIRefusalAndFingerprintComeBack()
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(new FakeReply { Text = "", Refusal = "I can't help with that." });
        var (r, body) = await f.PostAsync(http, ProviderChatFixture.OpenAIModel, new { });
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("I can't help with that.", body.GetProperty("choices")[0].GetProperty("message").GetProperty("refusal").GetString());
        Assert.Equal("fp_hermesx_fake", body.GetProperty("system_fingerprint").GetString());
    }

    [Theory]
    [InlineData(ProviderChatFixture.AnthropicModel)]
    [InlineData(ProviderChatFixture.GeminiModel)]
    public async Task ALengthStopIsLength(string model)
    {
        using var http = f.Client();
        f.Chat.Llm.Enqueue(new FakeReply { Text = "cut", Finish = FakeFinish.Length });
        var (r, body) = await f.PostAsync(http, model, new { });
        await r.ExpectJsonAsync(HttpStatusCode.OK);
        Assert.Equal("length", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    /// <summary>Cached input comes back from all three; Anthropic does not count thinking tokens apart.</summary>
    private static void AssertUsageDetails(string model, JsonElement usage)
    {
        Assert.Equal(3, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        if (model != ProviderChatFixture.AnthropicModel)
        {
            Assert.Equal(2, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        }
    }
}
