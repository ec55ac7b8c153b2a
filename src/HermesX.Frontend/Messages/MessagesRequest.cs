using System.Text.Json;

namespace HermesX.Frontend.Messages;

/// <summary>
/// The Anthropic Messages body, bound by <see cref="MessagesJson"/>: any member not declared here is
/// refused by the serializer itself, and <see cref="MessagesRequestValidator"/> turns what is
/// declared into a turn. A null member counts as absent.
/// </summary>
public sealed record AnthropicMessagesRequest
{
    public string? Model { get; init; }

    public int? MaxTokens { get; init; }

    public IReadOnlyList<AnthropicMessage?>? Messages { get; init; }

    public AnthropicContent? System { get; init; }

    public IReadOnlyList<AnthropicTool?>? Tools { get; init; }

    public AnthropicToolChoice? ToolChoice { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    /// <summary>Declared only to be refused with a reason: a turn has no top-k sampling.</summary>
    public JsonElement? TopK { get; init; }

    public IReadOnlyList<string?>? StopSequences { get; init; }

    public bool? Stream { get; init; }

    public AnthropicMetadata? Metadata { get; init; }
}

/// <summary>A user or assistant turn of the conversation.</summary>
public sealed record AnthropicMessage(string? Role, AnthropicContent? Content);

/// <summary>A custom tool (the only kind a turn can offer): a name, a description and its input's JSON Schema.</summary>
public sealed record AnthropicTool(string? Type, string? Name, string? Description, JsonElement? InputSchema);

/// <summary><c>auto</c>, <c>any</c>, <c>none</c>, or <c>tool</c> with its name; parallel tool use may be turned off.</summary>
public sealed record AnthropicToolChoice(string? Type, string? Name, bool? DisableParallelToolUse);

/// <summary><c>user_id</c> is the caller's end user, passed to the provider as chat's <c>user</c> is.</summary>
public sealed record AnthropicMetadata(string? UserId);

/// <summary>A <c>text</c> block.</summary>
public sealed record AnthropicTextBlock(string? Type, string? Text);

/// <summary>A <c>tool_use</c> block of an assistant message: the call an earlier turn made.</summary>
public sealed record AnthropicToolUseBlock(string? Type, string? Id, string? Name, JsonElement? Input);

/// <summary>A <c>tool_result</c> block of a user message: a tool's answer to an earlier call.</summary>
public sealed record AnthropicToolResultBlock(string? Type, string? ToolUseId, AnthropicContent? Content, bool? IsError);
