using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Messages;

/// <summary>The Anthropic <c>message</c> object: what a non-streamed turn answers, written by <see cref="MessagesJson"/>.</summary>
public sealed record AnthropicMessageResponse(string Id, string Type, string Role, string Model, IReadOnlyList<AnthropicOutputBlock> Content,
    string StopReason, string? StopSequence, AnthropicUsage Usage);

/// <summary>A block of the answer's content: its text, or a client tool the model calls.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AnthropicOutputText), "text")]
[JsonDerivedType(typeof(AnthropicOutputToolUse), "tool_use")]
public abstract record AnthropicOutputBlock;

public sealed record AnthropicOutputText(string Text) : AnthropicOutputBlock;

public sealed record AnthropicOutputToolUse(string Id, string Name, JsonElement Input) : AnthropicOutputBlock;

public sealed record AnthropicUsage(long InputTokens, long OutputTokens);

/// <summary>Writes Anthropic Messages objects: the message, and the data of each streaming event.</summary>
public sealed class MessagesWire(string id, string model)
{
    public string Id => id;

    /// <summary>Anthropic's stop_reason for a turn's finish reason (the iteration limit ends a turn like max_tokens does).</summary>
    public static string StopReason(string finishReason) => finishReason switch
    {
        "length" => "max_tokens",
        "tool_calls" => "tool_use",
        _ => "end_turn",
    };

    /// <summary>The <c>message</c> a non-streamed turn answers.</summary>
    public AnthropicMessageResponse Message(TurnResult r)
    {
        var content = new List<AnthropicOutputBlock>(r.ToolCalls.Count + 1);
        if (r.Content.Length > 0 || r.ToolCalls.Count == 0)
        {
            content.Add(new AnthropicOutputText(r.Content));
        }
        foreach (var call in r.ToolCalls)
        {
            // The session serialises a call's arguments from a dictionary: always a JSON object, as Anthropic's input is.
            content.Add(new AnthropicOutputToolUse(call.Id, call.Name, JsonElement.Parse(call.ArgumentsJson)));
        }
        return new(id, "message", "assistant", r.Model, content, StopReason(r.FinishReason), null,
            new AnthropicUsage(r.Usage.InputTokens, r.Usage.OutputTokens));
    }

    public byte[] MessageStart() => Write(w =>
    {
        w.WriteString("type", "message_start");
        w.WriteStartObject("message");
        Header(w, model);
        w.WriteStartArray("content");
        w.WriteEndArray();
        w.WriteNull("stop_reason");
        w.WriteNull("stop_sequence");
        // The turn's input tokens are known once its model calls are done; message_delta carries them.
        Usage(w, 0, 0);
        w.WriteEndObject();
    });

    public static byte[] Ping() => Write(w => w.WriteString("type", "ping"));

    public static byte[] TextBlockStart(int index) => BlockStart(index, w =>
    {
        w.WriteString("type", "text");
        w.WriteString("text", "");
    });

    public static byte[] ToolUseBlockStart(int index, ToolCall call) => BlockStart(index, w =>
    {
        w.WriteString("type", "tool_use");
        w.WriteString("id", call.Id);
        w.WriteString("name", call.Name);
        w.WriteStartObject("input");
        w.WriteEndObject();
    });

    public static byte[] TextDelta(int index, string text) => Delta(index, w =>
    {
        w.WriteString("type", "text_delta");
        w.WriteString("text", text);
    });

    public static byte[] InputJsonDelta(int index, string partialJson) => Delta(index, w =>
    {
        w.WriteString("type", "input_json_delta");
        w.WriteString("partial_json", partialJson);
    });

    public static byte[] BlockStop(int index) => Write(w =>
    {
        w.WriteString("type", "content_block_stop");
        w.WriteNumber("index", index);
    });

    public static byte[] MessageDelta(TurnResult r) => Write(w =>
    {
        w.WriteString("type", "message_delta");
        w.WriteStartObject("delta");
        w.WriteString("stop_reason", StopReason(r.FinishReason));
        w.WriteNull("stop_sequence");
        w.WriteEndObject();
        Usage(w, r.Usage.InputTokens, r.Usage.OutputTokens);
    });

    public static byte[] MessageStop() => Write(w => w.WriteString("type", "message_stop"));

    /// <summary>A server tool starting or finishing inside the turn; Anthropic SDKs pass unknown event types through untouched.</summary>
    public static byte[] ToolEvent(string type, TurnEvent e) => Write(w =>
    {
        w.WriteString("type", type);
        w.WriteString("tool", e.ToolName);
        w.WriteString("tool_call_id", e.ToolCallId);
        if (e.Status is not null)
        {
            w.WriteString("status", e.Status);
        }
    });

    private void Header(Utf8JsonWriter w, string modelName)
    {
        w.WriteString("id", id);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", modelName);
    }

    private static byte[] BlockStart(int index, Action<Utf8JsonWriter> block) => Write(w =>
    {
        w.WriteString("type", "content_block_start");
        w.WriteNumber("index", index);
        w.WriteStartObject("content_block");
        block(w);
        w.WriteEndObject();
    });

    private static byte[] Delta(int index, Action<Utf8JsonWriter> delta) => Write(w =>
    {
        w.WriteString("type", "content_block_delta");
        w.WriteNumber("index", index);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
    });

    private static void Usage(Utf8JsonWriter w, long input, long output)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", input);
        w.WriteNumber("output_tokens", output);
        w.WriteEndObject();
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
