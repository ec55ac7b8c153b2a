using System.Text;
using System.Text.Json;
using HermesX.Frontend.Chat;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>One input item: a message, an echoed function call, or a reference to an earlier response's output item.</summary>
public sealed record InputItem(string Param, SessionMessage? Message = null, ToolCall? Call = null, string? Reference = null);

/// <summary>
/// Turns <c>input</c> (a string, or message / function_call / function_call_output items) into the
/// session's messages: function_call items echoed back become the assistant's tool calls, and
/// function_call_output items its tool results.
/// </summary>
public static class ResponsesInput
{
    public static List<InputItem> Parse(JsonElement body)
    {
        if (!body.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            throw new ChatRequestException("'input' is required: a string or an array of items", "input");
        }
        if (input.ValueKind == JsonValueKind.String)
        {
            return [new InputItem("input", new SessionMessage("user", input.GetString()!))];
        }
        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() == 0)
        {
            throw new ChatRequestException("'input' must be a string or a non-empty array of items", "input");
        }
        var items = new List<InputItem>();
        foreach (var (item, param) in RequestArrays.Objects(input, "input"))
        {
            var type = ResponsesRequestParser.String(item, "type", param) ?? (item.TryGetProperty("role", out _) ? "message" : null);
            switch (type)
            {
                case "message":
                    items.Add(new InputItem(param, Message(item, param)));
                    break;
                case "function_call":
                    items.Add(new InputItem(param, Call: new ToolCall(Required(item, "call_id", param), Required(item, "name", param),
                        ResponsesRequestParser.String(item, "arguments", param) ?? "{}")));
                    break;
                case "function_call_output":
                    items.Add(new InputItem(param, new SessionMessage("tool", Output(item, param), ToolCallId: Required(item, "call_id", param))));
                    break;
                case "item_reference":
                    items.Add(new InputItem(param, Reference: Required(item, "id", param)));
                    break;
                case null:
                    throw new ChatRequestException($"{param}.type is required", param + ".type");
                default:
                    throw new ChatRequestException(
                        $"{param}: item type '{type}' is not supported; send message, function_call, function_call_output or item_reference items, or continue with previous_response_id",
                        param + ".type");
            }
        }
        return items;
    }

    /// <summary>The session messages of items whose references are resolved.</summary>
    public static List<SessionMessage> Messages(IEnumerable<InputItem> items)
    {
        var messages = new List<SessionMessage>();
        foreach (var item in items)
        {
            if (item.Call is { } call)
            {
                AddCall(messages, call);
            }
            else
            {
                messages.Add(item.Message ?? throw new InvalidOperationException($"{item.Param} is an unresolved reference"));
            }
        }
        return messages;
    }

    private static SessionMessage Message(JsonElement item, string param)
    {
        var role = Required(item, "role", param);
        role = role switch
        {
            "developer" or "system" => "system",
            "user" or "assistant" => role,
            _ => throw new ChatRequestException($"{param}.role '{role}' is not one of user, assistant, system, developer", param + ".role"),
        };
        return new SessionMessage(role, Text(item, param, role == "assistant" ? "output_text" : "input_text"));
    }

    /// <summary>A function_call follows its assistant message, or stands alone as one with no text.</summary>
    private static void AddCall(List<SessionMessage> messages, ToolCall call)
    {
        if (messages.Count > 0 && messages[^1] is { Role: "assistant" } last)
        {
            messages[^1] = last with { ToolCalls = [.. last.ToolCalls ?? [], call] };
        }
        else
        {
            messages.Add(new SessionMessage("assistant", "", [call]));
        }
    }

    private static string Output(JsonElement item, string param)
    {
        if (item.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.String)
        {
            return o.GetString()!;
        }
        if (o.ValueKind == JsonValueKind.Array)
        {
            return Parts(o, param + ".output", "input_text");
        }
        throw new ChatRequestException($"{param}.output must be a string or an array of input_text parts", param + ".output");
    }

    private static string Text(JsonElement item, string param, string partType)
    {
        if (!item.TryGetProperty("content", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            throw new ChatRequestException($"{param}.content is required", param + ".content");
        }
        if (c.ValueKind == JsonValueKind.String)
        {
            return c.GetString()!;
        }
        if (c.ValueKind != JsonValueKind.Array)
        {
            throw new ChatRequestException($"{param}.content must be a string or an array of content parts", param + ".content");
        }
        return Parts(c, param + ".content", partType);
    }

    private static string Parts(JsonElement parts, string param, string partType)
    {
        var text = new StringBuilder();
        var j = 0;
        foreach (var part in parts.EnumerateArray())
        {
            var p = $"{param}[{j++}]";
            var type = part.ValueKind == JsonValueKind.Object ? ResponsesRequestParser.String(part, "type", p) : null;
            // Clients echo an assistant's output_text as input too; both are plain text to the model.
            if (type is not ("input_text" or "output_text") || ResponsesRequestParser.String(part, "text", p) is not { } s)
            {
                throw new ChatRequestException($"{p}: only {partType} parts are supported here (got '{type}')", p + ".type");
            }
            text.Append(s);
        }
        return text.ToString();
    }

    private static string Required(JsonElement item, string name, string param) =>
        ResponsesRequestParser.String(item, name, param) is { Length: > 0 } s ? s : throw new ChatRequestException($"{param}.{name} is required", $"{param}.{name}");
}
