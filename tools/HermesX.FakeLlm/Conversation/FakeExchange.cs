namespace HermesX.FakeLlm.Conversation;

/// <summary>A tool result found at the end of a conversation.</summary>
internal sealed record ToolResult(string Name, string Content);

/// <summary>
/// The provider-neutral gist of a request: only what the fake needs to pick and size its answer.
/// </summary>
internal sealed class FakeExchange
{
    public required string Model { get; init; }

    public bool Stream { get; init; }

    public bool IncludeUsage { get; init; }

    public int? MaxTokens { get; init; }

    /// <summary>OpenAI only: token log probabilities were asked for, with this many alternatives each.</summary>
    public bool Logprobs { get; init; }

    public int TopLogprobs { get; init; }

    /// <summary>Characters of prompt text (system, messages, tool results), for token counting.</summary>
    public int PromptChars { get; init; }

    /// <summary>Text of the last message when it is a user message.</summary>
    public string? LastUserText { get; init; }

    /// <summary>Tool results when the last message carries them.</summary>
    public IReadOnlyList<ToolResult> LastToolResults { get; init; } = [];
}
