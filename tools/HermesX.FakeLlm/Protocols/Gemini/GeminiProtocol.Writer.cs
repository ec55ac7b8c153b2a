using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols.Gemini;

internal sealed partial class GeminiProtocol
{
    public Task WriteResponseAsync(HttpContext context, FakeExchange exchange, PlannedReply reply, string id) =>
        JsonBody.WriteAsync(context, StatusCodes.Status200OK, writer =>
            WriteFrame(writer, exchange, reply, id, reply.Text, reply.ToolCalls, final: true));

    public async Task WriteStreamAsync(HttpContext context, FakeExchange exchange, PlannedReply reply, string id)
    {
        var aborted = context.RequestAborted;
        // Each frame is (text, tool calls); the last one carries the finish reason and final usage.
        var frames = reply.Chunks.Select(c => (Text: c, Calls: (IReadOnlyList<PlannedToolCall>)[])).ToList();
        if (reply.ToolCalls.Count > 0)
        {
            frames.Add(("", reply.ToolCalls));
        }

        if (frames.Count == 0)
        {
            frames.Add(("", []));
        }

        var asSse = context.Request.Query["alt"] == "sse";
        if (asSse)
        {
            using var sse = new SseStream(context.Response);
            for (var i = 0; i < frames.Count; i++)
            {
                if (await StreamPacing.ShouldFailAsync(context, reply, i))
                {
                    return;
                }

                var (text, calls) = frames[i];
                var final = i == frames.Count - 1;
                await sse.WriteAsync(null, w => WriteFrame(w, exchange, reply, id, text, calls, final), aborted);
            }

            return;
        }

        await JsonBody.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartArray();
            for (var i = 0; i < frames.Count; i++)
            {
                WriteFrame(writer, exchange, reply, id, frames[i].Text, frames[i].Calls, i == frames.Count - 1);
            }

            writer.WriteEndArray();
        });
    }

    private static void WriteFrame(
        Utf8JsonWriter writer,
        FakeExchange exchange,
        PlannedReply reply,
        string id,
        string text,
        IReadOnlyList<PlannedToolCall> calls,
        bool final)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("candidates");
        writer.WriteStartObject();
        writer.WriteStartObject("content");
        writer.WriteStartArray("parts");
        if (text.Length > 0 || calls.Count == 0)
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        foreach (var call in calls)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("functionCall");
            writer.WriteString("name", call.Name);
            writer.WritePropertyName("args");
            JsonBody.WriteArguments(writer, call.ArgumentsJson);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("role", "model");
        writer.WriteEndObject();
        if (final)
        {
            writer.WriteString("finishReason", FinishReason(reply.Finish));
        }

        writer.WriteNumber("index", 0);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("usageMetadata");
        writer.WriteNumber("promptTokenCount", reply.InputTokens);
        if (final)
        {
            writer.WriteNumber("candidatesTokenCount", reply.OutputTokens - (reply.ReasoningTokens ?? 0));
            if (reply.ReasoningTokens is { } thoughts)
            {
                writer.WriteNumber("thoughtsTokenCount", thoughts);
            }
        }

        if (reply.CachedInputTokens is { } cached)
        {
            writer.WriteNumber("cachedContentTokenCount", cached);
        }

        writer.WriteNumber("totalTokenCount", reply.InputTokens + (final ? reply.OutputTokens : 0));
        writer.WriteEndObject();
        writer.WriteString("modelVersion", exchange.Model);
        writer.WriteString("responseId", "fake" + id);
        writer.WriteEndObject();
    }
}
