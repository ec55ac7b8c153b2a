using System.Buffers;
using System.Text.Json;
using HermesX.Grains.Agent;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.OpenAi;

/// <summary>
/// What a turn asks of an OpenAI-compatible model beyond <see cref="ChatOptions"/>: fields MEAI has
/// no property for, sent as the caller wrote them (<see cref="ChatOptions.RawRepresentationFactory"/>).
/// </summary>
public sealed record OpenAiRequestExtras
{
    public string? EndUser { get; init; }
    public bool? Store { get; init; }
    public bool Logprobs { get; init; }
    public int? TopLogprobs { get; init; }
    public IReadOnlyDictionary<int, int>? LogitBias { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public string? ReasoningEffort { get; init; }
    public bool? JsonSchemaStrict { get; init; }
}

/// <summary>What an answer says besides text, tool calls and usage: kept as the response's raw representation.</summary>
public sealed record OpenAiAnswerExtras(string? SystemFingerprint, string? Refusal, string? LogprobsJson);

/// <summary>MEAI messages in the Chat Completions wire's shape.</summary>
internal static class OpenAiMessages
{
    public static EncodedJson Encode(ChatMessage message) =>
        new(JsonSerializer.SerializeToUtf8Bytes(Wire(message), OpenAiJson.Default.MessageWire));

    /// <summary>The message encoded, once: kept as its raw representation (its contents never change after it is made).</summary>
    public static EncodedJson Encoded(ChatMessage message)
    {
        if (message.RawRepresentation is not EncodedJson encoded)
        {
            encoded = Encode(message);
            message.RawRepresentation ??= encoded;
        }
        return encoded;
    }

    /// <summary>The call's messages; a <see cref="Conversation"/>'s history as its kept encoding.</summary>
    public static MessagesWire For(IEnumerable<ChatMessage> messages) => messages is Conversation c
        ? new MessagesWire([Encoded(c.System)], EncodedHistory.Of(c.History), [.. c.Produced.Select(Encoded)])
        : new MessagesWire([.. messages.Select(Encoded)], null, []);

    private static MessageWire Wire(ChatMessage m)
    {
        if (m.Role == ChatRole.Tool)
        {
            var result = m.Contents.OfType<FunctionResultContent>().FirstOrDefault();
            return new MessageWire("tool", EncodedJson.String(ResultText(result?.Result))) { ToolCallId = result?.CallId };
        }
        if (m.Role == ChatRole.Assistant)
        {
            var calls = m.Contents.OfType<FunctionCallContent>().Select(c =>
                new ToolCallWire(c.CallId, "function", new FunctionCallWire(c.Name, c.RawRepresentation as string ?? JsonSerializer.Serialize(c.Arguments ?? new Dictionary<string, object?>()))))
                .ToList();
            var text = m.Text;
            return new MessageWire("assistant", text.Length > 0 || calls.Count == 0 ? EncodedJson.String(text) : null)
            {
                ToolCalls = calls.Count > 0 ? calls : null,
            };
        }
        var role = m.Role == ChatRole.System ? "system" : "user";
        if (m.Contents.All(c => c is TextContent))
        {
            return new MessageWire(role, EncodedJson.String(m.Text));
        }
        var parts = m.Contents.Select(Part).OfType<ContentPartWire>().ToList();
        return new MessageWire(role, new EncodedJson(JsonSerializer.SerializeToUtf8Bytes(parts, OpenAiJson.Default.IReadOnlyListContentPartWire)));
    }

    private static ContentPartWire? Part(AIContent content) => content switch
    {
        TextContent t => new ContentPartWire("text") { Text = t.Text },
        UriContent u => new ContentPartWire("image_url") { ImageUrl = new ImageUrlWire(u.Uri.ToString()) },
        DataContent d when d.HasTopLevelMediaType("image") => new ContentPartWire("image_url") { ImageUrl = new ImageUrlWire(d.Uri) },
        DataContent d when d.HasTopLevelMediaType("audio") =>
            new ContentPartWire("input_audio") { InputAudio = new InputAudioWire(d.Base64Data.ToString(), AudioFormat(d.MediaType)) },
        DataContent d => new ContentPartWire("file") { File = new FileWire(d.Name, d.Uri) },
        _ => null,
    };

    private static string AudioFormat(string mediaType) => mediaType switch
    {
        "audio/mpeg" or "audio/mp3" => "mp3",
        _ => mediaType[(mediaType.IndexOf('/') + 1)..].Replace("x-", "", StringComparison.Ordinal),
    };

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText(),
        _ => JsonSerializer.Serialize(result),
    };
}

/// <summary>The request body for one call.</summary>
internal static class OpenAiRequests
{
    private static readonly EncodedJson Auto = EncodedJson.String("auto");
    private static readonly EncodedJson None = EncodedJson.String("none");
    private static readonly EncodedJson Required = EncodedJson.String("required");

    public static ChatCompletionRequest For(IChatClient client, string model, MessagesWire messages, ChatOptions? o, bool stream)
    {
        var extras = o?.RawRepresentationFactory?.Invoke(client) as OpenAiRequestExtras;
        var tools = o?.Tools?.OfType<AIFunctionDeclaration>().Select(Tool).ToList();
        return new ChatCompletionRequest(model, messages)
        {
            MaxCompletionTokens = o?.MaxOutputTokens,
            Temperature = o?.Temperature,
            TopP = o?.TopP,
            Stop = o?.StopSequences is { Count: > 0 } stop ? [.. stop] : null,
            Seed = o?.Seed,
            PresencePenalty = o?.PresencePenalty,
            FrequencyPenalty = o?.FrequencyPenalty,
            ResponseFormat = Format(o?.ResponseFormat, extras?.JsonSchemaStrict),
            ParallelToolCalls = tools is { Count: > 0 } ? o?.AllowMultipleToolCalls : null,
            ReasoningEffort = extras?.ReasoningEffort,
            LogitBias = extras?.LogitBias?.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value),
            Logprobs = extras is { Logprobs: true } ? true : null,
            TopLogprobs = extras?.TopLogprobs,
            User = extras?.EndUser,
            Metadata = extras?.Metadata,
            Store = extras?.Store,
            Tools = tools is { Count: > 0 } ? tools : null,
            ToolChoice = tools is { Count: > 0 } ? Choice(o?.ToolMode) : null,
            Stream = stream ? true : null,
            StreamOptions = stream ? new StreamOptionsWire(IncludeUsage: true) : null,
        };
    }

    // Declarations the agent loop reuses (the server tools) are encoded once: writing a schema
    // from its JsonElement escapes every string in it again.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AIFunctionDeclaration, EncodedJson> Tools = new();

    private static EncodedJson Tool(AIFunctionDeclaration f) => Tools.GetValue(f, static f => new(JsonSerializer.SerializeToUtf8Bytes(
        new ToolWire("function", new FunctionDeclarationWire(f.Name, f.Description is { Length: > 0 } d ? d : null, f.JsonSchema)
        {
            Strict = f.AdditionalProperties.TryGetValue("strict", out var strict) && strict is true ? true : null,
        }), OpenAiJson.Default.ToolWire)));

    private static ResponseFormatWire? Format(ChatResponseFormat? format, bool? strict) => format switch
    {
        ChatResponseFormatJson { Schema: { } schema } json =>
            new ResponseFormatWire("json_schema", new JsonSchemaFormatWire(json.SchemaName ?? "response", json.SchemaDescription, schema, strict)),
        ChatResponseFormatJson => new ResponseFormatWire("json_object"),
        _ => null,
    };

    private static EncodedJson? Choice(ChatToolMode? mode) => mode switch
    {
        NoneChatToolMode => None,
        RequiredChatToolMode { RequiredFunctionName: { } name } => Function(name),
        RequiredChatToolMode => Required,
        _ => Auto,
    };

    private static EncodedJson Function(string name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", name);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return new EncodedJson(buffer.WrittenSpan.ToArray());
    }
}

/// <summary>Answers and streamed chunks as MEAI responses and updates.</summary>
internal static class OpenAiAnswers
{
    public static ChatResponse Response(ChatCompletionWire completion)
    {
        var choice = completion.Choices is { Count: > 0 } choices ? choices[0] : null;
        var message = choice?.Message;
        var contents = new List<AIContent>();
        if (message?.Content is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text));
        }
        foreach (var call in message?.ToolCalls ?? [])
        {
            contents.Add(Call(call.Id, call.Function?.Name, call.Function?.Arguments));
        }
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = completion.Id })
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            FinishReason = Finish(choice?.FinishReason),
            Usage = Usage(completion.Usage),
            RawRepresentation = new OpenAiAnswerExtras(completion.SystemFingerprint, message?.Refusal is { Length: > 0 } r ? r : null,
                choice?.Logprobs is { ValueKind: JsonValueKind.Object } logprobs ? logprobs.GetRawText() : null),
        };
    }

    /// <summary>The update a chunk makes (text, the finish reason); its tool-call deltas are gathered into <paramref name="calls"/>.</summary>
    public static ChatResponseUpdate? Update(ChatCompletionChunkWire chunk, StreamedCalls calls)
    {
        calls.Usage ??= chunk.Usage;
        calls.Id ??= chunk.Id;
        var choice = chunk.Choices is { Count: > 0 } choices ? choices[0] : null;
        var delta = choice?.Delta;
        foreach (var d in delta?.ToolCalls ?? [])
        {
            calls.Add(d);
        }
        var text = delta?.Content;
        if (string.IsNullOrEmpty(text) && choice?.FinishReason is null && delta?.Refusal is null && chunk.SystemFingerprint is null)
        {
            return null;
        }
        return new ChatResponseUpdate(ChatRole.Assistant, string.IsNullOrEmpty(text) ? [] : [new TextContent(text)])
        {
            ResponseId = calls.Id,
            MessageId = calls.Id,
            FinishReason = Finish(choice?.FinishReason),
            RawRepresentation = new OpenAiAnswerExtras(chunk.SystemFingerprint, delta?.Refusal, null),
        };
    }

    public static FunctionCallContent Call(string? id, string? name, string? arguments)
    {
        var json = string.IsNullOrWhiteSpace(arguments) ? "{}" : arguments;
        return new FunctionCallContent(id ?? "", name ?? "", MessageMapping.ParseArguments(json)) { RawRepresentation = json };
    }

    public static ChatFinishReason? Finish(string? reason) => reason switch
    {
        null => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    public static UsageDetails? Usage(UsageWire? u) => u is null ? null : new UsageDetails
    {
        InputTokenCount = u.PromptTokens,
        OutputTokenCount = u.CompletionTokens,
        TotalTokenCount = u.PromptTokens + u.CompletionTokens,
        CachedInputTokenCount = u.PromptTokensDetails?.CachedTokens,
        ReasoningTokenCount = u.CompletionTokensDetails?.ReasoningTokens,
    };

    /// <summary>Tool calls of a streamed answer, assembled from their deltas by index, and its usage.</summary>
    public sealed class StreamedCalls
    {
        private readonly SortedDictionary<int, (string? Id, string? Name, System.Text.StringBuilder Arguments)> _calls = [];

        public UsageWire? Usage { get; set; }
        public string? Id { get; set; }

        public void Add(ToolCallWire delta)
        {
            var index = delta.Index ?? _calls.Count;
            var call = _calls.TryGetValue(index, out var known) ? known : (null, null, new System.Text.StringBuilder());
            _calls[index] = (call.Id ?? delta.Id, call.Name ?? delta.Function?.Name, call.Arguments.Append(delta.Function?.Arguments));
        }

        /// <summary>The last update: the whole tool calls and the usage, when the stream had any.</summary>
        public ChatResponseUpdate? Final()
        {
            var contents = new List<AIContent>(_calls.Values.Select(c => Call(c.Id, c.Name, c.Arguments.ToString())));
            if (Usage is not null)
            {
                contents.Add(new UsageContent(OpenAiAnswers.Usage(Usage)!));
            }
            return contents.Count == 0 ? null : new ChatResponseUpdate(ChatRole.Assistant, contents) { ResponseId = Id, MessageId = Id };
        }
    }
}
