using System.Text.Json;

namespace HermesX.Frontend.Chat;

/// <summary>
/// The OpenAI Chat Completions body, bound by <see cref="ChatJson"/>: any member not declared here is
/// refused by the serializer itself, and <see cref="ChatRequestValidator"/> turns what is declared
/// into a turn. A null member counts as absent, as SDKs write unset fields as null.
/// </summary>
public sealed record ChatCompletionRequest
{
    public string? Model { get; init; }

    public IReadOnlyList<ChatMessage?>? Messages { get; init; }

    public bool? Stream { get; init; }

    public ChatStreamOptions? StreamOptions { get; init; }

    public IReadOnlyList<ChatTool?>? Tools { get; init; }

    public ChatToolChoice? ToolChoice { get; init; }

    public int? MaxTokens { get; init; }

    public int? MaxCompletionTokens { get; init; }

    public double? Temperature { get; init; }

    /// <summary>HermesX's own: the session the turn continues (or starts, under this id).</summary>
    public string? SessionId { get; init; }

    // Read into TurnOptions; whether the model's provider takes each is ProviderFields' table.
    public int? N { get; init; }

    public ChatStop? Stop { get; init; }

    public double? TopP { get; init; }

    public long? Seed { get; init; }

    public double? PresencePenalty { get; init; }

    public double? FrequencyPenalty { get; init; }

    public ChatResponseFormat? ResponseFormat { get; init; }

    public bool? ParallelToolCalls { get; init; }

    public string? ReasoningEffort { get; init; }

    /// <summary>Token ids (as JSON object keys) to a bias between -100 and 100.</summary>
    public IReadOnlyDictionary<string, int>? LogitBias { get; init; }

    public bool? Logprobs { get; init; }

    public int? TopLogprobs { get; init; }

    public string? User { get; init; }

    public IReadOnlyDictionary<string, string?>? Metadata { get; init; }

    public bool? Store { get; init; }

    public IReadOnlyList<string?>? Modalities { get; init; }

    // Declared only to be refused with a reason (ChatRequestValidator.Refused) instead of "unknown field".
    public JsonElement? Audio { get; init; }

    public JsonElement? Prediction { get; init; }

    public JsonElement? WebSearchOptions { get; init; }

    public JsonElement? Functions { get; init; }

    public JsonElement? FunctionCall { get; init; }

    public JsonElement? ServiceTier { get; init; }

    public JsonElement? PromptCacheKey { get; init; }

    public JsonElement? SafetyIdentifier { get; init; }

    public JsonElement? Verbosity { get; init; }
}

/// <summary>One message of the conversation; <c>developer</c> is taken as <c>system</c>.</summary>
public sealed record ChatMessage
{
    public string? Role { get; init; }

    public ChatContent? Content { get; init; }

    public string? Name { get; init; }

    /// <summary>
    /// What an earlier assistant turn refused with (assistant messages only): SDKs send the answer's
    /// message back as it came, and a refusal without content is what the model said.
    /// </summary>
    public string? Refusal { get; init; }

    /// <summary>Calls an earlier assistant turn made (assistant messages only).</summary>
    public IReadOnlyList<ChatToolCall?>? ToolCalls { get; init; }

    /// <summary>The call a <c>tool</c> message answers.</summary>
    public string? ToolCallId { get; init; }
}

/// <summary>A content part: text in any message; image, audio and file in user messages.</summary>
public sealed record ChatContentPart
{
    public string? Type { get; init; }

    public string? Text { get; init; }

    public ChatImageUrl? ImageUrl { get; init; }

    public ChatInputAudio? InputAudio { get; init; }

    public ChatFile? File { get; init; }

    // The OpenAI Agents SDK copies the fields of the assistant message HermesX answered into each
    // text part it sends back in history; they repeat that answer, so only assistant parts may carry them.
    public string? Role { get; init; }

    public string? Refusal { get; init; }

    public IReadOnlyList<ChatToolCall?>? ToolCalls { get; init; }
}

/// <summary>An http(s) URL or a base64 data URL; <c>detail</c> may only be <c>auto</c>.</summary>
public sealed record ChatImageUrl(string? Url, string? Detail);

/// <summary>Base64 audio, wav or mp3.</summary>
public sealed record ChatInputAudio(string? Data, string? Format);

/// <summary>A file sent inline (<c>file_data</c>); <c>file_id</c> is refused.</summary>
public sealed record ChatFile(string? FileData, string? FileId, string? Filename);

/// <summary>A tool call, as an assistant message carries it in the request and the answer in the response.</summary>
public sealed record ChatToolCall(string? Id, string? Type, ChatFunctionCall? Function);

/// <summary>The function a tool call names and its arguments, a JSON text.</summary>
public sealed record ChatFunctionCall(string? Name, string? Arguments);

/// <summary>A client tool: only <c>function</c> tools exist in Chat Completions.</summary>
public sealed record ChatTool(string? Type, ChatFunction? Function);

public sealed record ChatFunction(string? Name, string? Description, JsonElement? Parameters, bool? Strict);

/// <summary><c>{"type":"function","function":{"name":...}}</c>: the one tool the model must call.</summary>
public sealed record ChatNamedToolChoice(string? Type, ChatFunctionName? Function);

public sealed record ChatFunctionName(string? Name);

/// <summary><c>text</c>, <c>json_object</c> or <c>json_schema</c> with its schema.</summary>
public sealed record ChatResponseFormat(string? Type, ChatJsonSchema? JsonSchema);

public sealed record ChatJsonSchema(string? Name, string? Description, JsonElement? Schema, bool? Strict);

public sealed record ChatStreamOptions(bool? IncludeUsage);
