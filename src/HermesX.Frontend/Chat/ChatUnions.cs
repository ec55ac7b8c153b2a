using System.Text.Json;
using System.Text.Json.Serialization;

namespace HermesX.Frontend.Chat;

/// <summary>A message's content: a string, or an array of content parts.</summary>
[JsonConverter(typeof(ChatContentConverter))]
public sealed record ChatContent(string? Text, IReadOnlyList<ChatContentPart?>? Parts);

/// <summary><c>stop</c>: one sequence or an array of them.</summary>
[JsonConverter(typeof(ChatStopConverter))]
public sealed record ChatStop(IReadOnlyList<string?> Sequences);

/// <summary><c>tool_choice</c>: none, auto, required, or the one function to call.</summary>
[JsonConverter(typeof(ChatToolChoiceConverter))]
public sealed record ChatToolChoice(string? Mode, ChatNamedToolChoice? Function);

public sealed class ChatContentConverter : WireUnionConverter<ChatContent>
{
    public override string Expected => "a string or an array of content parts";

    public override Type? ArrayType => typeof(List<ChatContentPart?>);

    public override ChatContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new ChatContent(ChatJson.ReadString(ref reader, options), null),
        JsonTokenType.StartArray => new ChatContent(null, ReadNested<List<ChatContentPart?>>(ref reader, options)),
        _ => throw Mismatch(),
    };

    public override void Write(Utf8JsonWriter writer, ChatContent value, JsonSerializerOptions options)
    {
        if (value.Parts is { } parts)
        {
            WriteNested(writer, parts.ToList(), options);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}

public sealed class ChatStopConverter : WireUnionConverter<ChatStop>
{
    public override string Expected => "a string or an array of strings";

    public override Type? ArrayType => typeof(List<string?>);

    public override ChatStop? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new ChatStop([ChatJson.ReadString(ref reader, options)]),
        JsonTokenType.StartArray => new ChatStop(ReadNested<List<string?>>(ref reader, options)!),
        _ => throw Mismatch(),
    };

    public override void Write(Utf8JsonWriter writer, ChatStop value, JsonSerializerOptions options) =>
        WriteNested(writer, value.Sequences.ToList(), options);
}

public sealed class ChatToolChoiceConverter : WireUnionConverter<ChatToolChoice>
{
    public override string Expected => "none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}";

    public override Type? ObjectType => typeof(ChatNamedToolChoice);

    public override ChatToolChoice? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new ChatToolChoice(ChatJson.ReadString(ref reader, options), null),
        JsonTokenType.StartObject => new ChatToolChoice(null, ReadNested<ChatNamedToolChoice>(ref reader, options)),
        _ => throw Mismatch(),
    };

    public override void Write(Utf8JsonWriter writer, ChatToolChoice value, JsonSerializerOptions options)
    {
        if (value.Function is { } function)
        {
            WriteNested(writer, function, options);
        }
        else
        {
            writer.WriteStringValue(value.Mode);
        }
    }
}
