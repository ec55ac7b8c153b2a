using System.Text.Json;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Messages;

/// <summary>An Anthropic Messages request translated into what a HermesX turn carries.</summary>
public sealed record ParsedMessagesRequest(
    string Model, int MaxTokens, IReadOnlyList<SessionMessage> Messages, IReadOnlyList<ClientTool> Tools,
    string? ToolChoice, double? Temperature, bool Stream, TurnOptions Options);

/// <summary>
/// The one validation step after binding an <see cref="AnthropicMessagesRequest"/>: every field is
/// either carried into the turn or refused with the field named, as a client asking for sampling,
/// stop sequences or caching it would not get must know.
/// </summary>
public static class MessagesRequestValidator
{
    /// <summary>Binds and validates a Messages body; a refused one throws <see cref="ChatRequestException"/>.</summary>
    public static async ValueTask<ParsedMessagesRequest> ReadAsync(Stream body, CancellationToken ct) =>
        Validate(await WireBody.ReadAsync(body, MessagesJson.Default.AnthropicMessagesRequest, ct));

    public static ParsedMessagesRequest Parse(ReadOnlySpan<byte> json) => Validate(WireBody.Read(json, MessagesJson.Default.AnthropicMessagesRequest));

    public static ParsedMessagesRequest Validate(AnthropicMessagesRequest body)
    {
        var model = body.Model is { Length: > 0 } m ? m : throw new ChatRequestException("'model' is required", "model");
        var maxTokens = body.MaxTokens ?? throw new ChatRequestException("'max_tokens' is required", "max_tokens");
        if (maxTokens < 1)
        {
            throw new ChatRequestException("'max_tokens' must be at least 1", "max_tokens");
        }
        if (body.Temperature is < 0 or > 1)
        {
            throw new ChatRequestException("'temperature' must be between 0 and 1", "temperature");
        }
        var options = new TurnOptions
        {
            TopP = Sampling(body),
            Stop = StopSequences(body.StopSequences),
            EndUser = EndUserField.Read(body.Metadata?.UserId, "metadata.user_id"),
            ParallelToolCalls = body.ToolChoice?.DisableParallelToolUse == true ? false : null,
        };

        var messages = new List<SessionMessage>();
        if (MessagesContent.System(body.System) is { } system)
        {
            messages.Add(system);
        }
        messages.AddRange(MessagesContent.Messages(body.Messages));
        var tools = Tools(body.Tools);
        return new ParsedMessagesRequest(model, maxTokens, messages, tools, ToolChoice(body.ToolChoice, tools), body.Temperature, body.Stream ?? false, options);
    }

    /// <summary><c>top_p</c> goes to the model as chat's does; <c>top_k</c> has no counterpart in a turn and is refused.</summary>
    private static double? Sampling(AnthropicMessagesRequest body)
    {
        if (body.TopK is { ValueKind: not JsonValueKind.Null })
        {
            throw new ChatRequestException("'top_k' is not supported by HermesX's Messages API: use 'top_p' or 'temperature'", "top_k");
        }
        return body.TopP is < 0 or > 1 ? throw new ChatRequestException("'top_p' must be between 0 and 1", "top_p") : body.TopP;
    }

    private static IReadOnlyList<string>? StopSequences(IReadOnlyList<string?>? stops)
    {
        if (stops is null)
        {
            return null;
        }
        if (stops.Any(s => s is not { Length: > 0 }))
        {
            throw new ChatRequestException("'stop_sequences' must be an array of non-empty strings", "stop_sequences");
        }
        return stops.Count > 0 ? [.. stops.Select(s => s!)] : null;
    }

    private static List<ClientTool> Tools(IReadOnlyList<AnthropicTool?>? tools)
    {
        var list = new List<ClientTool>();
        foreach (var (t, param) in RequestArrays.Objects(tools ?? [], "tools"))
        {
            if (t.Type is { } type && type != "custom")
            {
                throw new ChatRequestException($"{param}.type '{type}': only custom tools (name, description, input_schema) are supported", param + ".type");
            }
            if (t.Name is not { } name || !WireNames.IsValidToolName(name))
            {
                throw new ChatRequestException($"{param}.name must be 1-64 letters, digits, '_' or '-'", param + ".name");
            }
            list.Add(new ClientTool(name, t.Description, WireBody.Object(t.InputSchema, param + ".input_schema", $"{param}.input_schema must be a JSON Schema object").GetRawText()));
        }
        RequestArrays.EnsureUniqueNames(list);
        return list;
    }

    private static string? ToolChoice(AnthropicToolChoice? choice, List<ClientTool> tools)
    {
        if (choice is null)
        {
            return null;
        }
        if (choice.Type is "any" or "tool" && tools.Count == 0)
        {
            throw new ChatRequestException($"'tool_choice' of type '{choice.Type}' needs 'tools'", "tool_choice");
        }
        return choice.Type switch
        {
            "auto" => "auto",
            "none" => "none",
            "any" => "required",
            "tool" when choice.Name is { } name && tools.Any(t => t.Name == name) => "function:" + name,
            "tool" => throw new ChatRequestException("'tool_choice.name' must name one of 'tools'", "tool_choice.name"),
            _ => throw new ChatRequestException("'tool_choice.type' must be auto, any, tool or none", "tool_choice.type"),
        };
    }
}
