using HermesX.Grains.Abstractions.Approvals;

namespace HermesX.Grains.Abstractions.Sessions;

/// <summary>A tool call made by the model: id (the idempotency id of its receipt), function name, JSON arguments.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.ToolCall")]
public sealed record ToolCall([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] string ArgumentsJson);

/// <summary>
/// One message of a conversation in the OpenAI roles: system, user, assistant, tool. A user message
/// with images, audio or files keeps every part, in order, in <see cref="Parts"/>; <see cref="Content"/>
/// is then the text of its text parts (what titles and search read).
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.ChatMessage")]
public sealed record SessionMessage(
    [property: Id(0)] string Role,
    [property: Id(1)] string Content,
    [property: Id(2)] IReadOnlyList<ToolCall>? ToolCalls = null,
    [property: Id(3)] string? ToolCallId = null,
    [property: Id(4)] string? Name = null,
    [property: Id(9)] IReadOnlyList<ContentPart>? Parts = null);

/// <summary>Kinds of <see cref="ContentPart"/>.</summary>
public static class ContentPartTypes
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Audio = "audio";
    public const string File = "file";
}

/// <summary>
/// One part of a user message: text, an image (an http(s) <see cref="Url"/> or inline <see cref="Data"/>),
/// audio or a file (inline base64 <see cref="Data"/> of <see cref="MediaType"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.ContentPart")]
public sealed record ContentPart(
    [property: Id(0)] string Type,
    [property: Id(1)] string? Text = null,
    [property: Id(2)] string? Url = null,
    [property: Id(3)] string? MediaType = null,
    [property: Id(4)] string? Data = null,
    [property: Id(5)] string? FileName = null);

/// <summary>
/// A tool the caller declared: the agent may ask for it, and the caller runs it. <see cref="Strict"/>: the
/// model's arguments must match <see cref="ParametersJson"/> (the provider's strict mode, or HermesX checks them).
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.ClientTool")]
public sealed record ClientTool(
    [property: Id(0)] string Name, [property: Id(1)] string? Description, [property: Id(2)] string ParametersJson, [property: Id(3)] bool Strict = false);

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
    [property: Id(40)] string? IdempotencyKey = null,
    [property: Id(9)] TurnOptions? Options = null)
{
    /// <summary>
    /// The request's audit row with its status and latency so far; the session writes it, as
    /// answered, in the commit of the turn's messages, and says so in <see cref="TurnResult.Audited"/>.
    /// </summary>
    [Id(21)] public TurnAudit? Audit { get; init; }

    /// <summary>
    /// The frontend minted the session id for this turn (a request without one): no row can exist
    /// yet, so the session does not look for one.
    /// </summary>
    [Id(22)] public bool NewSessionId { get; init; }

    /// <summary>Set when the turn answers a Responses API request: the session keeps the response with the turn.</summary>
    [Id(20)] public ResponseTurn? Response { get; init; }

    // Ids 41-44 held the calling key's id, allow-list and budgets one by one, before Key carried them together.

    /// <summary>
    /// The calling API key (null for other credentials): the session refuses a model its allow-list leaves out, as it
    /// does one the tenant's own list leaves out; its budgets apply to every model call; its id is on the usage rows.
    /// </summary>
    [Id(45)] public Auth.KeyLimits? Key { get; init; }

    /// <summary>
    /// The request's own MCP servers (Responses API <c>mcp</c> tools), connected for this turn only: their tools are offered
    /// as <c>{server_label}__{tool}</c> and what the turn did with them comes back in <see cref="TurnResult.McpItems"/>.
    /// </summary>
    [Id(46)] public IReadOnlyList<Mcp.McpRequestServer>? McpServers { get; init; }

    /// <summary>
    /// The caller's decisions on the tool calls its session's last answer left waiting for approval (Responses:
    /// <c>mcp_approval_response</c> items). The session checks each names a pending request of its own.
    /// </summary>
    [Id(47)] public IReadOnlyList<ApprovalDecision>? Approvals { get; init; }

    /// <summary>The end user each model call of the turn is budgeted for and billed to (<see cref="Spend.SpendBudgets.EndUser"/>).</summary>
    public string EndUserId => Spend.SpendBudgets.EndUser(UserId, Key?.Id, Options?.EndUser);
}

/// <summary>
/// The Chat Completions settings of a turn beyond temperature and max tokens, as the caller gave them.
/// The frontend has already refused those the model's provider cannot honour.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnOptions")]
public sealed record TurnOptions
{
    [Id(0)] public IReadOnlyList<string>? Stop { get; init; }
    [Id(1)] public double? TopP { get; init; }
    [Id(2)] public long? Seed { get; init; }
    [Id(3)] public double? PresencePenalty { get; init; }
    [Id(4)] public double? FrequencyPenalty { get; init; }

    /// <summary>"json_object" or "json_schema"; null is plain text.</summary>
    [Id(5)] public string? ResponseFormat { get; init; }
    [Id(6)] public string? JsonSchemaName { get; init; }
    [Id(7)] public string? JsonSchemaDescription { get; init; }
    [Id(8)] public string? JsonSchema { get; init; }
    /// <summary>The answer must match <see cref="JsonSchema"/> (the provider's strict mode, or HermesX checks it).</summary>
    [Id(9)] public bool? JsonSchemaStrict { get; init; }
    [Id(10)] public bool? ParallelToolCalls { get; init; }

    /// <summary>none, minimal, low, medium, high, xhigh.</summary>
    [Id(11)] public string? ReasoningEffort { get; init; }
    [Id(12)] public IReadOnlyDictionary<int, int>? LogitBias { get; init; }
    [Id(13)] public bool Logprobs { get; init; }
    [Id(14)] public int? TopLogprobs { get; init; }

    /// <summary>The caller's end-user id (OpenAI <c>user</c>), passed on for the provider's abuse monitoring.</summary>
    [Id(15)] public string? EndUser { get; init; }
    [Id(16)] public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    [Id(17)] public bool? Store { get; init; }
}

/// <summary>Tokens of a call or a turn; cached input and reasoning output are parts of the two totals, where the provider tells them.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.TokenUsage")]
public sealed record TokenUsage(
    [property: Id(0)] long InputTokens,
    [property: Id(1)] long OutputTokens,
    [property: Id(2)] long? CachedInputTokens = null,
    [property: Id(3)] long? ReasoningTokens = null)
{
    public long TotalTokens => InputTokens + OutputTokens;

    public static TokenUsage Zero { get; } = new(0, 0);

    public TokenUsage Add(TokenUsage other) => new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens,
        Sum(CachedInputTokens, other.CachedInputTokens), Sum(ReasoningTokens, other.ReasoningTokens));

    private static long? Sum(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}

/// <summary>
/// The answer of a turn: assistant text and/or client tool calls, why it stopped, tokens over every model call,
/// the deployment (endpoint host:port and upstream model) whose call gave the answer, and what it did with the
/// request's own MCP servers, in order.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnResult")]
public sealed record TurnResult(
    [property: Id(0)] string Content,
    [property: Id(1)] IReadOnlyList<ToolCall> ToolCalls,
    [property: Id(2)] string FinishReason,
    [property: Id(3)] TokenUsage Usage,
    [property: Id(4)] string Model,
    [property: Id(5)] bool Replayed = false,
    [property: Id(6)] string? SystemFingerprint = null,
    [property: Id(7)] string? Refusal = null,
    [property: Id(8)] string? LogprobsJson = null,
    [property: Id(9)] bool Audited = false,
    [property: Id(10)] string? Deployment = null,
    [property: Id(11)] IReadOnlyList<McpItem>? McpItems = null,
    [property: Id(12)] IReadOnlyList<ApprovalRequest>? Approvals = null)
{
    /// <summary>The finish reason of a turn that stopped before running tool calls that need a person's approval.</summary>
    public const string RequiresAction = "requires_action";

    /// <summary>Whether the turn stopped waiting for approval of <see cref="Approvals"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool RequiresApproval => Approvals is { Count: > 0 };
}

/// <summary>Kinds of <see cref="TurnEvent"/> a streamed turn yields.</summary>
public static class TurnEventKinds
{
    public const string Delta = "delta";
    public const string ToolStarted = "tool_started";
    public const string ToolFinished = "tool_finished";
    public const string Completed = "completed";

    /// <summary>The turn listed a request's MCP server's tools or called one (<see cref="TurnEvent.Mcp"/>).</summary>
    public const string McpItem = "mcp_item";
    public const string Error = "error";

    /// <summary>
    /// A background run was taken up again after its silo died: the model call that was streaming then
    /// is made again, so its partial text ends here (its stream item closes as incomplete).
    /// </summary>
    public const string Interrupted = "interrupted";

    /// <summary>A background run was cancelled: the last event of its stream.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Status of the first event of a turn answered from what a committed turn with the same idempotency key stored.</summary>
    public const string ReplayedStatus = "replayed";
}

/// <summary>
/// One step of a streamed turn: a text delta, a server tool starting or finishing, the final result,
/// or the <see cref="TurnError"/> that ends it (before any output: the turn did not run). The first event the
/// model's output produced names the deployment that served it, so a streamed answer can say so in its headers.
/// </summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnEvent")]
public sealed record TurnEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? Text = null,
    [property: Id(2)] string? ToolName = null,
    [property: Id(3)] string? ToolCallId = null,
    [property: Id(4)] string? Status = null,
    [property: Id(5)] TurnResult? Result = null,
    [property: Id(6)] TurnError? Error = null,
    [property: Id(7)] string? Deployment = null,
    [property: Id(8)] McpItem? Mcp = null);

/// <summary>What a non-streamed turn answers: its result, or the error that stopped it.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.TurnOutcome")]
public sealed record TurnOutcome([property: Id(0)] TurnResult? Result, [property: Id(1)] TurnError? Error = null)
{
    public static implicit operator TurnOutcome(TurnResult result) => new(result);

    public static implicit operator TurnOutcome(TurnError error) => new(null, error);
}

/// <summary>What creating a conversation did: created it, found it existing (both null), or refused it.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.SessionCreation")]
public sealed record SessionCreation([property: Id(0)] SessionCreated? Created, [property: Id(1)] TurnError? Error = null);

/// <summary>A conversation as created through the sessions API.</summary>
[GenerateSerializer, Immutable, Alias("hermesx.SessionCreated")]
public sealed record SessionCreated(
    [property: Id(0)] string Id,
    [property: Id(1)] string UserId,
    [property: Id(2)] string? Title,
    [property: Id(3)] string? Model,
    [property: Id(4)] DateTimeOffset CreatedAt);
