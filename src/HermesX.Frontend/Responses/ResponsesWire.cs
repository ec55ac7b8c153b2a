using System.Buffers;
using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>
/// Writes the OpenAI Responses API objects: the response (for POST, GET and the stream's lifecycle
/// events) and its output items. Item ids derive from the response id, so every rendering agrees.
/// </summary>
public sealed class ResponsesWire
{
    private readonly string _id;
    private readonly string _sessionId;
    private readonly string _model;
    private readonly JsonElement _echo;
    private readonly long _createdAt;

    public ResponsesWire(string id, string sessionId, string model, string echoJson, DateTimeOffset createdAt)
    {
        _id = id;
        _sessionId = sessionId;
        _model = model;
        using var doc = JsonDocument.Parse(echoJson);
        _echo = doc.RootElement.Clone();
        _createdAt = createdAt.ToUnixTimeSeconds();
    }

    public static ResponsesWire For(StoredResponse stored) =>
        new(stored.Id, stored.SessionId, stored.Result.Model, stored.RequestJson, stored.CreatedAt);

    public string MessageId => ResponseId.MessageItem(_id);

    public string CallItemId(int index) => ResponseId.CallItem(_id, index);

    /// <summary>The output items of a finished turn: its text (when there is any or nothing else), then its client tool calls.</summary>
    public static bool HasMessage(TurnResult r) => r.Content.Length > 0 || r.ToolCalls.Count == 0;

    public byte[] Response(TurnResult r) => Write(w => WriteResponse(w, r, null));

    /// <summary>The response as a stream event carries it: in progress (no result yet), completed, or failed.</summary>
    public void WriteResponse(Utf8JsonWriter w, TurnResult? r, (string Code, string Message)? error)
    {
        var incomplete = r is { FinishReason: "length" };
        w.WriteString("id", _id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", _createdAt);
        w.WriteString("status", error is not null ? "failed" : r is null ? "in_progress" : incomplete ? "incomplete" : "completed");
        if (error is { } e)
        {
            w.WriteStartObject("error");
            w.WriteString("code", e.Code);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("error");
        }
        if (incomplete)
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", "max_output_tokens");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("incomplete_details");
        }
        Echo(w, "instructions");
        Echo(w, "max_output_tokens");
        w.WriteString("model", r?.Model ?? _model);
        w.WriteStartArray("output");
        if (r is not null)
        {
            if (HasMessage(r))
            {
                MessageItem(w, r.Content, "completed");
            }
            for (var i = 0; i < r.ToolCalls.Count; i++)
            {
                CallItem(w, i, r.ToolCalls[i], r.ToolCalls[i].ArgumentsJson, "completed");
            }
        }
        w.WriteEndArray();
        Echo(w, "parallel_tool_calls");
        Echo(w, "previous_response_id");
        w.WriteStartObject("reasoning");
        w.WriteNull("effort");
        w.WriteNull("summary");
        w.WriteEndObject();
        Echo(w, "store");
        Echo(w, "temperature");
        w.WriteStartObject("text");
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteEndObject();
        Echo(w, "tool_choice");
        Echo(w, "tools");
        Echo(w, "top_p");
        w.WriteString("truncation", "disabled");
        if (r is null || error is not null)
        {
            w.WriteNull("usage");
        }
        else
        {
            Usage(w, r.Usage);
        }
        Echo(w, "user");
        Echo(w, "metadata");
        w.WriteString("session_id", _sessionId);
    }

    public void MessageItem(Utf8JsonWriter w, string? text, string status)
    {
        w.WriteStartObject();
        w.WriteString("id", MessageId);
        w.WriteString("type", "message");
        w.WriteString("status", status);
        w.WriteString("role", "assistant");
        w.WriteStartArray("content");
        if (text is not null)
        {
            TextPart(w, text);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void TextPart(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteString("text", text);
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteStartArray("logprobs");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public void CallItem(Utf8JsonWriter w, int index, ToolCall call, string arguments, string status)
    {
        w.WriteStartObject();
        w.WriteString("id", CallItemId(index));
        w.WriteString("type", "function_call");
        w.WriteString("status", status);
        w.WriteString("call_id", call.Id);
        w.WriteString("name", call.Name);
        w.WriteString("arguments", arguments);
        w.WriteEndObject();
    }

    private static void Usage(Utf8JsonWriter w, TokenUsage u)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", u.InputTokens);
        w.WriteStartObject("input_tokens_details");
        w.WriteNumber("cached_tokens", 0);
        w.WriteEndObject();
        w.WriteNumber("output_tokens", u.OutputTokens);
        w.WriteStartObject("output_tokens_details");
        w.WriteNumber("reasoning_tokens", 0);
        w.WriteEndObject();
        w.WriteNumber("total_tokens", u.TotalTokens);
        w.WriteEndObject();
    }

    private void Echo(Utf8JsonWriter w, string name)
    {
        w.WritePropertyName(name);
        if (_echo.TryGetProperty(name, out var v))
        {
            v.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
    }

    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
