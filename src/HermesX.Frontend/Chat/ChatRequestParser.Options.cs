using System.Globalization;
using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

public static partial class ChatRequestParser
{
    /// <summary>Fields read elsewhere in the parser, or HermesX's own.</summary>
    private static readonly HashSet<string> CoreFields =
    [
        "model", "messages", "stream", "stream_options", "tools", "tool_choice", "max_tokens", "max_completion_tokens",
        "temperature", "session_id",
    ];

    /// <summary>Fields read into <see cref="TurnOptions"/>; whether the provider takes each is checked by <see cref="ProviderFields"/>.</summary>
    private static readonly HashSet<string> OptionFields =
    [
        "n", "stop", "top_p", "seed", "presence_penalty", "frequency_penalty", "response_format", "parallel_tool_calls",
        "reasoning_effort", "logit_bias", "logprobs", "top_logprobs", "user", "metadata", "store", "modalities",
    ];

    /// <summary>Chat Completions fields no HermesX turn can honour, and why.</summary>
    private static readonly Dictionary<string, string> Refused = new()
    {
        ["audio"] = "HermesX answers in text only",
        ["prediction"] = "predicted outputs are not supported",
        ["web_search_options"] = "web search models are not supported; give the agent a tool instead",
        ["functions"] = "the deprecated 'functions' field is not supported; use 'tools'",
        ["function_call"] = "the deprecated 'function_call' field is not supported; use 'tool_choice'",
        ["service_tier"] = "service tiers are not supported",
        ["prompt_cache_key"] = "prompt cache keys are not supported",
        ["safety_identifier"] = "safety identifiers are not supported; 'user' is passed on where the provider takes it",
        ["verbosity"] = "verbosity is not supported",
    };

    private static readonly string[] ReasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh"];

    private static void RefuseUnknownFields(JsonElement body)
    {
        foreach (var p in body.EnumerateObject())
        {
            if (CoreFields.Contains(p.Name) || OptionFields.Contains(p.Name) || p.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            throw Refused.TryGetValue(p.Name, out var why)
                ? new ChatRequestException($"'{p.Name}' is not supported: {why}", p.Name)
                : new ChatRequestException($"Unknown field '{p.Name}': HermesX refuses fields it would not honour", p.Name);
        }
    }

    private static TurnOptions Options(JsonElement body)
    {
        // n > 1 asks for several independent answers; a turn is one agent run with one answer.
        if (OptionalInt(body, "n") is { } n && n != 1)
        {
            throw new ChatRequestException("'n' must be 1: a HermesX turn produces one choice", "n");
        }
        if (body.TryGetProperty("modalities", out var modalities) && modalities.ValueKind != JsonValueKind.Null &&
            (modalities.ValueKind != JsonValueKind.Array || modalities.EnumerateArray().Any(m => m.ValueKind != JsonValueKind.String || m.GetString() != "text")))
        {
            throw new ChatRequestException("'modalities' may only be [\"text\"]: HermesX answers in text only", "modalities");
        }
        var format = ResponseFormat(body);
        var topLogprobs = OptionalInt(body, "top_logprobs");
        if (topLogprobs is < 0 or > 20)
        {
            throw new ChatRequestException("'top_logprobs' must be between 0 and 20", "top_logprobs");
        }
        var logprobs = OptionalBool(body, "logprobs") ?? false;
        if (topLogprobs is not null && !logprobs)
        {
            throw new ChatRequestException("'top_logprobs' needs 'logprobs': true", "top_logprobs");
        }
        var effort = OptionalString(body, "reasoning_effort");
        if (effort is not null && !ReasoningEfforts.Contains(effort))
        {
            throw new ChatRequestException($"'reasoning_effort' must be one of {string.Join(", ", ReasoningEfforts)}", "reasoning_effort");
        }
        return new TurnOptions
        {
            Stop = Stop(body),
            TopP = OptionalNumber(body, "top_p", 0, 1),
            Seed = OptionalLong(body, "seed"),
            PresencePenalty = OptionalNumber(body, "presence_penalty", -2, 2),
            FrequencyPenalty = OptionalNumber(body, "frequency_penalty", -2, 2),
            ResponseFormat = format.Kind,
            JsonSchemaName = format.Name,
            JsonSchemaDescription = format.Description,
            JsonSchema = format.Schema,
            JsonSchemaStrict = format.Strict,
            ParallelToolCalls = OptionalBool(body, "parallel_tool_calls"),
            ReasoningEffort = effort,
            LogitBias = LogitBias(body),
            Logprobs = logprobs,
            TopLogprobs = topLogprobs,
            EndUser = OptionalString(body, "user"),
            Metadata = Metadata(body),
            Store = OptionalBool(body, "store"),
        };
    }

    private static List<string>? Stop(JsonElement body)
    {
        if (!body.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        List<string> list = stop.ValueKind switch
        {
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array when stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) => [.. stop.EnumerateArray().Select(s => s.GetString()!)],
            _ => throw new ChatRequestException("'stop' must be a string or an array of strings", "stop"),
        };
        if (list.Count > 4 || list.Any(s => s.Length == 0))
        {
            throw new ChatRequestException("'stop' takes up to 4 non-empty sequences", "stop");
        }
        return list.Count > 0 ? list : null;
    }

    private sealed record Format(string? Kind, string? Name = null, string? Description = null, string? Schema = null, bool? Strict = null);

    private static Format ResponseFormat(JsonElement body)
    {
        if (!body.TryGetProperty("response_format", out var f) || f.ValueKind == JsonValueKind.Null)
        {
            return new Format(null);
        }
        var type = f.ValueKind == JsonValueKind.Object ? OptionalString(f, "type") : null;
        switch (type)
        {
            case "text":
                return new Format(null);
            case "json_object":
                return new Format("json_object");
            case "json_schema" when f.TryGetProperty("json_schema", out var js) && js.ValueKind == JsonValueKind.Object:
                var name = OptionalString(js, "name");
                if (name is null || !ToolNamePattern().IsMatch(name))
                {
                    throw new ChatRequestException("'response_format.json_schema.name' must be 1-64 letters, digits, '_' or '-'", "response_format.json_schema.name");
                }
                var schema = js.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.Object
                    ? s.GetRawText()
                    : throw new ChatRequestException("'response_format.json_schema.schema' must be a JSON Schema object", "response_format.json_schema.schema");
                return new Format("json_schema", name, OptionalString(js, "description"), schema, OptionalBool(js, "strict"));
            default:
                throw new ChatRequestException("'response_format' must be {\"type\":\"text\"}, {\"type\":\"json_object\"} or {\"type\":\"json_schema\",\"json_schema\":{...}}", "response_format");
        }
    }

    private static Dictionary<int, int>? LogitBias(JsonElement body)
    {
        if (!body.TryGetProperty("logit_bias", out var bias) || bias.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (bias.ValueKind != JsonValueKind.Object)
        {
            throw new ChatRequestException("'logit_bias' must be an object of token id to bias", "logit_bias");
        }
        var map = new Dictionary<int, int>();
        foreach (var p in bias.EnumerateObject())
        {
            if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var token) ||
                p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var value) || value is < -100 or > 100)
            {
                throw new ChatRequestException("'logit_bias' maps token ids to integers between -100 and 100", "logit_bias");
            }
            map[token] = value;
        }
        return map.Count > 0 ? map : null;
    }

    private static Dictionary<string, string>? Metadata(JsonElement body)
    {
        if (!body.TryGetProperty("metadata", out var m) || m.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (m.ValueKind != JsonValueKind.Object || m.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String || p.Name.Length > 64 || p.Value.GetString()!.Length > 512))
        {
            throw new ChatRequestException("'metadata' must be an object of strings (keys up to 64, values up to 512 characters)", "metadata");
        }
        var map = m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return map.Count switch
        {
            > 16 => throw new ChatRequestException("'metadata' takes up to 16 pairs", "metadata"),
            0 => null,
            _ => map,
        };
    }

    private static double? OptionalNumber(JsonElement e, string name, double min, double max) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d >= min && d <= max
                ? d
                : throw new ChatRequestException($"'{name}' must be a number between {min} and {max}", name)
            : null;

    private static long? OptionalLong(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : throw new ChatRequestException($"'{name}' must be an integer", name)
            : null;
}
