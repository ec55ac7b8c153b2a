using System.Text.Json;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Mcp;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>
/// The one validation step after binding a <see cref="CreateResponseRequest"/>. Unlike chat
/// completions, every field HermesX cannot honour is refused by name: the API is new enough that no
/// client depends on sending ignored fields.
/// </summary>
public static class ResponsesRequestValidator
{
    /// <summary>Binds and validates a Responses body; a refused one throws <see cref="ChatRequestException"/>.</summary>
    public static async ValueTask<ResponsesRequest> ReadAsync(Stream body, CancellationToken ct) =>
        Validate(await WireBody.ReadAsync(body, ResponsesJson.Default.CreateResponseRequest, ct));

    public static ResponsesRequest Parse(ReadOnlySpan<byte> json) => Validate(WireBody.Read(json, ResponsesJson.Default.CreateResponseRequest));

    public static ResponsesRequest Validate(CreateResponseRequest body)
    {
        Defaults(body);
        var input = ResponsesInput.Items(body.Input);
        var (tools, mcpServers, toolsEcho) = Tools(body.Tools);
        var (toolChoice, toolChoiceEcho) = ToolChoice(body.ToolChoice, tools);
        if (body.MaxOutputTokens is < 1)
        {
            throw new ChatRequestException("'max_output_tokens' must be at least 1", "max_output_tokens");
        }
        if (body.Temperature is { } t && t is not (>= 0 and <= 2))
        {
            throw new ChatRequestException("'temperature' must be a number between 0 and 2", "temperature");
        }
        if (body.PreviousResponseId is { } previous && ResponseId.SessionOf(previous) is null)
        {
            throw new ChatRequestException($"No response '{previous}'", "previous_response_id");
        }
        if (body.TopP is { } p && p is not (>= 0 and <= 1))
        {
            throw new ChatRequestException("'top_p' must be a number between 0 and 1", "top_p");
        }
        var store = body.Store ?? true;
        var background = body.Background ?? false;
        if (background && !store)
        {
            // What a background run did is read back by id, so it must be stored (OpenAI refuses the same).
            throw new ChatRequestException("'background': true needs 'store': true: a background response is read back by its id", "background");
        }
        // Sampling, tool parallelism and the end user go to the model through the same provider table as chat's.
        var options = new TurnOptions { TopP = body.TopP, ParallelToolCalls = body.ParallelToolCalls is false ? false : null, EndUser = EndUserField.Read(body.User, "user") };
        var echo = new ResponseEcho(body.Instructions, body.MaxOutputTokens, body.Temperature, toolChoiceEcho, toolsEcho, body.PreviousResponseId, store,
            Metadata(body.Metadata), body.User, body.TopP, body.ParallelToolCalls ?? true, background);
        return new ResponsesRequest(body.Model, input, body.Instructions, tools, toolChoice, body.MaxOutputTokens, body.Temperature,
            body.PreviousResponseId, store, body.Stream ?? false, echo, options, background, mcpServers);
    }

    /// <summary>Fields accepted only with the value HermesX always has: anything else would be silently ignored.</summary>
    private static void Defaults(CreateResponseRequest body)
    {
        if (body.Truncation is { } truncation and not "disabled")
        {
            throw new ChatRequestException("'truncation' must be 'disabled': HermesX does not drop history to fit the context", "truncation");
        }
        if (body.Include is { Count: > 0 })
        {
            throw new ChatRequestException("'include': HermesX has no extra output data to include", "include");
        }
        if (body.Text?.Format is { ValueKind: not JsonValueKind.Null } format &&
            !(format.ValueKind == JsonValueKind.Object && format.EnumerateObject().All(p => p is { Name: "type", Value.ValueKind: JsonValueKind.String } && p.Value.GetString() == "text")))
        {
            throw new ChatRequestException("'text': only {\"format\":{\"type\":\"text\"}} is supported (no structured output here yet)", "text");
        }
    }

    private static (List<ClientTool>, List<McpRequestServer>, JsonElement) Tools(IReadOnlyList<ResponsesToolItem?>? tools)
    {
        var list = new List<ClientTool>();
        var servers = new List<McpRequestServer>();
        var functions = new List<(string Name, string Param)>();
        var echo = new List<object>();
        var index = 0;
        foreach (var (item, param) in RequestArrays.Objects(tools ?? [], "tools"))
        {
            if (item is { Mcp: { } mcp })
            {
                var (server, echoed) = ResponsesMcpTools.Read(mcp, index++, param);
                servers.Add(server);
                echo.Add(echoed);
                continue;
            }
            index++;
            if (item is not { Type: { } type, Function: { } tool })
            {
                throw new ChatRequestException($"{param} must be an object with a 'type'", param);
            }
            if (type != "function")
            {
                throw new ChatRequestException($"{param}: tool type '{type}' is not supported; declare function or mcp tools (HermesX runs its own server tools)", param + ".type");
            }
            if (tool.Name is not { } name || !WireNames.IsValidToolName(name))
            {
                throw new ChatRequestException($"{param}.name must be 1-64 letters, digits, '_' or '-'", param + ".name");
            }
            // OpenAI's strict mode: the arguments must match the parameters schema (StrictSchemas says who checks).
            var strict = tool.Strict ?? false;
            var parameters = tool.Parameters is { ValueKind: not JsonValueKind.Null } p
                ? WireBody.Object(p, param + ".parameters", $"{param}.parameters must be a JSON schema object")
                : JsonSerializer.SerializeToElement(new { type = "object", properties = new { } });
            list.Add(new ClientTool(name, tool.Description, parameters.GetRawText(), strict));
            functions.Add((name, param));
            echo.Add(new { type = "function", name, description = tool.Description, parameters, strict });
        }
        RequestArrays.EnsureUniqueNames(list);
        ResponsesMcpTools.EnsureNoClash(servers, functions);
        return (list, servers, JsonSerializer.SerializeToElement(echo));
    }

    private static (string?, JsonElement) ToolChoice(ResponsesToolChoice? choice, List<ClientTool> tools) => choice switch
    {
        null => (null, JsonSerializer.SerializeToElement("auto")),
        { Mode: "none" or "auto" or "required" } => (choice.Mode, JsonSerializer.SerializeToElement(choice.Mode)),
        { Function: { Type: "function", Name: { } name } } when tools.Any(t => t.Name == name) =>
            ("function:" + name, JsonSerializer.SerializeToElement(new { type = "function", name })),
        _ => throw new ChatRequestException("'tool_choice' must be none, auto, required or {\"type\":\"function\",\"name\":...} of a declared tool", "tool_choice"),
    };

    private static JsonElement Metadata(IReadOnlyDictionary<string, string?>? metadata)
    {
        // OpenAI's limits: 16 pairs, keys up to 64 characters, string values up to 512.
        if (metadata is not null && (metadata.Count > 16 || metadata.Any(p => p.Key.Length > 64 || p.Value is not { Length: <= 512 })))
        {
            throw new ChatRequestException("'metadata' must be an object of at most 16 string values (keys up to 64, values up to 512 characters)", "metadata");
        }
        return JsonSerializer.SerializeToElement(metadata ?? new Dictionary<string, string?>());
    }
}
