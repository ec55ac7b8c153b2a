using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols.OpenAi;

/// <summary>OpenAI Chat Completions: <c>POST /v1/chat/completions</c>.</summary>
internal sealed partial class OpenAiProtocol : IFakeProtocol
{
    public static readonly OpenAiProtocol Instance = new();

    public string Name => "openai";

    public string ToolIdPrefix => "call_";

    public FakeExchange Parse(JsonElement root, HttpContext context)
    {
        var chars = 0;
        string? lastRole = null;
        string? lastUser = null;
        var toolResults = new List<ToolResult>();
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in root.Items("messages"))
        {
            var role = message.Str("role");
            var text = ContentText(message.Prop("content"));
            chars += text.Length;
            foreach (var call in message.Items("tool_calls"))
            {
                if (call.Str("id") is { } callId && call.Prop("function") is { } function)
                {
                    callNames[callId] = function.Str("name") ?? callId;
                    chars += function.Str("arguments")?.Length ?? 0;
                }
            }

            if (role == "tool")
            {
                if (lastRole != "tool")
                {
                    toolResults.Clear();
                }

                var callId = message.Str("tool_call_id") ?? "";
                toolResults.Add(new ToolResult(callNames.GetValueOrDefault(callId, callId), text));
            }
            else if (role == "user")
            {
                lastUser = text;
            }

            lastRole = role;
        }

        return new FakeExchange
        {
            Model = root.Str("model") ?? "unknown",
            Stream = root.Bool("stream"),
            IncludeUsage = root.Prop("stream_options") is { } options && options.Bool("include_usage"),
            MaxTokens = root.Int("max_completion_tokens") ?? root.Int("max_tokens"),
            Logprobs = root.Bool("logprobs"),
            TopLogprobs = root.Int("top_logprobs") ?? 0,
            PromptChars = chars,
            LastUserText = lastRole == "user" ? lastUser : null,
            LastToolResults = lastRole == "tool" ? toolResults : [],
        };
    }

    public Task WriteErrorAsync(HttpContext context, int status, string message) =>
        JsonBody.WriteAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", status switch
            {
                StatusCodes.Status429TooManyRequests => "rate_limit_error",
                >= 500 => "server_error",
                StatusCodes.Status401Unauthorized => "authentication_error",
                _ => "invalid_request_error",
            });
            writer.WriteNull("param");
            writer.WriteNull("code");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static string ContentText(JsonElement? content) => content switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
        { ValueKind: JsonValueKind.Array } parts => string.Concat(
            parts.EnumerateArray().Select(p => p.Str("type") == "text" ? p.Str("text") ?? "" : "")),
        _ => "",
    };

    private static string FinishReason(Scripting.FakeFinish finish) => finish switch
    {
        Scripting.FakeFinish.Length => "length",
        Scripting.FakeFinish.ToolCalls => "tool_calls",
        Scripting.FakeFinish.ContentFilter => "content_filter",
        _ => "stop",
    };
}
