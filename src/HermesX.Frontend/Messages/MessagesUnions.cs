using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Frontend.Wire;

namespace HermesX.Frontend.Messages;

/// <summary>Content (of a message, of <c>system</c>, of a tool result): a string, or an array of content blocks.</summary>
[JsonConverter(typeof(AnthropicContentConverter))]
public sealed record AnthropicContent(string? Text, IReadOnlyList<AnthropicBlock?>? Blocks);

/// <summary>
/// A content block: one of the kinds a session can keep, read as its own record (so each kind's
/// members are checked as its own), or one it cannot, kept by its type only to be refused by name.
/// </summary>
[JsonConverter(typeof(AnthropicBlockConverter))]
public sealed record AnthropicBlock(string? Type, AnthropicTextBlock? Text = null, AnthropicToolUseBlock? ToolUse = null, AnthropicToolResultBlock? ToolResult = null);

public sealed class AnthropicContentConverter() : StringOrConverter<AnthropicContent, List<AnthropicBlock?>>(JsonTokenType.StartArray)
{
    public override string Expected => "a string or an array of content blocks";

    protected override AnthropicContent FromString(string? text) => new(text, null);

    protected override AnthropicContent FromOther(List<AnthropicBlock?>? value) => new(null, value);
}

public sealed class AnthropicBlockConverter : ByTypeConverter<AnthropicBlock>
{
    public override string Expected => "a content block (an object with a type)";

    // A kind no session keeps (image, thinking, …) is refused by its type: its members do not matter.
    protected override AnthropicBlock? ReadKind(string? type, ref Utf8JsonReader reader, JsonSerializerOptions options) => type switch
    {
        "text" => new AnthropicBlock(type, Text: ReadNested<AnthropicTextBlock>(ref reader, options)),
        "tool_use" => new AnthropicBlock(type, ToolUse: ReadNested<AnthropicToolUseBlock>(ref reader, options)),
        "tool_result" => new AnthropicBlock(type, ToolResult: ReadNested<AnthropicToolResultBlock>(ref reader, options)),
        _ => null,
    };

    protected override AnthropicBlock Unknown(string? type) => new(type);
}
