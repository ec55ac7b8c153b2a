using HermesX.FakeLlm.Scripting;

namespace HermesX.FakeLlm.Conversation;

internal sealed record PlannedToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>A reply resolved for one request: what every protocol writer renders.</summary>
internal sealed class PlannedReply
{
    public string Text { get; init; } = "";

    public IReadOnlyList<string> Chunks { get; init; } = [];

    public IReadOnlyList<PlannedToolCall> ToolCalls { get; init; } = [];

    public FakeFinish Finish { get; init; }

    public int InputTokens { get; init; }

    public int OutputTokens { get; init; }

    public int DelayMs { get; init; }

    public int ChunkDelayMs { get; init; }

    public int? FailAfterChunks { get; init; }

    public Task? FailWhen { get; init; }

    public string? Refusal { get; init; }

    public int? CachedInputTokens { get; init; }

    public int? ReasoningTokens { get; init; }

    public int? ErrorStatus { get; init; }

    public string ErrorMessage { get; init; } = "";
}
