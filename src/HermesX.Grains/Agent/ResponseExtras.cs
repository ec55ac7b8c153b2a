using HermesX.Grains.Llm.OpenAi;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Agent;

/// <summary>
/// What a provider's answer says beyond text, tool calls and usage, for the Chat Completions response:
/// system fingerprint, refusal and token log probabilities. MEAI has no place for them, so the OpenAI
/// client keeps them as the answer's raw representation (the other providers give none).
/// </summary>
public sealed record ResponseExtras(string? SystemFingerprint, string? Refusal, string? LogprobsJson)
{
    public static ResponseExtras From(ChatResponse response, IReadOnlyList<ChatResponseUpdate>? updates)
    {
        if (response.RawRepresentation is OpenAiAnswerExtras answer)
        {
            return new(NullIfEmpty(answer.SystemFingerprint), answer.Refusal, answer.LogprobsJson);
        }
        var streamed = (updates ?? []).Select(u => u.RawRepresentation).OfType<OpenAiAnswerExtras>().ToList();
        if (streamed.Count == 0)
        {
            return new(null, null, null);
        }
        return new(streamed.Select(u => u.SystemFingerprint).LastOrDefault(f => !string.IsNullOrEmpty(f)),
            NullIfEmpty(string.Concat(streamed.Select(u => u.Refusal))), null);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
