using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Frontend.Wire;

namespace HermesX.Frontend.Responses;

/// <summary><c>input</c>, a message's content or a function output: a string, or an array of items or parts.</summary>
[JsonConverter(typeof(ResponsesContentConverter))]
public sealed record ResponsesContent(string? Text, IReadOnlyList<ResponsesItem?>? Items);

/// <summary>
/// An input item or content part, read as its kind's record by its <c>type</c>; a kind HermesX
/// cannot take is kept by its type only, to be refused by name.
/// </summary>
[JsonConverter(typeof(ResponsesItemConverter))]
public sealed record ResponsesItem(string? Type, ResponsesMessageItem? Message = null, ResponsesFunctionCallItem? Call = null,
    ResponsesFunctionOutputItem? Output = null, ResponsesItemReference? Reference = null, ResponsesTextPart? Part = null,
    ResponsesApprovalResponseItem? ApprovalResponse = null);

/// <summary>
/// A tool of the request, read as its kind's record by its <c>type</c>: an <c>mcp</c> server, or else a function (a kind
/// HermesX does not take is read so too, and refused by its type).
/// </summary>
[JsonConverter(typeof(ResponsesToolItemConverter))]
public sealed record ResponsesToolItem(string? Type, ResponsesTool? Function = null, ResponsesMcpTool? Mcp = null);

/// <summary><c>tool_choice</c>: none, auto, required, or the one function to call.</summary>
[JsonConverter(typeof(ResponsesToolChoiceConverter))]
public sealed record ResponsesToolChoice(string? Mode, ResponsesNamedToolChoice? Function);

public sealed class ResponsesContentConverter() : StringOrConverter<ResponsesContent, List<ResponsesItem?>>(JsonTokenType.StartArray)
{
    public override string Expected => "a string or an array";

    protected override ResponsesContent FromString(string? text) => new(text, null);

    protected override ResponsesContent FromOther(List<ResponsesItem?>? value) => new(null, value);
}

public sealed class ResponsesItemConverter : ByTypeConverter<ResponsesItem>
{
    public override string Expected => "an object with a type";

    // A message may leave its type out (one without a role either is refused for its missing type);
    // a kind no turn takes (reasoning, input_image, …) is refused by its type: its members do not matter.
    protected override ResponsesItem? ReadKind(string? type, ref Utf8JsonReader reader, JsonSerializerOptions options) => type switch
    {
        "message" or null => new ResponsesItem(type, Message: ReadNested<ResponsesMessageItem>(ref reader, options)),
        "function_call" => new ResponsesItem(type, Call: ReadNested<ResponsesFunctionCallItem>(ref reader, options)),
        "function_call_output" => new ResponsesItem(type, Output: ReadNested<ResponsesFunctionOutputItem>(ref reader, options)),
        "item_reference" => new ResponsesItem(type, Reference: ReadNested<ResponsesItemReference>(ref reader, options)),
        "mcp_approval_response" => new ResponsesItem(type, ApprovalResponse: ReadNested<ResponsesApprovalResponseItem>(ref reader, options)),
        "input_text" or "output_text" => new ResponsesItem(type, Part: ReadNested<ResponsesTextPart>(ref reader, options)),
        _ => null,
    };

    protected override ResponsesItem Unknown(string? type) => new(type);
}

public sealed class ResponsesToolItemConverter : ByTypeConverter<ResponsesToolItem>
{
    public override string Expected => "an object with a type";

    protected override ResponsesToolItem? ReadKind(string? type, ref Utf8JsonReader reader, JsonSerializerOptions options) => type switch
    {
        "mcp" => new ResponsesToolItem(type, Mcp: ReadNested<ResponsesMcpTool>(ref reader, options)),
        _ => new ResponsesToolItem(type, Function: ReadNested<ResponsesTool>(ref reader, options)),
    };

    protected override ResponsesToolItem Unknown(string? type) => new(type);
}

public sealed class ResponsesToolChoiceConverter() : StringOrConverter<ResponsesToolChoice, ResponsesNamedToolChoice>(JsonTokenType.StartObject)
{
    public override string Expected => "none, auto, required or {\"type\":\"function\",\"name\":...}";

    protected override ResponsesToolChoice FromString(string? text) => new(text, null);

    protected override ResponsesToolChoice FromOther(ResponsesNamedToolChoice? value) => new(null, value);
}
