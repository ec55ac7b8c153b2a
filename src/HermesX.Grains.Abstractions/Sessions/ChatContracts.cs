namespace HermesX.Grains.Abstractions.Sessions;

/// <summary>A tool call made by the model: id (the idempotency id of its receipt), function name, JSON arguments.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ToolCall")]
public sealed record ToolCall([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] string ArgumentsJson);

/// <summary>One message of a conversation in the OpenAI roles: system, user, assistant, tool.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ChatMessage")]
public sealed record SessionMessage(
    [property: Id(0)] string Role,
    [property: Id(1)] string Content,
    [property: Id(2)] IReadOnlyList<ToolCall>? ToolCalls = null,
    [property: Id(3)] string? ToolCallId = null,
    [property: Id(4)] string? Name = null);

/// <summary>A tool the caller declared: the agent may ask for it, and the caller runs it.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ClientTool")]
public sealed record ClientTool([property: Id(0)] string Name, [property: Id(1)] string? Description, [property: Id(2)] string ParametersJson);

/// <summary>One turn as the frontend hands it to the session.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnRequest")]
public sealed record TurnRequest(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Model,
    [property: Id(2)] IReadOnlyList<SessionMessage> Messages,
    [property: Id(3)] IReadOnlyList<ClientTool> ClientTools,
    [property: Id(4)] string? ToolChoice,
    [property: Id(5)] int? MaxTokens,
    [property: Id(6)] double? Temperature,
    [property: Id(7)] string? TraceParent,
    [property: Id(8)] bool CallerIsTenantAdmin = false,
    [property: Id(40)] string? IdempotencyKey = null)
{
    /// <summary>Set when the turn answers a Responses API request: the session keeps the response with the turn.</summary>
    [Id(20)] public ResponseTurn? Response { get; init; }
}

[GenerateSerializer, Immutable, Alias("hermesx.TokenUsage")]
public sealed record TokenUsage([property: Id(0)] long InputTokens, [property: Id(1)] long OutputTokens)
{
    public long TotalTokens => InputTokens + OutputTokens;

    public static TokenUsage Zero { get; } = new(0, 0);

    public TokenUsage Add(TokenUsage other) => new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens);
}

/// <summary>The answer of a turn: assistant text and/or client tool calls, why it stopped, tokens over every model call.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnResult")]
public sealed record TurnResult(
    [property: Id(0)] string Content,
    [property: Id(1)] IReadOnlyList<ToolCall> ToolCalls,
    [property: Id(2)] string FinishReason,
    [property: Id(3)] TokenUsage Usage,
    [property: Id(4)] string Model,
    [property: Id(5)] bool Replayed = false);

/// <summary>Kinds of <see cref="TurnEvent"/> a streamed turn yields.</summary>
public static class TurnEventKinds
{
    public const string Delta = "delta";
    public const string ToolStarted = "tool_started";
    public const string ToolFinished = "tool_finished";
    public const string Completed = "completed";

    /// <summary>Status of the first event of a turn answered from what a committed turn with the same idempotency key stored.</summary>
    public const string ReplayedStatus = "replayed";
}

/// <summary>One step of a streamed turn: a text delta, a server tool starting or finishing, or the final result.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnEvent")]
public sealed record TurnEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? Text = null,
    [property: Id(2)] string? ToolName = null,
    [property: Id(3)] string? ToolCallId = null,
    [property: Id(4)] string? Status = null,
    [property: Id(5)] TurnResult? Result = null);

/// <summary>Why a turn could not run; the frontend maps each to an HTTP status.</summary>
[GenerateSerializer, Alias("hermesx.TurnRejectedException")]
public sealed class TurnRejectedException : Exception
{
    public TurnRejectedException(string code, string message, int status, string? param = null, int? retryAfterSeconds = null) : base(message)
    {
        Code = code;
        Status = status;
        Param = param;
        RetryAfterSeconds = retryAfterSeconds;
    }

    [Id(0)] public string Code { get; }
    [Id(1)] public int Status { get; }
    [Id(2)] public string? Param { get; }
    [Id(3)] public int? RetryAfterSeconds { get; }
}

/// <summary>A conversation as created through the sessions API.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.SessionCreated")]
public sealed record SessionCreated(
    [property: Id(0)] string Id,
    [property: Id(1)] string UserId,
    [property: Id(2)] string? Title,
    [property: Id(3)] string? Model,
    [property: Id(4)] DateTimeOffset CreatedAt);
