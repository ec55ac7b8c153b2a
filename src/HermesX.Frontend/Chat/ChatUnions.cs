using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Frontend.Wire;

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

public sealed class ChatContentConverter() : StringOrConverter<ChatContent, List<ChatContentPart?>>(JsonTokenType.StartArray)
{
    public override string Expected => "a string or an array of content parts";

    protected override ChatContent FromString(string? text) => new(text, null);

    protected override ChatContent FromOther(List<ChatContentPart?>? value) => new(null, value);
}

public sealed class ChatStopConverter() : StringOrConverter<ChatStop, List<string?>>(JsonTokenType.StartArray)
{
    public override string Expected => "a string or an array of strings";

    protected override ChatStop FromString(string? text) => new([text]);

    protected override ChatStop FromOther(List<string?>? value) => new(value!);
}

public sealed class ChatToolChoiceConverter() : StringOrConverter<ChatToolChoice, ChatNamedToolChoice>(JsonTokenType.StartObject)
{
    public override string Expected => "none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}";

    protected override ChatToolChoice FromString(string? text) => new(text, null);

    protected override ChatToolChoice FromOther(ChatNamedToolChoice? value) => new(null, value);
}
