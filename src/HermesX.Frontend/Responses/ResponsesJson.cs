using System.Text.Json.Serialization;
using HermesX.Frontend.Validation;

namespace HermesX.Frontend.Responses;

/// <summary>The Responses wire, source-generated with the same conventions as the chat wire (<see cref="Chat.ChatJson"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(StorableStringConverter)])]
[JsonSerializable(typeof(CreateResponseRequest))]
[JsonSerializable(typeof(List<ResponsesItem?>))]
[JsonSerializable(typeof(ResponsesMessageItem))]
[JsonSerializable(typeof(ResponsesFunctionCallItem))]
[JsonSerializable(typeof(ResponsesFunctionOutputItem))]
[JsonSerializable(typeof(ResponsesItemReference))]
[JsonSerializable(typeof(ResponsesApprovalResponseItem))]
[JsonSerializable(typeof(ResponsesTextPart))]
[JsonSerializable(typeof(ResponsesNamedToolChoice))]
[JsonSerializable(typeof(ResponsesTool))]
[JsonSerializable(typeof(ResponsesMcpTool))]
[JsonSerializable(typeof(ResponseObject))]
[JsonSerializable(typeof(ResponseOutputItem))]
[JsonSerializable(typeof(ResponseDeleted))]
[JsonSerializable(typeof(ResponseOutputText))]
public sealed partial class ResponsesJson : JsonSerializerContext;
