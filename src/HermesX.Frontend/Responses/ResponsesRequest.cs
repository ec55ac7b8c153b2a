using System.Text.Json;
using System.Text.RegularExpressions;
using HermesX.Frontend.Chat;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Responses;

/// <summary>A POST /v1/responses body after validation.</summary>
public sealed record ResponsesRequest(
    string? Model, IReadOnlyList<InputItem> Input, string? Instructions, IReadOnlyList<ClientTool> Tools, string? ToolChoice,
    int? MaxOutputTokens, double? Temperature, string? PreviousResponseId, bool Store, bool Stream, ResponseEcho Echo, TurnOptions Options);

/// <summary>What the response object repeats of its request; stored with the response so GET shows the same.</summary>
public sealed record ResponseEcho(
    string? Instructions, int? MaxOutputTokens, double? Temperature, JsonElement ToolChoice, JsonElement Tools,
    string? PreviousResponseId, bool Store, JsonElement Metadata, string? User, double? TopP, bool ParallelToolCalls);

/// <summary>
/// Reads the Responses API body. Unlike chat completions, every field HermesX cannot honour is refused
/// by name: the API is new enough that no client depends on sending ignored fields.
/// </summary>
public static partial class ResponsesRequestParser
{
    private static readonly HashSet<string> Known =
    [
        "model", "input", "instructions", "tools", "tool_choice", "max_output_tokens", "temperature", "previous_response_id",
        "store", "stream", "metadata", "user", "parallel_tool_calls", "truncation", "text", "include", "top_p",
    ];

    public static ResponsesRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ChatRequestException("request body must be a JSON object", "body");
        }
        foreach (var p in body.EnumerateObject())
        {
            if (!Known.Contains(p.Name) && p.Value.ValueKind != JsonValueKind.Null)
            {
                throw new ChatRequestException($"'{p.Name}' is not supported by HermesX's Responses API", p.Name);
            }
        }
        Defaults(body);
        var instructions = String(body, "instructions");
        var input = ResponsesInput.Parse(body);
        var (tools, toolsEcho) = Tools(body);
        var (toolChoice, toolChoiceEcho) = ToolChoice(body, tools);
        var maxOutput = Int(body, "max_output_tokens");
        if (maxOutput is < 1)
        {
            throw new ChatRequestException("'max_output_tokens' must be at least 1", "max_output_tokens");
        }
        var temperature = body.TryGetProperty("temperature", out var t) && t.ValueKind != JsonValueKind.Null
            ? t.ValueKind == JsonValueKind.Number && t.GetDouble() is >= 0 and <= 2 and var v ? v : throw new ChatRequestException("'temperature' must be a number between 0 and 2", "temperature")
            : (double?)null;
        var previous = String(body, "previous_response_id");
        if (previous is not null && ResponseId.SessionOf(previous) is null)
        {
            throw new ChatRequestException($"No response '{previous}'", "previous_response_id");
        }
        var store = Bool(body, "store") ?? true;
        var metadata = Metadata(body);
        var topP = body.TryGetProperty("top_p", out var tp) && tp.ValueKind != JsonValueKind.Null
            ? tp.ValueKind == JsonValueKind.Number && tp.GetDouble() is >= 0 and <= 1 and var pv ? pv : throw new ChatRequestException("'top_p' must be a number between 0 and 1", "top_p")
            : (double?)null;
        var parallel = Bool(body, "parallel_tool_calls");
        var user = String(body, "user");
        // Sampling, tool parallelism and the end user go to the model through the same provider table as chat's.
        var options = new TurnOptions { TopP = topP, ParallelToolCalls = parallel is false ? false : null, EndUser = user };
        var echo = new ResponseEcho(instructions, maxOutput, temperature, toolChoiceEcho, toolsEcho, previous, store, metadata, user, topP, parallel ?? true);
        return new ResponsesRequest(String(body, "model"), input, instructions, tools, toolChoice, maxOutput, temperature, previous, store,
            Bool(body, "stream") ?? false, echo, options);
    }

    /// <summary>Fields accepted only with the value HermesX always has: anything else would be silently ignored.</summary>
    private static void Defaults(JsonElement body)
    {
        if (String(body, "truncation") is { } truncation and not "disabled")
        {
            throw new ChatRequestException("'truncation' must be 'disabled': HermesX does not drop history to fit the context", "truncation");
        }
        if (body.TryGetProperty("include", out var include) && include.ValueKind != JsonValueKind.Null &&
            (include.ValueKind != JsonValueKind.Array || include.GetArrayLength() > 0))
        {
            throw new ChatRequestException("'include': HermesX has no extra output data to include", "include");
        }
        if (body.TryGetProperty("text", out var text) && text.ValueKind != JsonValueKind.Null)
        {
            var plain = text.ValueKind == JsonValueKind.Object && text.EnumerateObject().All(p =>
                p.Name == "format" && p.Value.ValueKind == JsonValueKind.Object && String(p.Value, "type") == "text");
            if (!plain)
            {
                throw new ChatRequestException("'text': only {\"format\":{\"type\":\"text\"}} is supported (no structured output here yet)", "text");
            }
        }
    }

    private static (List<ClientTool>, JsonElement) Tools(JsonElement body)
    {
        var list = new List<ClientTool>();
        if (!body.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return (list, JsonSerializer.SerializeToElement(Array.Empty<object>()));
        }
        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new ChatRequestException("'tools' must be an array", "tools");
        }
        var echo = new List<object>();
        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var param = $"tools[{i++}]";
            if (tool.ValueKind != JsonValueKind.Object || String(tool, "type", param) is not { } type)
            {
                throw new ChatRequestException($"{param} must be an object with a 'type'", param);
            }
            if (type != "function")
            {
                throw new ChatRequestException($"{param}: tool type '{type}' is not supported; declare function tools (HermesX runs its own server tools)", param + ".type");
            }
            if (tool.EnumerateObject().Where(f => f.Value.ValueKind != JsonValueKind.Null && f.Name is not ("type" or "name" or "description" or "parameters" or "strict"))
                .Select(f => f.Name).FirstOrDefault() is { } unknown)
            {
                throw new ChatRequestException($"{param}.{unknown} is not supported", $"{param}.{unknown}");
            }
            var name = String(tool, "name", param);
            if (name is null || !ToolName().IsMatch(name))
            {
                throw new ChatRequestException($"{param}.name must be 1-64 letters, digits, '_' or '-'", param + ".name");
            }
            // OpenAI's strict mode: the arguments must match the parameters schema (StrictSchemas says who checks).
            var strict = Bool(tool, "strict", param) ?? false;
            var parameters = tool.TryGetProperty("parameters", out var p) && p.ValueKind != JsonValueKind.Null
                ? p.ValueKind == JsonValueKind.Object ? p : throw new ChatRequestException($"{param}.parameters must be a JSON schema object", param + ".parameters")
                : JsonSerializer.SerializeToElement(new { type = "object", properties = new { } });
            var description = String(tool, "description", param);
            list.Add(new ClientTool(name, description, parameters.GetRawText(), strict));
            echo.Add(new { type = "function", name, description, parameters, strict });
        }
        RequestArrays.EnsureUniqueNames(list);
        return (list, JsonSerializer.SerializeToElement(echo));
    }

    private static (string?, JsonElement) ToolChoice(JsonElement body, List<ClientTool> tools)
    {
        if (!body.TryGetProperty("tool_choice", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            return (null, JsonSerializer.SerializeToElement("auto"));
        }
        if (c.ValueKind == JsonValueKind.String && c.GetString() is "none" or "auto" or "required")
        {
            return (c.GetString(), c.Clone());
        }
        if (c.ValueKind == JsonValueKind.Object && String(c, "type", "tool_choice") == "function" && String(c, "name", "tool_choice") is { } name &&
            tools.Any(t => t.Name == name))
        {
            return ("function:" + name, JsonSerializer.SerializeToElement(new { type = "function", name }));
        }
        throw new ChatRequestException("'tool_choice' must be none, auto, required or {\"type\":\"function\",\"name\":...} of a declared tool", "tool_choice");
    }

    private static JsonElement Metadata(JsonElement body)
    {
        if (!body.TryGetProperty("metadata", out var m) || m.ValueKind == JsonValueKind.Null)
        {
            return JsonSerializer.SerializeToElement(new Dictionary<string, string>());
        }
        // OpenAI's limits: 16 pairs, keys up to 64 characters, string values up to 512.
        if (m.ValueKind != JsonValueKind.Object || m.EnumerateObject().Count() > 16 ||
            m.EnumerateObject().Any(p => p.Name.Length > 64 || p.Value.ValueKind != JsonValueKind.String || p.Value.GetString()!.Length > 512))
        {
            throw new ChatRequestException("'metadata' must be an object of at most 16 string values (keys up to 64, values up to 512 characters)", "metadata");
        }
        return m.Clone();
    }

    internal static string? String(JsonElement e, string name, string? parent = null) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ChatRequestException($"'{Path(parent, name)}' must be a string", Path(parent, name))
            : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw new ChatRequestException($"'{name}' must be an integer", name)
            : null;

    private static bool? Bool(JsonElement e, string name, string? parent = null) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new ChatRequestException($"'{Path(parent, name)}' must be a boolean", Path(parent, name))
            : null;

    private static string Path(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}
