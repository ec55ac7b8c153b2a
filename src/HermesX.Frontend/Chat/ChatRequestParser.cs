using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

/// <summary>A chat completion request after validation.</summary>
public sealed record ParsedChatRequest(
    string? Model, IReadOnlyList<SessionMessage> Messages, bool Stream, bool IncludeUsage, IReadOnlyList<ClientTool> Tools,
    string? ToolChoice, int? MaxTokens, double? Temperature, string? SessionId, TurnOptions Options);

public sealed class ChatRequestException(string message, string param) : Exception(message)
{
    public string Param { get; } = param;
}

/// <summary>
/// Reads the OpenAI Chat Completions body by hand. Every field is either read (and later forwarded
/// or refused for the model's provider by <see cref="ProviderFields"/>) or refused here, so none is
/// dropped silently; a null value counts as absent, as SDKs write unset fields as null.
/// </summary>
public static partial class ChatRequestParser
{
    public static ParsedChatRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ChatRequestException("request body must be a JSON object", "body");
        }
        RefuseUnknownFields(body);
        var messages = Messages(body);
        var tools = Tools(body);
        var maxTokens = OptionalInt(body, "max_completion_tokens") ?? OptionalInt(body, "max_tokens");
        if (maxTokens is < 1)
        {
            throw new ChatRequestException("'max_tokens' must be at least 1", "max_tokens");
        }
        var temperature = body.TryGetProperty("temperature", out var t) && t.ValueKind != JsonValueKind.Null
            ? t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out var temp) && temp is >= 0 and <= 2 ? temp : throw new ChatRequestException("'temperature' must be a number between 0 and 2", "temperature")
            : (double?)null;
        var stream = OptionalBool(body, "stream") ?? false;
        var includeUsage = IncludeUsage(body);
        var sessionId = OptionalString(body, "session_id");
        if (sessionId is not null && !SessionIdPattern().IsMatch(sessionId))
        {
            throw new ChatRequestException("'session_id' must be 1-128 letters, digits, '-' or '_'", "session_id");
        }
        return new ParsedChatRequest(OptionalString(body, "model"), messages, stream, includeUsage, tools, ToolChoice(body, tools),
            maxTokens, temperature, sessionId, Options(body));
    }

    private static bool IncludeUsage(JsonElement body)
    {
        if (!body.TryGetProperty("stream_options", out var so) || so.ValueKind == JsonValueKind.Null)
        {
            return false;
        }
        if (so.ValueKind != JsonValueKind.Object || so.EnumerateObject().Any(p => p.Name != "include_usage" && p.Value.ValueKind != JsonValueKind.Null))
        {
            throw new ChatRequestException("'stream_options' takes only include_usage", "stream_options");
        }
        return OptionalBool(so, "include_usage") ?? false;
    }

    public static bool IsValidSessionId(string id) => SessionIdPattern().IsMatch(id);

    /// <summary>Tool names every provider accepts: 1-64 letters, digits, '_' or '-'.</summary>
    public static bool IsValidToolName(string name) => ToolNamePattern().IsMatch(name);

    private static List<SessionMessage> Messages(JsonElement body)
    {
        var list = new List<SessionMessage>();
        foreach (var (m, param) in RequestArrays.Objects(RequestArrays.NonEmpty(body, "messages"), "messages"))
        {
            var role = OptionalString(m, "role") ?? throw new ChatRequestException($"{param}.role is required", param + ".role");
            if (role == "developer")
            {
                role = "system";
            }
            if (role is not ("system" or "user" or "assistant" or "tool"))
            {
                throw new ChatRequestException($"{param}.role '{role}' is not one of system, developer, user, assistant, tool", param + ".role");
            }
            var (content, parts) = Content(m, param, role);
            var toolCalls = role == "assistant" ? AssistantToolCalls(m, param) : null;
            var toolCallId = OptionalString(m, "tool_call_id");
            if (role == "tool" && string.IsNullOrEmpty(toolCallId))
            {
                throw new ChatRequestException($"{param}.tool_call_id is required for role 'tool'", param + ".tool_call_id");
            }
            list.Add(new SessionMessage(role, content, toolCalls, role == "tool" ? toolCallId : null, OptionalString(m, "name"), parts));
        }
        return list;
    }

    private static (string Text, List<ContentPart>? Parts) Content(JsonElement m, string param, string role)
    {
        if (!m.TryGetProperty("content", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            return ("", null);
        }
        if (c.ValueKind == JsonValueKind.String)
        {
            return (c.GetString()!, null);
        }
        if (c.ValueKind != JsonValueKind.Array)
        {
            throw new ChatRequestException($"{param}.content must be a string or an array of content parts", param + ".content");
        }
        if (role == "user")
        {
            return UserParts(c, param + ".content");
        }
        var text = new StringBuilder();
        foreach (var part in c.EnumerateArray())
        {
            var type = part.ValueKind == JsonValueKind.Object ? OptionalString(part, "type") : null;
            if (type is not ("text" or "input_text") || OptionalString(part, "text") is not { } s)
            {
                throw new ChatRequestException($"{param}.content: only text parts are supported in {role} messages (got '{type}')", param + ".content");
            }
            text.Append(s);
        }
        return (text.ToString(), null);
    }

    private static List<ToolCall>? AssistantToolCalls(JsonElement m, string param)
    {
        if (!m.TryGetProperty("tool_calls", out var calls) || calls.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var list = new List<ToolCall>();
        foreach (var call in calls.ValueKind == JsonValueKind.Array ? calls.EnumerateArray() : throw new ChatRequestException($"{param}.tool_calls must be an array", param))
        {
            var fn = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
            var id = call.ValueKind == JsonValueKind.Object ? OptionalString(call, "id") : null;
            if (id is null || fn.ValueKind != JsonValueKind.Object || OptionalString(fn, "name") is not { } name)
            {
                throw new ChatRequestException($"{param}.tool_calls entries need id and function.name", param + ".tool_calls");
            }
            list.Add(new ToolCall(id, name, OptionalString(fn, "arguments") ?? "{}"));
        }
        return list.Count > 0 ? list : null;
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
        foreach (var t in tools.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Object || OptionalString(t, "type") != "function" ||
                !t.TryGetProperty("function", out var fn) || fn.ValueKind != JsonValueKind.Object)
            {
                throw new ChatRequestException("each tool must be {\"type\":\"function\",\"function\":{...}}", "tools");
            }
            var name = OptionalString(fn, "name");
            if (name is null || !ToolNamePattern().IsMatch(name))
            {
                throw new ChatRequestException("tool function names must be 1-64 letters, digits, '_' or '-'", "tools");
            }
            var parameters = fn.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.GetRawText()
                : """{"type":"object","properties":{}}""";
            // OpenAI's strict mode: the arguments must match the parameters schema (StrictSchemas says who checks).
            var strict = fn.TryGetProperty("strict", out var st) && st.ValueKind != JsonValueKind.Null
                ? st.ValueKind is JsonValueKind.True or JsonValueKind.False ? st.GetBoolean() : throw new ChatRequestException("'tools[].function.strict' must be a boolean", "tools")
                : false;
            list.Add(new ClientTool(name, OptionalString(fn, "description"), parameters, strict));
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
        if (c.ValueKind == JsonValueKind.String && c.GetString() is "none" or "auto" or "required")
        {
            return c.GetString();
        }
        if (c.ValueKind == JsonValueKind.Object && c.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.Object &&
            OptionalString(fn, "name") is { } name && tools.Any(t => t.Name == name))
        {
            return "function:" + name;
        }
        throw new ChatRequestException("'tool_choice' must be none, auto, required or a declared function", "tool_choice");
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ChatRequestException($"'{name}' must be a string", name)
            : null;

    private static int? OptionalInt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new ChatRequestException($"'{name}' must be an integer", name)
            : null;

    private static bool? OptionalBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new ChatRequestException($"'{name}' must be a boolean", name)
            : null;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex SessionIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ToolNamePattern();
}
