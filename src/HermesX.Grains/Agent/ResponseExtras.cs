using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAiChat = OpenAI.Chat;

namespace HermesX.Grains.Agent;

/// <summary>
/// What a provider's answer says beyond text, tool calls and usage, for the Chat Completions response:
/// system fingerprint, refusal and token log probabilities. MEAI has no place for them, so they are
/// read from the SDK's own response (OpenAI only gives them).
/// </summary>
public sealed record ResponseExtras(string? SystemFingerprint, string? Refusal, string? LogprobsJson)
{
    public static ResponseExtras From(ChatResponse response, IReadOnlyList<ChatResponseUpdate>? updates)
    {
        if (response.RawRepresentation is OpenAiChat.ChatCompletion completion)
        {
            return new(completion.SystemFingerprint, NullIfEmpty(completion.Refusal), Logprobs(completion.ContentTokenLogProbabilities));
        }
        var streamed = (updates ?? []).Select(u => u.RawRepresentation).OfType<OpenAiChat.StreamingChatCompletionUpdate>().ToList();
        if (streamed.Count == 0)
        {
            return new(null, null, null);
        }
        return new(streamed.Select(u => u.SystemFingerprint).LastOrDefault(f => !string.IsNullOrEmpty(f)),
            NullIfEmpty(string.Concat(streamed.Select(u => u.RefusalUpdate))), null);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The OpenAI <c>choices[].logprobs</c> object; null when none were asked for.</summary>
    private static string? Logprobs(IReadOnlyList<OpenAiChat.ChatTokenLogProbabilityDetails> tokens)
    {
        if (tokens.Count == 0)
        {
            return null;
        }
        var content = new JsonArray();
        foreach (var t in tokens)
        {
            var top = new JsonArray();
            foreach (var alt in t.TopLogProbabilities)
            {
                top.Add(Token(alt.Token, alt.LogProbability, alt.Utf8Bytes));
            }
            var token = Token(t.Token, t.LogProbability, t.Utf8Bytes);
            token["top_logprobs"] = top;
            content.Add(token);
        }
        return new JsonObject { ["content"] = content, ["refusal"] = null }.ToJsonString();
    }

    private static JsonObject Token(string token, float logprob, ReadOnlyMemory<byte>? bytes) => new()
    {
        ["token"] = token,
        ["logprob"] = logprob,
        ["bytes"] = bytes is { } b ? new JsonArray([.. b.ToArray().Select(x => JsonValue.Create((int)x))]) : null,
    };
}
