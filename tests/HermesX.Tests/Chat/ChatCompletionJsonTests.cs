using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Tests.Chat;

/// <summary>The non-streamed answer as its record serializes: field for field what the OpenAI SDKs read.</summary>
public sealed class ChatCompletionJsonTests
{
    private static string Json(TurnResult r) => JsonSerializer.Serialize(ChatCompletion.From(r, "chatcmpl-1", 5, "s1"), ChatJson.Default.ChatCompletion);

    /// <summary>Expected JSON written over several lines, joined without the line breaks and indents.</summary>
    private static string Lines(string text) => string.Concat(text.Split('\n').Select(l => l.Trim()));

    [Fact]
    public void AnAnswerOfOnlyToolCallsHasNullContentAndTheUsageDetailsTheProviderGave()
    {
        var r = new TurnResult("", [new ToolCall("c1", "f", "{}")], "tool_calls", new TokenUsage(3, 4, 1, 2), "m");

        Assert.Equal(Lines("""
            {"id":"chatcmpl-1","object":"chat.completion","created":5,"model":"m","system_fingerprint":"hermesx",
            "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,
            "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],
            "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7,"prompt_tokens_details":{"cached_tokens":1},"completion_tokens_details":{"reasoning_tokens":2}},
            "session_id":"s1"}
            """), Json(r));
    }

    [Fact]
    public void ATextAnswerCarriesItsRefusalLogprobsAndTheProvidersFingerprint()
    {
        var r = new TurnResult("hi", [], "stop", new TokenUsage(1, 2), "m", SystemFingerprint: "fp_1", Refusal: "no",
            LogprobsJson: """{"content":[{"token":"hi","logprob":-0.5,"bytes":null,"top_logprobs":[]}],"refusal":null}""");

        Assert.Equal(Lines("""
            {"id":"chatcmpl-1","object":"chat.completion","created":5,"model":"m","system_fingerprint":"fp_1",
            "choices":[{"index":0,"message":{"role":"assistant","content":"hi","refusal":"no"},
            "logprobs":{"content":[{"token":"hi","logprob":-0.5,"bytes":null,"top_logprobs":[]}],"refusal":null},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3},"session_id":"s1"}
            """), Json(r));
    }
}
