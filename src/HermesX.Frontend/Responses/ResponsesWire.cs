using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Grains.Abstractions.Approvals;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>
/// The OpenAI Responses <c>response</c> object, written by <see cref="ResponsesJson"/>: the fields a
/// request set are echoed as it gave them (null when it left them out); <see cref="SessionId"/> is
/// HermesX's own, the session the response continues.
/// </summary>
public sealed record ResponseObject(
    string Id, string Object, long CreatedAt, string Status, ResponseError? Error, ResponseIncompleteDetails? IncompleteDetails,
    JsonElement? Instructions, JsonElement? MaxOutputTokens, string Model, IReadOnlyList<ResponseOutputItem> Output,
    JsonElement? ParallelToolCalls, JsonElement? PreviousResponseId, ResponseReasoning Reasoning, JsonElement? Store,
    JsonElement? Temperature, ResponseTextConfig Text, JsonElement? ToolChoice, JsonElement? Tools, JsonElement? TopP,
    string Truncation, ResponseUsage? Usage, JsonElement? User, JsonElement? Metadata, string SessionId, JsonElement? Background);

public sealed record ResponseError(string Code, string Message);

public sealed record ResponseIncompleteDetails(string Reason);

public sealed record ResponseReasoning(string? Effort, string? Summary)
{
    public static ResponseReasoning None { get; } = new(null, null);
}

public sealed record ResponseTextConfig(ResponseTextFormat Format)
{
    public static ResponseTextConfig PlainText { get; } = new(new ResponseTextFormat("text"));
}

public sealed record ResponseTextFormat(string Type);

/// <summary>An item of the response's output: the assistant's message, a client tool it calls, what it did with a request's MCP server, or a tool call waiting for approval.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ResponseOutputMessage), "message")]
[JsonDerivedType(typeof(ResponseFunctionCall), "function_call")]
[JsonDerivedType(typeof(ResponseMcpListTools), "mcp_list_tools")]
[JsonDerivedType(typeof(ResponseMcpCall), "mcp_call")]
[JsonDerivedType(typeof(ResponseApprovalRequest), "mcp_approval_request")]
public abstract record ResponseOutputItem;

/// <summary>
/// OpenAI's approval request item: <see cref="Id"/> is what an <c>mcp_approval_response</c> names; <see cref="ServerLabel"/> is
/// <c>hermes</c> for HermesX's tools. <see cref="ExpiresAt"/> (HermesX's own) is when it is denied unless decided.
/// </summary>
public sealed record ResponseApprovalRequest(string Id, string ServerLabel, string Name, string Arguments, long ExpiresAt) : ResponseOutputItem;

public sealed record ResponseOutputMessage(string Id, string Status, string Role, IReadOnlyList<ResponseOutputText> Content) : ResponseOutputItem;

public sealed record ResponseFunctionCall(string Id, string Status, string CallId, string Name, string Arguments) : ResponseOutputItem;

/// <summary>An <c>output_text</c> part; HermesX adds no annotations and keeps no log probabilities.</summary>
public sealed record ResponseOutputText(string Type, string Text, IReadOnlyList<JsonElement> Annotations, IReadOnlyList<JsonElement> Logprobs);

public sealed record ResponseUsage(long InputTokens, ResponseInputTokensDetails InputTokensDetails, long OutputTokens,
    ResponseOutputTokensDetails OutputTokensDetails, long TotalTokens)
{
    public static ResponseUsage From(TokenUsage u) =>
        new(u.InputTokens, new ResponseInputTokensDetails(u.CachedInputTokens ?? 0), u.OutputTokens,
            new ResponseOutputTokensDetails(u.ReasoningTokens ?? 0), u.TotalTokens);
}

public sealed record ResponseInputTokensDetails(long CachedTokens);

public sealed record ResponseOutputTokensDetails(long ReasoningTokens);

/// <summary>The answer to deleting a stored response.</summary>
public sealed record ResponseDeleted(string Id, string Object, bool Deleted);

/// <summary>
/// Writes the OpenAI Responses API objects: the response (for POST, GET and the stream's lifecycle
/// events) and its output items. Item ids derive from the response id, so every rendering agrees.
/// </summary>
public sealed class ResponsesWire
{
    private readonly string _id;
    private readonly string _sessionId;
    private readonly string _model;
    private readonly JsonElement _echo;
    private readonly long _createdAt;

    public ResponsesWire(string id, string sessionId, string model, string echoJson, DateTimeOffset createdAt)
    {
        _id = id;
        _sessionId = sessionId;
        _model = model;
        using var doc = JsonDocument.Parse(echoJson);
        _echo = doc.RootElement.Clone();
        _createdAt = createdAt.ToUnixTimeSeconds();
    }

    public static ResponsesWire For(StoredResponse stored) =>
        new(stored.Id, stored.SessionId, stored.Result.Model, stored.RequestJson, stored.CreatedAt);

    public string MessageId => ResponseId.MessageItem(_id);

    public string CallItemId(int index) => ResponseId.CallItem(_id, index);

    /// <summary>The output items of a finished turn: its MCP listings and calls, its text (when there is any or nothing else), then its client tool calls, then its approval requests.</summary>
    public static bool HasMessage(TurnResult r) => r.Content.Length > 0 || r.ToolCalls.Count == 0 && !r.RequiresApproval;

    /// <summary>
    /// The response: in progress (no result yet), completed, requires_action (tool calls wait for approval), incomplete (the output limit), or failed; a background
    /// run without a result says where it stands in <paramref name="status"/> (queued, in_progress, cancelled).
    /// </summary>
    public ResponseObject Response(TurnResult? r, (string Code, string Message)? error = null, string? status = null)
    {
        var incomplete = r is { FinishReason: "length" };
        var output = new List<ResponseOutputItem>();
        if (r is not null)
        {
            output.AddRange((r.McpItems ?? []).Select(item => ResponsesMcpWire.Item(item)));
            if (HasMessage(r))
            {
                output.Add(MessageItem(r.Content, "completed"));
            }
            for (var i = 0; i < r.ToolCalls.Count; i++)
            {
                output.Add(CallItem(i, r.ToolCalls[i], r.ToolCalls[i].ArgumentsJson, "completed"));
            }
            output.AddRange((r.Approvals ?? []).Select(ApprovalItem));
        }
        return new ResponseObject(
            _id, "response", _createdAt,
            error is not null ? "failed" : status ?? (r is null ? "in_progress" : r.RequiresApproval ? TurnResult.RequiresAction : incomplete ? "incomplete" : "completed"),
            error is { } e ? new ResponseError(e.Code, e.Message) : null,
            incomplete ? new ResponseIncompleteDetails("max_output_tokens") : null,
            Echo("instructions"), Echo("max_output_tokens"), r?.Model ?? _model, output,
            Echo("parallel_tool_calls"), Echo("previous_response_id"), ResponseReasoning.None,
            Echo("store"), Echo("temperature"), ResponseTextConfig.PlainText,
            Echo("tool_choice"), Echo("tools"), Echo("top_p"), "disabled",
            r is null || error is not null ? null : ResponseUsage.From(r.Usage),
            Echo("user"), Echo("metadata"), _sessionId, Echo("background"));
    }

    public ResponseOutputMessage MessageItem(string? text, string status) =>
        new(MessageId, status, "assistant", text is null ? [] : [TextPart(text)]);

    public static ResponseOutputText TextPart(string text) => new("output_text", text, [], []);

    public static ResponseApprovalRequest ApprovalItem(ApprovalRequest a) =>
        new(a.Id, a.ServerLabel, a.Name, a.ArgumentsJson, a.Deadline.ToUnixTimeSeconds());

    public ResponseFunctionCall CallItem(int index, ToolCall call, string arguments, string status) =>
        new(CallItemId(index), status, call.Id, call.Name, arguments);

    /// <summary>The request's own value of a field the response repeats; null when the request left it out.</summary>
    private JsonElement? Echo(string name) => _echo.TryGetProperty(name, out var v) ? v : null;

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
