using System.Text;
using System.Text.Json;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

/// <summary>A chat completion request after validation.</summary>
public sealed record ParsedChatRequest(
    string? Model, IReadOnlyList<SessionMessage> Messages, bool Stream, bool IncludeUsage, IReadOnlyList<ClientTool> Tools,
    string? ToolChoice, int? MaxTokens, double? Temperature, string? SessionId, TurnOptions Options);

/// <summary>
/// The one validation step after binding: turns a <see cref="ChatCompletionRequest"/> into a turn's
/// values, refusing what the types alone cannot (ranges, patterns, combinations). Every field is
/// either used (and later forwarded or refused for the model's provider by <see cref="ProviderFields"/>)
/// or refused here, so none is dropped silently.
/// </summary>
public static partial class ChatRequestValidator
{
    public static ParsedChatRequest Validate(ChatCompletionRequest body)
    {
        RefuseUnsupported(body);
        var messages = Messages(body.Messages);
        var tools = Tools(body.Tools);
        var maxTokens = body.MaxCompletionTokens ?? body.MaxTokens;
        if (maxTokens is < 1)
        {
            throw new ChatRequestException("'max_tokens' must be at least 1", "max_tokens");
        }
        var temperature = Range(body.Temperature, "temperature", 0, 2);
        if (body.SessionId is { } sessionId && !WireNames.IsValidSessionId(sessionId))
        {
            throw new ChatRequestException("'session_id' must be 1-128 letters, digits, '-' or '_'", "session_id");
        }
        return new ParsedChatRequest(body.Model, messages, body.Stream ?? false, body.StreamOptions?.IncludeUsage ?? false, tools,
            ToolChoice(body.ToolChoice, tools), maxTokens, temperature, body.SessionId, Options(body));
    }

    private static List<SessionMessage> Messages(IReadOnlyList<ChatMessage?>? messages)
    {
        var list = new List<SessionMessage>();
        foreach (var (m, param) in RequestArrays.Objects(RequestArrays.NonEmpty(messages, "messages"), "messages"))
        {
            var role = m.Role ?? throw new ChatRequestException($"{param}.role is required", param + ".role");
            if (role == "developer")
            {
                role = "system";
            }
            if (role is not ("system" or "user" or "assistant" or "tool"))
            {
                throw new ChatRequestException($"{param}.role '{role}' is not one of system, developer, user, assistant, tool", param + ".role");
            }
            var (content, parts) = Content(m.Content, param, role);
            if (m.Refusal is not null && role != "assistant")
            {
                throw new ChatRequestException($"{param}.refusal is only taken on assistant messages", param + ".refusal");
            }
            content = content.Length == 0 && m.Refusal is { } refusal ? refusal : content;
            var toolCalls = role == "assistant" ? AssistantToolCalls(m.ToolCalls, param) : null;
            if (role == "tool" && string.IsNullOrEmpty(m.ToolCallId))
            {
                throw new ChatRequestException($"{param}.tool_call_id is required for role 'tool'", param + ".tool_call_id");
            }
            list.Add(new SessionMessage(role, content, toolCalls, role == "tool" ? m.ToolCallId : null, m.Name, parts));
        }
        return list;
    }

    private static (string Text, List<ContentPart>? Parts) Content(ChatContent? content, string param, string role)
    {
        if (content?.Parts is not { } parts)
        {
            return (content?.Text ?? "", null);
        }
        if (role != "assistant" && parts.Any(p => p is { Role: not null } or { Refusal: not null } or { ToolCalls: not null }))
        {
            throw new ChatRequestException($"{param}.content: role, refusal and tool_calls are only taken in assistant message parts", param + ".content");
        }
        if (role == "user")
        {
            return UserParts(parts, param + ".content");
        }
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part?.Type is not ("text" or "input_text") || part.Text is not { } s)
            {
                throw new ChatRequestException($"{param}.content: only text parts are supported in {role} messages (got '{part?.Type}')", param + ".content");
            }
            text.Append(s);
        }
        return (text.ToString(), null);
    }

    private static List<ToolCall>? AssistantToolCalls(IReadOnlyList<ChatToolCall?>? calls, string param)
    {
        var list = new List<ToolCall>();
        foreach (var call in calls ?? [])
        {
            if (call?.Id is not { } id || call.Function?.Name is not { } name || call.Type is not (null or "function"))
            {
                throw new ChatRequestException($"{param}.tool_calls entries need id and function.name (and type 'function')", param + ".tool_calls");
            }
            list.Add(new ToolCall(id, name, call.Function.Arguments ?? "{}"));
        }
        return list.Count > 0 ? list : null;
    }

    private static List<ClientTool> Tools(IReadOnlyList<ChatTool?>? tools)
    {
        var list = new List<ClientTool>();
        for (var i = 0; i < (tools?.Count ?? 0); i++)
        {
            if (tools![i] is not { Type: "function", Function: { } fn })
            {
                throw new ChatRequestException("each tool must be {\"type\":\"function\",\"function\":{...}}", "tools");
            }
            if (fn.Name is not { } name || !WireNames.IsValidToolName(name))
            {
                throw new ChatRequestException("tool function names must be 1-64 letters, digits, '_' or '-'", "tools");
            }
            var parameters = fn.Parameters is { ValueKind: not JsonValueKind.Null } p
                ? WireBody.Object(p, $"tools[{i}].function.parameters", $"'tools[{i}].function.parameters' must be a JSON Schema object").GetRawText()
                : """{"type":"object","properties":{}}""";
            // OpenAI's strict mode: the arguments must match the parameters schema (StrictSchemas says who checks).
            list.Add(new ClientTool(name, fn.Description, parameters, fn.Strict ?? false));
        }
        RequestArrays.EnsureUniqueNames(list);
        return list;
    }

    private static string? ToolChoice(ChatToolChoice? choice, List<ClientTool> tools) => choice switch
    {
        null => null,
        { Mode: "none" or "auto" or "required" } => choice.Mode,
        { Function.Function.Name: { } name } when choice.Function.Type is null or "function" && tools.Any(t => t.Name == name) => "function:" + name,
        _ => throw new ChatRequestException("'tool_choice' must be none, auto, required or a declared function", "tool_choice"),
    };
}
