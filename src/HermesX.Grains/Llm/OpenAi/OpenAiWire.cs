using System.Text.Json;
using System.Text.Json.Serialization;

namespace HermesX.Grains.Llm.OpenAi;

/// <summary>
/// A Chat Completions request as HermesX sends it upstream. Messages are already encoded (history
/// messages once per process, see <see cref="OpenAiChatClient"/>), so the body is written by copying them.
/// </summary>
public sealed record ChatCompletionRequest(string Model, MessagesWire Messages)
{
    public int? MaxCompletionTokens { get; init; }
    public float? Temperature { get; init; }
    public float? TopP { get; init; }
    public IReadOnlyList<string>? Stop { get; init; }
    public long? Seed { get; init; }
    public float? PresencePenalty { get; init; }
    public float? FrequencyPenalty { get; init; }
    public ResponseFormatWire? ResponseFormat { get; init; }
    public bool? ParallelToolCalls { get; init; }
    public string? ReasoningEffort { get; init; }
    public IReadOnlyDictionary<string, int>? LogitBias { get; init; }
    public bool? Logprobs { get; init; }
    public int? TopLogprobs { get; init; }
    public string? User { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public bool? Store { get; init; }
    /// <summary>Each tool as its encoded <see cref="ToolWire"/>.</summary>
    public IReadOnlyList<EncodedJson>? Tools { get; init; }
    public EncodedJson? ToolChoice { get; init; }
    public bool? Stream { get; init; }
    public StreamOptionsWire? StreamOptions { get; init; }
}

/// <summary>One request message before encoding; <see cref="Content"/> is a string or an array of parts.</summary>
public sealed record MessageWire(string Role, EncodedJson? Content)
{
    public IReadOnlyList<ToolCallWire>? ToolCalls { get; init; }
    public string? ToolCallId { get; init; }
}

public sealed record ContentPartWire(string Type)
{
    public string? Text { get; init; }
    public ImageUrlWire? ImageUrl { get; init; }
    public InputAudioWire? InputAudio { get; init; }
    public FileWire? File { get; init; }
}

public sealed record ImageUrlWire(string Url);

public sealed record InputAudioWire(string Data, string Format);

public sealed record FileWire(string? Filename, string FileData);

public sealed record ToolWire(string Type, FunctionDeclarationWire Function);

public sealed record FunctionDeclarationWire(string Name, string? Description, JsonElement Parameters)
{
    public bool? Strict { get; init; }
}

public sealed record ResponseFormatWire(string Type, JsonSchemaFormatWire? JsonSchema = null);

public sealed record JsonSchemaFormatWire(string Name, string? Description, JsonElement Schema, bool? Strict);

public sealed record StreamOptionsWire(bool IncludeUsage);

public sealed record ToolCallWire(string? Id, string? Type, FunctionCallWire? Function)
{
    /// <summary>Position of a streamed call's delta; absent in a whole answer.</summary>
    public int? Index { get; init; }
}

public sealed record FunctionCallWire(string? Name, string? Arguments);

/// <summary>A whole answer (<c>chat.completion</c>).</summary>
public sealed record ChatCompletionWire(string? Id, string? Model, IReadOnlyList<ChoiceWire>? Choices, UsageWire? Usage, string? SystemFingerprint);

public sealed record ChoiceWire(int Index, AnswerMessageWire? Message, JsonElement? Logprobs, string? FinishReason);

/// <summary>The assistant's message of an answer, or a streamed delta of it.</summary>
public sealed record AnswerMessageWire(string? Role, string? Content, string? Refusal, IReadOnlyList<ToolCallWire>? ToolCalls);

public sealed record UsageWire(long PromptTokens, long CompletionTokens, TokenDetailsWire? PromptTokensDetails, TokenDetailsWire? CompletionTokensDetails);

public sealed record TokenDetailsWire(long? CachedTokens, long? ReasoningTokens);

/// <summary>One streamed chunk (<c>chat.completion.chunk</c>).</summary>
public sealed record ChatCompletionChunkWire(string? Id, IReadOnlyList<ChunkChoiceWire>? Choices, UsageWire? Usage, string? SystemFingerprint);

public sealed record ChunkChoiceWire(int Index, AnswerMessageWire? Delta, string? FinishReason);

/// <summary>JSON encoded beforehand, written as it is.</summary>
[JsonConverter(typeof(EncodedJsonConverter))]
public sealed record EncodedJson(byte[] Utf8)
{
    public static EncodedJson String(string value) => new(JsonSerializer.SerializeToUtf8Bytes(value, OpenAiJson.Default.String));
}

/// <summary>
/// The <c>messages</c> array: encoded messages before the history (the system prompt), the session's
/// encoded history, and the turn's own messages after it.
/// </summary>
[JsonConverter(typeof(MessagesWireConverter))]
public sealed record MessagesWire(IReadOnlyList<EncodedJson> Leading, EncodedHistory? History, IReadOnlyList<EncodedJson> Trailing)
{
    /// <summary>The bytes the array takes, near enough to size a buffer.</summary>
    public int Length => Leading.Sum(m => m.Utf8.Length + 1) + (History?.Length + History?.Count ?? 0) + Trailing.Sum(m => m.Utf8.Length + 1) + 2;
}

public sealed class MessagesWireConverter : JsonConverter<MessagesWire>
{
    public override MessagesWire Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("messages are only written");

    public override void Write(Utf8JsonWriter writer, MessagesWire value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var m in value.Leading)
        {
            writer.WriteRawValue(m.Utf8, skipInputValidation: true);
        }
        if (value.History is { } history)
        {
            for (var i = 0; i < history.Count; i++)
            {
                writer.WriteRawValue(history[i], skipInputValidation: true);
            }
        }
        foreach (var m in value.Trailing)
        {
            writer.WriteRawValue(m.Utf8, skipInputValidation: true);
        }
        writer.WriteEndArray();
    }
}

public sealed class EncodedJsonConverter : JsonConverter<EncodedJson>
{
    public override EncodedJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("encoded JSON is only written");

    public override void Write(Utf8JsonWriter writer, EncodedJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8, skipInputValidation: true);
}

/// <summary>The source-generated serializers of the Chat Completions wire, in its snake_case, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(MessageWire))]
[JsonSerializable(typeof(ToolWire))]
[JsonSerializable(typeof(IReadOnlyList<ContentPartWire>))]
[JsonSerializable(typeof(ChatCompletionWire))]
[JsonSerializable(typeof(ChatCompletionChunkWire))]
[JsonSerializable(typeof(string))]
public sealed partial class OpenAiJson : JsonSerializerContext;
