using System.Text.Json;
using HermesX.FakeLlm.Protocols;

namespace HermesX.FakeLlm.Scripting;

/// <summary>
/// Reads the body of <c>POST /_fake/script</c>: one reply object, an array of them, or
/// <c>{"replies":[...]}</c>. Reply fields: <c>text</c>, <c>chunks</c>, <c>tool_calls</c>
/// (<c>[{"name","arguments","id"}]</c>, arguments an object or a JSON string), <c>error</c>
/// (<c>{"status","message"}</c> or a status number), <c>delay_ms</c>, <c>chunk_delay_ms</c>,
/// <c>finish</c> (<c>stop</c>|<c>length</c>|<c>tool_calls</c>|<c>content_filter</c>), <c>fail_after_chunks</c>,
/// <c>refusal</c>, <c>cached_input_tokens</c>, <c>reasoning_tokens</c>.
/// </summary>
public static class FakeScriptJson
{
    public static IReadOnlyList<FakeReply> Parse(JsonElement root) => root switch
    {
        { ValueKind: JsonValueKind.Array } => [.. root.EnumerateArray().Select(ParseReply)],
        { ValueKind: JsonValueKind.Object } when root.Prop("replies") is { ValueKind: JsonValueKind.Array } list =>
            [.. list.EnumerateArray().Select(ParseReply)],
        { ValueKind: JsonValueKind.Object } => [ParseReply(root)],
        _ => throw new JsonException("A script is a reply object, an array of them, or {\"replies\":[...]}"),
    };

    private static FakeReply ParseReply(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Each scripted reply must be a JSON object");
        }

        var error = element.Prop("error");
        return new FakeReply
        {
            Text = element.Str("text"),
            Chunks = element.Prop("chunks") is { ValueKind: JsonValueKind.Array } chunks
                ? [.. chunks.EnumerateArray().Select(c => c.AsText())]
                : null,
            ToolCalls = [.. element.Items("tool_calls").Select(ParseToolCall)],
            ErrorStatus = error is { ValueKind: JsonValueKind.Number } code ? code.GetInt32()
                : error is { } e ? e.Int("status") ?? 500
                : element.Int("status"),
            ErrorMessage = error?.Str("message"),
            DelayMs = element.Int("delay_ms") ?? 0,
            ChunkDelayMs = element.Int("chunk_delay_ms") ?? 0,
            Finish = (element.Str("finish") ?? element.Str("finish_reason")) switch
            {
                null => null,
                "length" or "max_tokens" => FakeFinish.Length,
                "tool_calls" or "tool_use" => FakeFinish.ToolCalls,
                "content_filter" or "refusal" or "safety" => FakeFinish.ContentFilter,
                _ => FakeFinish.Stop,
            },
            FailAfterChunks = element.Int("fail_after_chunks"),
            Refusal = element.Str("refusal"),
            CachedInputTokens = element.Int("cached_input_tokens"),
            ReasoningTokens = element.Int("reasoning_tokens"),
        };
    }

    private static FakeToolCall ParseToolCall(JsonElement element)
    {
        var name = element.Str("name") ?? throw new JsonException("A scripted tool call needs a name");
        var arguments = element.Prop("arguments") switch
        {
            { ValueKind: JsonValueKind.String } text => text.GetString() ?? "{}",
            { ValueKind: JsonValueKind.Object } value => value.GetRawText(),
            _ => "{}",
        };
        return new FakeToolCall(name, arguments, element.Str("id"));
    }
}
