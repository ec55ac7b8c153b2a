using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using HermesX.FakeLlm.Scripting;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols.Anthropic;

/// <summary>Anthropic Messages API: <c>POST /v1/messages</c>.</summary>
internal sealed partial class AnthropicProtocol : IFakeProtocol
{
    public static readonly AnthropicProtocol Instance = new();

    public string Name => "anthropic";

    public string ToolIdPrefix => "toolu_";

    public FakeExchange Parse(JsonElement root, HttpContext context)
    {
        var chars = root.Prop("system") is { } system ? BlocksText(system).Length : 0;
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        string? lastUser = null;
        List<ToolResult> lastResults = [];
        var lastRole = "";
        foreach (var message in root.Items("messages"))
        {
            lastRole = message.Str("role") ?? "";
            var content = message.Prop("content");
            chars += BlocksText(content).Length;
            var results = new List<ToolResult>();
            if (content is { ValueKind: JsonValueKind.Array } blocks)
            {
                foreach (var block in blocks.EnumerateArray())
                {
                    switch (block.Str("type"))
                    {
                        case "tool_use" when block.Str("id") is { } id:
                            callNames[id] = block.Str("name") ?? id;
                            chars += block.Prop("input")?.GetRawText().Length ?? 0;
                            break;
                        case "tool_result":
                            var useId = block.Str("tool_use_id") ?? "";
                            var resultText = BlocksText(block.Prop("content"));
                            chars += resultText.Length;
                            results.Add(new ToolResult(callNames.GetValueOrDefault(useId, useId), resultText));
                            break;
                    }
                }
            }

            lastResults = results;
            lastUser = BlocksText(content);
        }

        var lastIsUser = lastRole == "user";
        return new FakeExchange
        {
            Model = root.Str("model") ?? "unknown",
            Stream = root.Bool("stream"),
            MaxTokens = root.Int("max_tokens"),
            PromptChars = chars,
            LastUserText = lastIsUser && lastResults.Count == 0 ? lastUser : null,
            LastToolResults = lastIsUser ? lastResults : [],
        };
    }

    public Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.Headers["request-id"] = "req_hermesx_fake";
        return JsonBody.WriteAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", status switch
            {
                400 => "invalid_request_error",
                401 => "authentication_error",
                403 => "permission_error",
                404 => "not_found_error",
                413 => "request_too_large",
                429 => "rate_limit_error",
                529 => "overloaded_error",
                _ => "api_error",
            });
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>Text of a content value: a string, or the text of its text blocks.</summary>
    private static string BlocksText(JsonElement? content) => content switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
        { ValueKind: JsonValueKind.Array } blocks => string.Concat(
            blocks.EnumerateArray().Select(b => b.Str("type") == "text" ? b.Str("text") ?? "" : "")),
        _ => "",
    };

    private static string StopReason(FakeFinish finish) => finish switch
    {
        FakeFinish.Length => "max_tokens",
        FakeFinish.ToolCalls => "tool_use",
        FakeFinish.ContentFilter => "refusal",
        _ => "end_turn",
    };
}
