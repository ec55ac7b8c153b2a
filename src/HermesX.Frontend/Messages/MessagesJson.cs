using System.Text.Json.Serialization;
using HermesX.Frontend.Validation;

namespace HermesX.Frontend.Messages;

/// <summary>The Anthropic Messages wire, source-generated with the same conventions as the chat wire (<see cref="Chat.ChatJson"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(StorableStringConverter)])]
[JsonSerializable(typeof(AnthropicMessagesRequest))]
[JsonSerializable(typeof(List<AnthropicBlock?>))]
[JsonSerializable(typeof(AnthropicTextBlock))]
[JsonSerializable(typeof(AnthropicToolUseBlock))]
[JsonSerializable(typeof(AnthropicToolResultBlock))]
[JsonSerializable(typeof(AnthropicMessageResponse))]
public sealed partial class MessagesJson : JsonSerializerContext;
