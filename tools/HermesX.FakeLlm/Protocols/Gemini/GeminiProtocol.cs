using System.Text.Json;
using HermesX.FakeLlm.Conversation;
using HermesX.FakeLlm.Scripting;
using Microsoft.AspNetCore.Http;

namespace HermesX.FakeLlm.Protocols.Gemini;

/// <summary>
/// Gemini API: <c>POST /v1beta/models/{model}:generateContent</c> and <c>:streamGenerateContent</c>
/// (server-sent events with <c>alt=sse</c>, otherwise one JSON array).
/// </summary>
internal sealed partial class GeminiProtocol : IFakeProtocol
{
    public const string ModelItem = "fake.gemini.model";
    public const string StreamItem = "fake.gemini.stream";

    public static readonly GeminiProtocol Instance = new();

    public string Name => "gemini";

    public string ToolIdPrefix => "fc_";

    /// <summary>Splits the <c>{model}:{method}</c> route segment; null when the method is not served.</summary>
    public static (string Model, bool Stream)? ParseTarget(string target)
    {
        var colon = target.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        return target[(colon + 1)..] switch
        {
            "generateContent" => (target[..colon], false),
            "streamGenerateContent" => (target[..colon], true),
            _ => null,
        };
    }

    public FakeExchange Parse(JsonElement root, HttpContext context)
    {
        var chars = root.Prop("systemInstruction") is { } system ? PartsText(system).Length : 0;
        string? lastUser = null;
        List<ToolResult> lastResults = [];
        var lastRole = "";
        foreach (var content in root.Items("contents"))
        {
            lastRole = content.Str("role") ?? "user";
            var text = PartsText(content);
            chars += text.Length;
            var results = new List<ToolResult>();
            foreach (var part in content.Items("parts"))
            {
                if (part.Prop("functionCall") is { } call)
                {
                    chars += call.Prop("args")?.GetRawText().Length ?? 0;
                }

                if (part.Prop("functionResponse") is { } response)
                {
                    var payload = response.Prop("response") is { } value ? ResultText(value) : "";
                    chars += payload.Length;
                    results.Add(new ToolResult(response.Str("name") ?? "tool", payload));
                }
            }

            lastResults = results;
            lastUser = text;
        }

        var fromUser = lastRole is "user" or "function";
        return new FakeExchange
        {
            Model = context.Items[ModelItem] as string ?? "unknown",
            Stream = context.Items[StreamItem] is true,
            MaxTokens = root.Prop("generationConfig") is { } config ? config.Int("maxOutputTokens") : null,
            PromptChars = chars,
            LastUserText = fromUser && lastResults.Count == 0 ? lastUser : null,
            LastToolResults = fromUser ? lastResults : [],
        };
    }

    public Task WriteErrorAsync(HttpContext context, int status, string message) =>
        JsonBody.WriteAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteNumber("code", status);
            writer.WriteString("message", message);
            writer.WriteString("status", status switch
            {
                400 => "INVALID_ARGUMENT",
                401 => "UNAUTHENTICATED",
                403 => "PERMISSION_DENIED",
                404 => "NOT_FOUND",
                429 => "RESOURCE_EXHAUSTED",
                503 => "UNAVAILABLE",
                504 => "DEADLINE_EXCEEDED",
                _ => "INTERNAL",
            });
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static string PartsText(JsonElement content) =>
        string.Concat(content.Items("parts").Select(p => p.Str("text") ?? ""));

    /// <summary>A function response as text: its lone "result"/"output" field when that is all there is.</summary>
    private static string ResultText(JsonElement response)
    {
        if (response.ValueKind == JsonValueKind.Object)
        {
            var fields = response.EnumerateObject().ToList();
            if (fields is [{ Name: "result" or "output" or "content" } only])
            {
                return only.Value.AsText();
            }
        }

        return response.AsText();
    }

    private static string FinishReason(FakeFinish finish) => finish switch
    {
        FakeFinish.Length => "MAX_TOKENS",
        FakeFinish.ContentFilter => "SAFETY",
        _ => "STOP",
    };
}
