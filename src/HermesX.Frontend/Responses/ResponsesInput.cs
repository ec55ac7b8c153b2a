using System.Text;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Approvals;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>One input item: a message, an echoed function call, a reference to an earlier response's output item, or an approval decision.</summary>
public sealed record InputItem(string Param, SessionMessage? Message = null, ToolCall? Call = null, string? Reference = null,
    ApprovalDecision? Decision = null);

/// <summary>
/// Turns <c>input</c> (a string, or message / function_call / function_call_output items) into the
/// session's messages: function_call items echoed back become the assistant's tool calls, and
/// function_call_output items its tool results.
/// </summary>
public static class ResponsesInput
{
    /// <summary>A denial's reason goes to the model and the audit trail: a sentence, not a document.</summary>
    private const int MaxReason = 1000;

    public static List<InputItem> Items(ResponsesContent? input)
    {
        switch (input)
        {
            case null:
                throw new ChatRequestException("'input' is required: a string or an array of items", "input");
            case { Items: null }:
                return [new InputItem("input", new SessionMessage("user", input.Text ?? ""))];
            case { Items.Count: 0 }:
                throw new ChatRequestException("'input' must be a string or a non-empty array of items", "input");
        }
        var items = new List<InputItem>();
        foreach (var (item, param) in RequestArrays.Objects(input.Items, "input"))
        {
            items.Add(item switch
            {
                { Message: { Role: not null } message } => new InputItem(param, Message(message, param)),
                { Call: { } call } => new InputItem(param, Call: new ToolCall(Required(call.CallId, "call_id", param), Required(call.Name, "name", param), call.Arguments ?? "{}")),
                { Output: { } output } => new InputItem(param, new SessionMessage("tool", Output(output.Output, param), ToolCallId: Required(output.CallId, "call_id", param))),
                { Reference: { } reference } => new InputItem(param, Reference: Required(reference.Id, "id", param)),
                { ApprovalResponse: { } answer } => new InputItem(param, Decision: Decision(answer, param)),
                { Type: null } => throw new ChatRequestException($"{param}.type is required", param + ".type"),
                { Message: not null } => throw new ChatRequestException($"{param}.role is required", param + ".role"),
                _ => throw new ChatRequestException(
                    $"{param}: item type '{item.Type}' is not supported; send message, function_call, function_call_output, item_reference or mcp_approval_response items, or continue with previous_response_id",
                    param + ".type"),
            });
        }
        return items;
    }

    /// <summary>The approval decisions among the items, null when there are none.</summary>
    public static IReadOnlyList<ApprovalDecision>? Decisions(IEnumerable<InputItem> items) =>
        items.Where(i => i.Decision is not null).Select(i => i.Decision!).ToList() is { Count: > 0 } decisions ? decisions : null;

    /// <summary>The session messages of items whose references are resolved (approval decisions are not messages).</summary>
    public static List<SessionMessage> Messages(IEnumerable<InputItem> items)
    {
        var messages = new List<SessionMessage>();
        foreach (var item in items)
        {
            if (item.Decision is not null)
            {
                continue;
            }
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

    private static SessionMessage Message(ResponsesMessageItem item, string param)
    {
        var role = item.Role switch
        {
            "developer" or "system" => "system",
            "user" or "assistant" => item.Role,
            _ => throw new ChatRequestException($"{param}.role '{item.Role}' is not one of user, assistant, system, developer", param + ".role"),
        };
        var content = item.Content ?? throw new ChatRequestException($"{param}.content is required", param + ".content");
        return new SessionMessage(role, Text(content, param + ".content", role == "assistant" ? "output_text" : "input_text"));
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

    private static string Output(ResponsesContent? output, string param) =>
        output is null ? throw new ChatRequestException($"{param}.output must be a string or an array of input_text parts", param + ".output")
        : Text(output, param + ".output", "input_text");

    /// <summary>A string, or the text of an array of text parts.</summary>
    private static string Text(ResponsesContent content, string param, string partType)
    {
        if (content.Items is not { } parts)
        {
            return content.Text ?? "";
        }
        var text = new StringBuilder();
        for (var j = 0; j < parts.Count; j++)
        {
            var p = $"{param}[{j}]";
            // Clients echo an assistant's output_text as input too; both are plain text to the model.
            if (parts[j]?.Part is not { Text: { } s })
            {
                throw new ChatRequestException($"{p}: only {partType} parts are supported here (got '{parts[j]?.Type}')", p + ".type");
            }
            text.Append(s);
        }
        return text.ToString();
    }

    /// <summary>An mcp_approval_response: which request, approved or not, and an optional reason (shown to the model when denied).</summary>
    private static ApprovalDecision Decision(ResponsesApprovalResponseItem item, string param)
    {
        var id = Required(item.ApprovalRequestId, "approval_request_id", param);
        var approve = item.Approve ?? throw new ChatRequestException($"{param}.approve is required: true or false", param + ".approve");
        if (item.Reason is { Length: > MaxReason })
        {
            throw new ChatRequestException($"{param}.reason must be at most {MaxReason} characters", param + ".reason");
        }
        return new ApprovalDecision(id, approve, item.Reason);
    }

    private static string Required(string? value, string name, string param) =>
        value is { Length: > 0 } s ? s : throw new ChatRequestException($"{param}.{name} is required", $"{param}.{name}");
}
