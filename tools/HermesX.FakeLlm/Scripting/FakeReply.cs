namespace HermesX.FakeLlm.Scripting;

/// <summary>How a scripted reply ends when it is not an error.</summary>
public enum FakeFinish
{
    Stop,
    Length,
    ToolCalls,

    /// <summary>The provider's safety stop (OpenAI content_filter, Anthropic refusal, Gemini SAFETY).</summary>
    ContentFilter,
}

/// <summary>One tool call the fake answers with; <see cref="ArgumentsJson"/> is a JSON object.</summary>
public sealed record FakeToolCall(string Name, string ArgumentsJson = "{}", string? Id = null);

/// <summary>
/// One scripted answer. Each provider endpoint takes the next one from the server's queue and renders
/// it in its own wire format; with an empty queue the fake answers by its default convention.
/// </summary>
public sealed record FakeReply
{
    public string? Text { get; init; }

    /// <summary>Streamed text pieces; when set, the reply's text is their concatenation.</summary>
    public IReadOnlyList<string>? Chunks { get; init; }

    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>When set, the fake answers with this HTTP status and the provider's error body.</summary>
    public int? ErrorStatus { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Wait before answering (on top of the server-wide latency).</summary>
    public int DelayMs { get; init; }

    /// <summary>Wait between streamed frames.</summary>
    public int ChunkDelayMs { get; init; }

    /// <summary>Overrides the finish reason the fake would pick.</summary>
    public FakeFinish? Finish { get; init; }

    /// <summary>OpenAI only: the message's refusal text.</summary>
    public string? Refusal { get; init; }

    /// <summary>Input tokens the provider reports as read from its prompt cache.</summary>
    public int? CachedInputTokens { get; init; }

    /// <summary>Output tokens the provider reports as spent thinking.</summary>
    public int? ReasoningTokens { get; init; }

    /// <summary>Streaming only: drop the connection after this many text frames.</summary>
    public int? FailAfterChunks { get; init; }

    /// <summary>
    /// With <see cref="FailAfterChunks"/>, in-process only: the connection is dropped once this task
    /// completes, so a test can first see the output arrive. Without it the fake waits briefly instead.
    /// </summary>
    public Task? FailWhen { get; init; }

    public static FakeReply WithText(string text) => new() { Text = text };

    public static FakeReply WithChunks(params string[] chunks) => new() { Chunks = chunks };

    public static FakeReply WithToolCall(string name, string argumentsJson = "{}") =>
        new() { ToolCalls = [new FakeToolCall(name, argumentsJson)] };

    public static FakeReply WithToolCalls(params FakeToolCall[] calls) => new() { ToolCalls = calls };

    public static FakeReply WithError(int status, string? message = null) =>
        new() { ErrorStatus = status, ErrorMessage = message };

    internal string FullText => Chunks is { Count: > 0 } ? string.Concat(Chunks) : Text ?? "";
}
