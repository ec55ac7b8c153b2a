using System.Buffers;
using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

/// <summary>The OpenAI Chat Completions response objects: the chat.completion record, and the chat.completion.chunk frames of a stream.</summary>
/// <param name="created">When the answer began (a resumable stream's run): every reading of its stream shows the same chunks. Now when null.</param>
public sealed class ChatWire(string id, string model, string sessionId, DateTimeOffset? created = null)
{
    private readonly long _created = (created ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();

    public string Id => id;

    /// <summary>HermesX's fingerprint, for answers whose provider gave none.</summary>
    public const string Fingerprint = "hermesx";

    /// <summary>The non-streamed answer, serialized by <see cref="ChatJson"/>.</summary>
    public ChatCompletion Completion(TurnResult r) => ChatCompletion.From(r, id, _created, sessionId);

    /// <summary>A chunk with one choice whose delta has a role and/or text.</summary>
    public byte[] Delta(string? role, string? text) => Chunk(w =>
    {
        if (role is not null)
        {
            w.WriteString("role", role);
        }
        if (text is not null)
        {
            w.WriteString("content", text);
        }
    }, finishReason: null);

    /// <summary>The last content chunk: client tool calls (if any) and the finish reason.</summary>
    public byte[] Finish(TurnResult r) => Chunk(w =>
    {
        if (r.Refusal is not null)
        {
            w.WriteString("refusal", r.Refusal);
        }
        if (r.ToolCalls.Count > 0)
        {
            ToolCalls(w, r.ToolCalls);
        }
    }, r.FinishReason, r.SystemFingerprint);

    /// <summary>The usage chunk sent when stream_options.include_usage is set: no choices, usage filled.</summary>
    public byte[] UsageChunk(TurnResult r) => Write(w =>
    {
        Header(w, "chat.completion.chunk", model, r.SystemFingerprint);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        Usage(w, r.Usage);
    });

    /// <summary>
    /// Data of a named tool event. It is also a valid chunk with no choices, so SDKs that do not
    /// look at SSE event names parse it as an empty update instead of failing.
    /// </summary>
    public byte[] ToolEvent(TurnEvent e) => Write(w =>
    {
        Header(w, "chat.completion.chunk", model);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        w.WriteStartObject("hermes");
        w.WriteString("type", e.Kind);
        w.WriteString("tool", e.ToolName);
        w.WriteString("tool_call_id", e.ToolCallId);
        if (e.Status is not null)
        {
            w.WriteString("status", e.Status);
        }
        w.WriteEndObject();
    });

    /// <summary>
    /// Data of the <c>hermes.interrupted</c> event of a resumable stream whose silo died while the model answered: that model
    /// call is made again, so the text it had streamed is void and its text follows anew. Like a tool event, a valid chunk with no choices.
    /// </summary>
    public byte[] Interrupted() => Write(w =>
    {
        Header(w, "chat.completion.chunk", model);
        w.WriteStartArray("choices");
        w.WriteEndArray();
        w.WriteStartObject("hermes");
        w.WriteString("type", TurnEventKinds.Interrupted);
        w.WriteEndObject();
    });

    private byte[] Chunk(Action<Utf8JsonWriter> delta, string? finishReason, string? fingerprint = null) => Write(w =>
    {
        Header(w, "chat.completion.chunk", model, fingerprint);
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        w.WriteNull("logprobs");
        if (finishReason is null)
        {
            w.WriteNull("finish_reason");
        }
        else
        {
            w.WriteString("finish_reason", finishReason);
        }
        w.WriteEndObject();
        w.WriteEndArray();
    });

    /// <summary>The provider's fingerprint when it gave one (only known once the answer is in), else HermesX's own.</summary>
    private void Header(Utf8JsonWriter w, string obj, string modelName, string? fingerprint = null)
    {
        w.WriteString("id", id);
        w.WriteString("object", obj);
        w.WriteNumber("created", _created);
        w.WriteString("model", modelName);
        w.WriteString("system_fingerprint", fingerprint ?? Fingerprint);
    }

    private static void ToolCalls(Utf8JsonWriter w, IReadOnlyList<ToolCall> calls)
    {
        w.WriteStartArray("tool_calls");
        for (var i = 0; i < calls.Count; i++)
        {
            w.WriteStartObject();
            w.WriteNumber("index", i);
            w.WriteString("id", calls[i].Id);
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", calls[i].Name);
            w.WriteString("arguments", calls[i].ArgumentsJson);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The usage chunk's usage is the non-streamed answer's record.</summary>
    private static void Usage(Utf8JsonWriter w, TokenUsage u)
    {
        w.WritePropertyName("usage");
        JsonSerializer.Serialize(w, ChatUsage.From(u), ChatJson.Default.ChatUsage);
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
