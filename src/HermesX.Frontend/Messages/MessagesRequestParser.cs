using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Messages;

/// <summary>An Anthropic Messages request translated into what a HermesX turn carries.</summary>
public sealed record ParsedMessagesRequest(
    string Model, int MaxTokens, IReadOnlyList<SessionMessage> Messages, IReadOnlyList<ClientTool> Tools,
    string? ToolChoice, double? Temperature, bool Stream, TurnOptions Options);

/// <summary>
/// Reads the Anthropic Messages body. Every field is either carried into the turn or refused with the
/// field named: a client asking for sampling, stop sequences or caching it would not get must know.
/// </summary>
public static class MessagesRequestParser
{
    private static readonly HashSet<string> Known =
        ["model", "max_tokens", "messages", "system", "tools", "tool_choice", "temperature", "top_p", "top_k", "stop_sequences", "stream", "metadata"];

    public static ParsedMessagesRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ChatRequestException("request body must be a JSON object", "body");
        }
        foreach (var p in body.EnumerateObject())
        {
            if (!Known.Contains(p.Name))
            {
                throw Unsupported(p.Name);
            }
        }
        var model = Json.String(body, "model") is { Length: > 0 } m ? m : throw new ChatRequestException("'model' is required", "model");
        var maxTokens = Json.Int(body, "max_tokens") ?? throw new ChatRequestException("'max_tokens' is required", "max_tokens");
        if (maxTokens < 1)
        {
            throw new ChatRequestException("'max_tokens' must be at least 1", "max_tokens");
        }
        var temperature = Json.Number(body, "temperature");
        if (temperature is < 0 or > 1)
        {
            throw new ChatRequestException("'temperature' must be between 0 and 1", "temperature");
        }
        var options = new TurnOptions
        {
            TopP = Sampling(body),
            Stop = StopSequences(body),
            EndUser = EndUser(body),
            ParallelToolCalls = body.TryGetProperty("tool_choice", out var tc) && tc.ValueKind == JsonValueKind.Object &&
                                Json.Bool(tc, "disable_parallel_tool_use") == true ? false : null,
        };

        var messages = new List<SessionMessage>();
        if (MessagesContent.System(body) is { } system)
        {
            messages.Add(system);
        }
        messages.AddRange(MessagesContent.Messages(body));
        var tools = Tools(body);
        return new ParsedMessagesRequest(model, maxTokens, messages, tools, ToolChoice(body, tools), temperature, Json.Bool(body, "stream") ?? false, options);
    }

    /// <summary><c>top_p</c> goes to the model as chat's does; <c>top_k</c> has no counterpart in a turn and is refused.</summary>
    private static double? Sampling(JsonElement body)
    {
        if (Json.Number(body, "top_k") is not null)
        {
            throw new ChatRequestException("'top_k' is not supported by HermesX's Messages API: use 'top_p' or 'temperature'", "top_k");
        }
        var topP = Json.Number(body, "top_p");
        return topP is < 0 or > 1 ? throw new ChatRequestException("'top_p' must be between 0 and 1", "top_p") : topP;
    }

    private static IReadOnlyList<string>? StopSequences(JsonElement body)
    {
        if (!body.TryGetProperty("stop_sequences", out var stops) || stops.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (stops.ValueKind != JsonValueKind.Array || stops.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String || s.GetString()!.Length == 0))
        {
            throw new ChatRequestException("'stop_sequences' must be an array of non-empty strings", "stop_sequences");
        }
        var list = stops.EnumerateArray().Select(s => s.GetString()!).ToList();
        return list.Count > 0 ? list : null;
    }

    /// <summary><c>metadata.user_id</c> is the caller's end user, passed to the provider as chat's <c>user</c> is.</summary>
    private static string? EndUser(JsonElement body)
    {
        if (!body.TryGetProperty("metadata", out var metadata) || metadata.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw new ChatRequestException("'metadata' must be an object", "metadata");
        }
        foreach (var p in metadata.EnumerateObject())
        {
            if (p.Name != "user_id")
            {
                throw Unsupported("metadata." + p.Name);
            }
        }
        return Json.String(metadata, "user_id", "metadata.user_id");
    }

    private static List<ClientTool> Tools(JsonElement body)
    {
        if (!body.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new ChatRequestException("'tools' must be an array", "tools");
        }
        var list = new List<ClientTool>();
        foreach (var (t, param) in RequestArrays.Objects(tools, "tools"))
        {
            if (Json.String(t, "type", param + ".type") is { } type && type != "custom")
            {
                throw new ChatRequestException($"{param}.type '{type}': only custom tools (name, description, input_schema) are supported", param + ".type");
            }
            Json.AllowOnly(t, param, "type", "name", "description", "input_schema");
            var name = Json.String(t, "name", param + ".name");
            if (name is null || !WireNames.IsValidToolName(name))
            {
                throw new ChatRequestException($"{param}.name must be 1-64 letters, digits, '_' or '-'", param + ".name");
            }
            if (!t.TryGetProperty("input_schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
            {
                throw new ChatRequestException($"{param}.input_schema must be a JSON Schema object", param + ".input_schema");
            }
            list.Add(new ClientTool(name, Json.String(t, "description", param + ".description"), schema.GetRawText()));
        }
        RequestArrays.EnsureUniqueNames(list);
        return list;
    }

    private static string? ToolChoice(JsonElement body, List<ClientTool> tools)
    {
        if (!body.TryGetProperty("tool_choice", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (c.ValueKind != JsonValueKind.Object)
        {
            throw new ChatRequestException("'tool_choice' must be an object with a type", "tool_choice");
        }
        Json.AllowOnly(c, "tool_choice", "type", "name", "disable_parallel_tool_use");
        var type = Json.String(c, "type", "tool_choice.type");
        if (type is "any" or "tool" && tools.Count == 0)
        {
            throw new ChatRequestException($"'tool_choice' of type '{type}' needs 'tools'", "tool_choice");
        }
        return type switch
        {
            "auto" => "auto",
            "none" => "none",
            "any" => "required",
            "tool" when Json.String(c, "name", "tool_choice.name") is { } name && tools.Any(t => t.Name == name) => "function:" + name,
            "tool" => throw new ChatRequestException("'tool_choice.name' must name one of 'tools'", "tool_choice.name"),
            _ => throw new ChatRequestException("'tool_choice.type' must be auto, any, tool or none", "tool_choice.type"),
        };
    }

    internal static ChatRequestException Unsupported(string path) =>
        new($"'{path}' is not supported by HermesX's Messages API", path);
}
