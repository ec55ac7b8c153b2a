using HermesX.Grains.Abstractions.Text;
using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace HermesX.Grains.Agent;

/// <summary>Converts between the session's stored messages and Microsoft.Extensions.AI messages.</summary>
public static class MessageMapping
{
    /// <summary>
    /// The message as MEAI's. Sessions keep the converted history (each message converted once), so
    /// model clients that encode a message once (the OpenAI client) find the same instance turn after turn.
    /// </summary>
    public static AiChatMessage ToAi(SessionMessage m) => m.Role switch
    {
        "system" => new AiChatMessage(ChatRole.System, m.Content),
        "user" when m.Parts is { Count: > 0 } parts => new AiChatMessage(ChatRole.User, [.. parts.Select(ToAi)]),
        "user" => new AiChatMessage(ChatRole.User, m.Content),
        "tool" => new AiChatMessage(ChatRole.Tool, [new FunctionResultContent(m.ToolCallId ?? "", m.Content)]),
        _ => new AiChatMessage(ChatRole.Assistant, AssistantContents(m)),
    };

    /// <summary>Media as MEAI content: each provider's client writes it in its own wire format.</summary>
    private static AIContent ToAi(ContentPart p) => p switch
    {
        { Type: ContentPartTypes.Text } => new TextContent(p.Text),
        { Url: { } url } => new UriContent(new Uri(url), "image/*"),
        _ => new DataContent(Convert.FromBase64String(p.Data!), p.MediaType ?? "application/octet-stream") { Name = p.FileName },
    };

    private static List<AIContent> AssistantContents(SessionMessage m)
    {
        var contents = new List<AIContent>();
        if (m.Content.Length > 0)
        {
            contents.Add(new TextContent(m.Content));
        }
        foreach (var call in m.ToolCalls ?? [])
        {
            contents.Add(new FunctionCallContent(call.Id, call.Name, ParseArguments(call.ArgumentsJson)) { RawRepresentation = call.ArgumentsJson });
        }
        return contents;
    }

    public static IDictionary<string, object?> ParseArguments(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, object?>>(string.IsNullOrWhiteSpace(json) ? "{}" : json) ?? [];
        }
        catch (JsonException)
        {
            // Keep what the model said so it can see (and fix) its own malformed arguments.
            return new Dictionary<string, object?> { ["_raw"] = json };
        }
    }

    public static IReadOnlyList<ToolCall> ToolCalls(ChatResponse response) =>
        response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(f => new ToolCall(string.IsNullOrEmpty(f.CallId) ? RandomIds.New("call_")[..29] : f.CallId, f.Name,
                f.RawRepresentation as string ?? JsonSerializer.Serialize(f.Arguments ?? new Dictionary<string, object?>())))
            .ToList();

    public static TokenUsage Usage(ChatResponse response) =>
        new(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0,
            response.Usage?.CachedInputTokenCount, response.Usage?.ReasoningTokenCount);
}
