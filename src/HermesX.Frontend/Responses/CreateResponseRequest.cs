using System.Text.Json;

namespace HermesX.Frontend.Responses;

/// <summary>
/// The POST /v1/responses body, bound by <see cref="ResponsesJson"/>: any member not declared here
/// is refused by the serializer itself, and <see cref="ResponsesRequestValidator"/> turns what is
/// declared into a turn. A null member counts as absent.
/// </summary>
public sealed record CreateResponseRequest
{
    public string? Model { get; init; }

    public ResponsesContent? Input { get; init; }

    public string? Instructions { get; init; }

    public IReadOnlyList<ResponsesToolItem?>? Tools { get; init; }

    public ResponsesToolChoice? ToolChoice { get; init; }

    public int? MaxOutputTokens { get; init; }

    public double? Temperature { get; init; }

    public string? PreviousResponseId { get; init; }

    public bool? Store { get; init; }

    public bool? Stream { get; init; }

    public bool? Background { get; init; }

    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    public string? User { get; init; }

    public bool? ParallelToolCalls { get; init; }

    // Taken only with the value HermesX always has (ResponsesRequestValidator.Defaults).
    public string? Truncation { get; init; }

    public ResponsesTextOptions? Text { get; init; }

    public IReadOnlyList<string?>? Include { get; init; }

    public double? TopP { get; init; }
}

/// <summary><c>text</c>: only the plain text format, which is declared as JSON to be refused whole otherwise.</summary>
public sealed record ResponsesTextOptions(JsonElement? Format);

/// <summary>A function tool; Responses tools name their function at the top level.</summary>
public sealed record ResponsesTool(string? Type, string? Name, string? Description, JsonElement? Parameters, bool? Strict);

/// <summary>
/// An <c>mcp</c> tool: a remote MCP server HermesX connects to for this turn only (<see cref="ResponsesMcpTools"/>).
/// <c>allowed_tools</c> is an array of names or <c>{"tool_names":[…]}</c>; <c>require_approval</c> "never" or
/// <c>{"never":{"tool_names":[…]}}</c>, so both are read as JSON and checked there.
/// </summary>
public sealed record ResponsesMcpTool(
    string? Type, string? ServerLabel, string? ServerUrl, JsonElement? AllowedTools, JsonElement? RequireApproval,
    IReadOnlyDictionary<string, string?>? Headers);

/// <summary><c>{"type":"function","name":...}</c>: the one tool the model must call.</summary>
public sealed record ResponsesNamedToolChoice(string? Type, string? Name);

// Input items. An output item a client sends back (as the SDKs do with a conversation's history) carries
// its id and status; they name the item HermesX wrote, and the turn needs only its content.

/// <summary>A message item (its <c>type</c> may be left out when it has a role).</summary>
public sealed record ResponsesMessageItem(string? Type, string? Id, string? Role, ResponsesContent? Content, string? Status);

/// <summary>A function call an earlier answer made, echoed back.</summary>
public sealed record ResponsesFunctionCallItem(string? Type, string? Id, string? CallId, string? Name, string? Arguments, string? Status);

/// <summary>The caller's result of a function call.</summary>
public sealed record ResponsesFunctionOutputItem(string? Type, string? Id, string? CallId, ResponsesContent? Output, string? Status);

/// <summary>A person's decision on an <c>mcp_approval_request</c> output item of the response this one continues.</summary>
public sealed record ResponsesApprovalResponseItem(string? Type, string? Id, string? ApprovalRequestId, bool? Approve, string? Reason);

/// <summary>A stored output item named by its id instead of repeated.</summary>
public sealed record ResponsesItemReference(string? Type, string? Id);

/// <summary>An input_text or output_text part; an output_text echoed back carries its (empty) annotations and logprobs.</summary>
public sealed record ResponsesTextPart(string? Type, string? Text, JsonElement? Annotations, JsonElement? Logprobs);
