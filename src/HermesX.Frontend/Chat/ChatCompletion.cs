using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

/// <summary>
/// The OpenAI <c>chat.completion</c> object a non-streamed turn answers, in the field order the
/// SDKs' own types have. <see cref="SystemFingerprint"/> is the provider's when it gave one, else
/// HermesX's; <see cref="SessionId"/> is HermesX's own, the session to continue.
/// </summary>
public sealed record ChatCompletion(string Id, string Object, long Created, string Model, string SystemFingerprint,
    IReadOnlyList<ChatChoice> Choices, ChatUsage Usage, string SessionId)
{
    public static ChatCompletion From(TurnResult r, string id, long created, string sessionId) =>
        new(id, "chat.completion", created, r.Model, r.SystemFingerprint ?? ChatWire.Fingerprint,
            [new ChatChoice(0, ChatAnswer.From(r), r.LogprobsJson is { } logprobs ? JsonElement.Parse(logprobs) : null, r.FinishReason)],
            ChatUsage.From(r.Usage), sessionId);
}

/// <summary>The one choice of a turn; <see cref="Logprobs"/> is null unless the request asked for them.</summary>
public sealed record ChatChoice(int Index, ChatAnswer Message, JsonElement? Logprobs, string FinishReason);

/// <summary>
/// The assistant's message. <see cref="Content"/> is null when the answer is only tool calls, and
/// <see cref="Refusal"/> is always written (null unless the model refused), as OpenAI does.
/// </summary>
public sealed record ChatAnswer(string Role, string? Content, string? Refusal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChatToolCall>? ToolCalls)
{
    public static ChatAnswer From(TurnResult r) => new("assistant",
        r.ToolCalls.Count > 0 && r.Content.Length == 0 ? null : r.Content,
        r.Refusal,
        r.ToolCalls.Count > 0 ? [.. r.ToolCalls.Select(c => new ChatToolCall(c.Id, "function", new ChatFunctionCall(c.Name, c.ArgumentsJson)))] : null);
}

/// <summary>Token counts; the details objects appear only when the provider reported them.</summary>
public sealed record ChatUsage(long PromptTokens, long CompletionTokens, long TotalTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChatPromptTokensDetails? PromptTokensDetails,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChatCompletionTokensDetails? CompletionTokensDetails)
{
    public static ChatUsage From(TokenUsage u) => new(u.InputTokens, u.OutputTokens, u.TotalTokens,
        u.CachedInputTokens is { } cached ? new ChatPromptTokensDetails(cached) : null,
        u.ReasoningTokens is { } reasoning ? new ChatCompletionTokensDetails(reasoning) : null);
}

public sealed record ChatPromptTokensDetails(long CachedTokens);

public sealed record ChatCompletionTokensDetails(long ReasoningTokens);
