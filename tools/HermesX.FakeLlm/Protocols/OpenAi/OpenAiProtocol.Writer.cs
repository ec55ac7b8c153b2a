using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols.OpenAi;

internal sealed partial class OpenAiProtocol
{
    public Task WriteResponseAsync(HttpContext context, FakeExchange exchange, PlannedReply reply, string id) =>
        JsonBody.WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            WriteEnvelope(writer, "chat.completion", exchange, id);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            if (reply.Text.Length == 0 && reply.ToolCalls.Count > 0)
            {
                writer.WriteNull("content");
            }
            else
            {
                writer.WriteString("content", reply.Text);
            }

            if (reply.Refusal is null)
            {
                writer.WriteNull("refusal");
            }
            else
            {
                writer.WriteString("refusal", reply.Refusal);
            }

            if (reply.ToolCalls.Count > 0)
            {
                writer.WriteStartArray("tool_calls");
                foreach (var call in reply.ToolCalls)
                {
                    WriteToolCall(writer, null, call.Id, call.Name, call.ArgumentsJson);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            WriteLogprobs(writer, exchange, reply.Chunks);
            writer.WriteString("finish_reason", FinishReason(reply.Finish));
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, reply);
            writer.WriteEndObject();
        });

    public async Task WriteStreamAsync(HttpContext context, FakeExchange exchange, PlannedReply reply, string id)
    {
        var aborted = context.RequestAborted;
        using var sse = new SseStream(context.Response);
        await sse.WriteAsync(null, w => WriteChunk(w, exchange, id, d =>
        {
            d.WriteString("role", "assistant");
            d.WriteString("content", "");
            d.WriteNull("refusal");
        }), aborted);

        var sent = 0;
        foreach (var piece in reply.Chunks)
        {
            if (await StreamPacing.ShouldFailAsync(context, reply, sent++))
            {
                return;
            }

            await sse.WriteAsync(null, w => WriteChunk(w, exchange, id, d => d.WriteString("content", piece)), aborted);
        }

        for (var index = 0; index < reply.ToolCalls.Count; index++)
        {
            var call = reply.ToolCalls[index];
            var callIndex = index;
            await sse.WriteAsync(null, w => WriteChunk(w, exchange, id, d => WriteToolCallDelta(d, callIndex, w2 =>
                WriteToolCall(w2, callIndex, call.Id, call.Name, ""))), aborted);
            foreach (var piece in JsonBody.Pieces(call.ArgumentsJson))
            {
                await sse.WriteAsync(null, w => WriteChunk(w, exchange, id, d => WriteToolCallDelta(d, callIndex, w2 =>
                {
                    w2.WriteStartObject();
                    w2.WriteNumber("index", callIndex);
                    w2.WriteStartObject("function");
                    w2.WriteString("arguments", piece);
                    w2.WriteEndObject();
                    w2.WriteEndObject();
                })), aborted);
            }
        }

        await sse.WriteAsync(null, w => WriteChunk(w, exchange, id, _ => { }, FinishReason(reply.Finish)), aborted);
        if (exchange.IncludeUsage)
        {
            await sse.WriteAsync(null, w =>
            {
                WriteEnvelope(w, "chat.completion.chunk", exchange, id);
                w.WriteStartArray("choices");
                w.WriteEndArray();
                WriteUsage(w, reply);
                w.WriteEndObject();
            }, aborted);
        }

        await sse.WriteRawDataAsync("[DONE]", aborted);
    }

    private static void WriteEnvelope(Utf8JsonWriter writer, string kind, FakeExchange exchange, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("id", "chatcmpl-fake" + id);
        writer.WriteString("object", kind);
        writer.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        writer.WriteString("model", exchange.Model);
        writer.WriteString("system_fingerprint", "fp_hermesx_fake");
    }

    private static void WriteChunk(
        Utf8JsonWriter writer, FakeExchange exchange, string id, Action<Utf8JsonWriter> writeDelta, string? finish = null)
    {
        WriteEnvelope(writer, "chat.completion.chunk", exchange, id);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("delta");
        writeDelta(writer);
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        if (finish is null)
        {
            writer.WriteNull("finish_reason");
        }
        else
        {
            writer.WriteString("finish_reason", finish);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteToolCallDelta(Utf8JsonWriter delta, int index, Action<Utf8JsonWriter> writeCall)
    {
        delta.WriteStartArray("tool_calls");
        writeCall(delta);
        delta.WriteEndArray();
    }

    private static void WriteToolCall(Utf8JsonWriter writer, int? index, string id, string name, string arguments)
    {
        writer.WriteStartObject();
        if (index is { } i)
        {
            writer.WriteNumber("index", i);
        }

        writer.WriteString("id", id);
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", name);
        writer.WriteString("arguments", arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, PlannedReply reply)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", reply.InputTokens);
        writer.WriteNumber("completion_tokens", reply.OutputTokens);
        writer.WriteNumber("total_tokens", reply.InputTokens + reply.OutputTokens);
        if (reply.CachedInputTokens is { } cached)
        {
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", cached);
            writer.WriteEndObject();
        }

        if (reply.ReasoningTokens is { } reasoning)
        {
            writer.WriteStartObject("completion_tokens_details");
            writer.WriteNumber("reasoning_tokens", reasoning);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>One entry per word when logprobs were asked for: logprob -0.5, alternatives at -1, -2, ...</summary>
    private static void WriteLogprobs(Utf8JsonWriter writer, FakeExchange exchange, IReadOnlyList<string> tokens)
    {
        if (!exchange.Logprobs)
        {
            writer.WriteNull("logprobs");
            return;
        }

        writer.WriteStartObject("logprobs");
        writer.WriteStartArray("content");
        foreach (var token in tokens)
        {
            WriteToken(writer, token, -0.5);
            writer.WriteStartArray("top_logprobs");
            for (var i = 0; i < exchange.TopLogprobs; i++)
            {
                WriteToken(writer, $"alt{i}", -1.0 - i);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNull("refusal");
        writer.WriteEndObject();
    }

    private static void WriteToken(Utf8JsonWriter writer, string token, double logprob)
    {
        writer.WriteStartObject();
        writer.WriteString("token", token);
        writer.WriteNumber("logprob", logprob);
        writer.WriteStartArray("bytes");
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(token))
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
    }
}
