using System.Text.Json.Serialization;
using HermesX.Frontend.Validation;

namespace HermesX.Frontend.Chat;

/// <summary>
/// The Chat Completions wire, source-generated: snake_case, any undeclared member refused, numbers
/// only as JSON numbers, and every string through <see cref="StorableStringConverter"/> so text
/// Postgres could not store is refused naming its field. Members are written even when null unless
/// a record says otherwise: the SDKs expect <c>"content": null</c> and <c>"refusal": null</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(StorableStringConverter)])]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(List<ChatContentPart?>))]
[JsonSerializable(typeof(List<string?>))]
[JsonSerializable(typeof(ChatNamedToolChoice))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(AbortRequest))]
[JsonSerializable(typeof(AbortResponse))]
public sealed partial class ChatJson : JsonSerializerContext;
