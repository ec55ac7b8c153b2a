using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols.Anthropic;

internal sealed partial class AnthropicProtocol
{
    public Task WriteResponseAsync(HttpContext context, FakeExchange exchange, PlannedReply reply, string id) =>
        JsonBody.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            WriteMessageStart(writer, exchange, id);
            writer.WriteStartArray("content");
            if (reply.Text.Length > 0 || reply.ToolCalls.Count == 0)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WriteString("text", reply.Text);
                writer.WriteEndObject();
            }

            foreach (var call in reply.ToolCalls)
            {
                WriteToolUse(writer, call, call.ArgumentsJson);
            }

            writer.WriteEndArray();
            writer.WriteString("stop_reason", StopReason(reply.Finish));
            writer.WriteNull("stop_sequence");
            WriteUsage(writer, reply.InputTokens, reply.OutputTokens, reply.CachedInputTokens);
            writer.WriteEndObject();
        });

    public async Task WriteStreamAsync(HttpContext context, FakeExchange exchange, PlannedReply reply, string id)
    {
        var aborted = context.RequestAborted;
        using var sse = new SseStream(context.Response);
        await sse.WriteAsync("message_start", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_start");
            w.WritePropertyName("message");
            WriteMessageStart(w, exchange, id);
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteNull("stop_reason");
            w.WriteNull("stop_sequence");
            WriteUsage(w, reply.InputTokens, 1, reply.CachedInputTokens);
            w.WriteEndObject();
            w.WriteEndObject();
        }, aborted);

        var index = 0;
        if (reply.Chunks.Count > 0 || reply.ToolCalls.Count == 0)
        {
            await BlockStartAsync(sse, index, w =>
            {
                w.WriteString("type", "text");
                w.WriteString("text", "");
            }, aborted);
            await sse.WriteAsync("ping", w => Typed(w, "ping", _ => { }), aborted);
            var sent = 0;
            foreach (var piece in reply.Chunks)
            {
                if (await StreamPacing.ShouldFailAsync(context, reply, sent++))
                {
                    return;
                }

                await DeltaAsync(sse, index, "text_delta", "text", piece, aborted);
            }

            await BlockStopAsync(sse, index++, aborted);
        }

        foreach (var call in reply.ToolCalls)
        {
            await BlockStartAsync(sse, index, w => WriteToolUseFields(w, call, "{}"), aborted);
            await DeltaAsync(sse, index, "input_json_delta", "partial_json", "", aborted);
            foreach (var piece in JsonBody.Pieces(call.ArgumentsJson))
            {
                await DeltaAsync(sse, index, "input_json_delta", "partial_json", piece, aborted);
            }

            await BlockStopAsync(sse, index++, aborted);
        }

        await sse.WriteAsync("message_delta", w => Typed(w, "message_delta", m =>
        {
            m.WriteStartObject("delta");
            m.WriteString("stop_reason", StopReason(reply.Finish));
            m.WriteNull("stop_sequence");
            m.WriteEndObject();
            m.WriteStartObject("usage");
            m.WriteNumber("output_tokens", reply.OutputTokens);
            m.WriteEndObject();
        }), aborted);
        await sse.WriteAsync("message_stop", w => Typed(w, "message_stop", _ => { }), aborted);
    }

    private static ValueTask BlockStartAsync(SseStream sse, int index, Action<Utf8JsonWriter> writeBlock, CancellationToken ct) =>
        sse.WriteAsync("content_block_start", w => Typed(w, "content_block_start", m =>
        {
            m.WriteNumber("index", index);
            m.WriteStartObject("content_block");
            writeBlock(m);
            m.WriteEndObject();
        }), ct);

    private static ValueTask BlockStopAsync(SseStream sse, int index, CancellationToken ct) =>
        sse.WriteAsync("content_block_stop", w => Typed(w, "content_block_stop", m => m.WriteNumber("index", index)), ct);

    private static ValueTask DeltaAsync(SseStream sse, int index, string kind, string field, string value, CancellationToken ct) =>
        sse.WriteAsync("content_block_delta", w => Typed(w, "content_block_delta", m =>
        {
            m.WriteNumber("index", index);
            m.WriteStartObject("delta");
            m.WriteString("type", kind);
            m.WriteString(field, value);
            m.WriteEndObject();
        }), ct);

    private static void Typed(Utf8JsonWriter writer, string type, Action<Utf8JsonWriter> writeRest)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writeRest(writer);
        writer.WriteEndObject();
    }

    /// <summary>Opens the message object and writes its identity fields; the caller closes it.</summary>
    private static void WriteMessageStart(Utf8JsonWriter writer, FakeExchange exchange, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("id", "msg_fake" + id);
        writer.WriteString("type", "message");
        writer.WriteString("role", "assistant");
        writer.WriteString("model", exchange.Model);
    }

    private static void WriteToolUse(Utf8JsonWriter writer, PlannedToolCall call, string argumentsJson)
    {
        writer.WriteStartObject();
        WriteToolUseFields(writer, call, argumentsJson);
        writer.WriteEndObject();
    }

    private static void WriteToolUseFields(Utf8JsonWriter writer, PlannedToolCall call, string argumentsJson)
    {
        writer.WriteString("type", "tool_use");
        writer.WriteString("id", call.Id);
        writer.WriteString("name", call.Name);
        writer.WritePropertyName("input");
        JsonBody.WriteArguments(writer, argumentsJson);
    }

    private static void WriteUsage(Utf8JsonWriter writer, int inputTokens, int outputTokens, int? cachedTokens)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", inputTokens);
        writer.WriteNumber("cache_creation_input_tokens", 0);
        writer.WriteNumber("cache_read_input_tokens", cachedTokens ?? 0);
        writer.WriteNumber("output_tokens", outputTokens);
        writer.WriteString("service_tier", "standard");
        writer.WriteEndObject();
    }
}
