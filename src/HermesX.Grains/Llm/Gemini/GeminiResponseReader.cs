using System.Text.Json;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.Gemini;

/// <summary>Reads a Gemini <c>GenerateContentResponse</c> (whole or one streamed chunk).</summary>
internal static class GeminiResponseReader
{
    public sealed record Chunk(
        List<AIContent> Contents, ChatFinishReason? FinishReason, UsageDetails? Usage, string? ResponseId, string? ModelId);

    public static Chunk Read(JsonElement root)
    {
        var contents = new List<AIContent>();
        ChatFinishReason? finish = null;
        if (root.TryGetProperty("candidates", out var candidates) && candidates.ValueKind == JsonValueKind.Array
            && candidates.GetArrayLength() > 0)
        {
            var candidate = candidates[0];
            if (candidate.TryGetProperty("content", out var content)
                && content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in parts.EnumerateArray())
                {
                    if (ReadPart(part) is { } item)
                    {
                        contents.Add(item);
                    }
                }
            }

            if (candidate.TryGetProperty("finishReason", out var reason) && reason.ValueKind == JsonValueKind.String)
            {
                finish = contents.OfType<FunctionCallContent>().Any()
                    ? ChatFinishReason.ToolCalls
                    : MapFinishReason(reason.GetString()!);
            }
        }

        return new Chunk(contents, finish, ReadUsage(root), Str(root, "responseId"), Str(root, "modelVersion"));
    }

    /// <summary>The message of a Gemini error body, or null when the body is not one.</summary>
    public static string? ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) ? Str(error, "message") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static AIContent? ReadPart(JsonElement part)
    {
        if (part.TryGetProperty("functionCall", out var call))
        {
            var name = Str(call, "name") ?? "";
            var arguments = call.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Object
                ? args.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
                : new Dictionary<string, object?>();
            // Gemini usually sends no call id; one is made up so results can be matched to calls.
            var id = Str(call, "id") ?? $"call_{Guid.NewGuid():N}"[..29];
            return new FunctionCallContent(id, name, arguments) { RawRepresentation = call.Clone() };
        }

        if (Str(part, "text") is { } text)
        {
            return part.TryGetProperty("thought", out var thought) && thought.ValueKind == JsonValueKind.True
                ? new TextReasoningContent(text)
                : new TextContent(text);
        }

        return null;
    }

    private static UsageDetails? ReadUsage(JsonElement root)
    {
        if (!root.TryGetProperty("usageMetadata", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var output = Long(usage, "candidatesTokenCount");
        var thoughts = Long(usage, "thoughtsTokenCount");
        return new UsageDetails
        {
            InputTokenCount = Long(usage, "promptTokenCount"),
            // Thinking tokens are billed as output.
            OutputTokenCount = output is null && thoughts is null ? null : (output ?? 0) + (thoughts ?? 0),
            ReasoningTokenCount = thoughts,
            CachedInputTokenCount = Long(usage, "cachedContentTokenCount"),
            TotalTokenCount = Long(usage, "totalTokenCount"),
        };
    }

    private static ChatFinishReason MapFinishReason(string reason) => reason switch
    {
        "STOP" => ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        "SAFETY" or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII" or "IMAGE_SAFETY" =>
            ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : null;
}
