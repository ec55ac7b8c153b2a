using System.Globalization;
using System.Text.Json;
using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Sessions;

namespace HermesX.Frontend.Chat;

public static partial class ChatRequestValidator
{
    private static readonly string[] ReasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh"];

    /// <summary>Chat Completions fields no HermesX turn can honour, and why.</summary>
    private static readonly (string Field, Func<ChatCompletionRequest, JsonElement?> Value, string Why)[] Refused =
    [
        ("audio", r => r.Audio, "HermesX answers in text only"),
        ("prediction", r => r.Prediction, "predicted outputs are not supported"),
        ("web_search_options", r => r.WebSearchOptions, "web search models are not supported; give the agent a tool instead"),
        ("functions", r => r.Functions, "the deprecated 'functions' field is not supported; use 'tools'"),
        ("function_call", r => r.FunctionCall, "the deprecated 'function_call' field is not supported; use 'tool_choice'"),
        ("service_tier", r => r.ServiceTier, "service tiers are not supported"),
        ("prompt_cache_key", r => r.PromptCacheKey, "prompt cache keys are not supported"),
        ("safety_identifier", r => r.SafetyIdentifier, "safety identifiers are not supported; 'user' is passed on where the provider takes it"),
        ("verbosity", r => r.Verbosity, "verbosity is not supported"),
    ];

    private static void RefuseUnsupported(ChatCompletionRequest body)
    {
        foreach (var (field, value, why) in Refused)
        {
            if (value(body) is { ValueKind: not JsonValueKind.Null })
            {
                throw new ChatRequestException($"'{field}' is not supported: {why}", field);
            }
        }
    }

    private static TurnOptions Options(ChatCompletionRequest body)
    {
        // n > 1 asks for several independent answers; a turn is one agent run with one answer.
        if (body.N is { } n && n != 1)
        {
            throw new ChatRequestException("'n' must be 1: a HermesX turn produces one choice", "n");
        }
        if (body.Modalities is { } modalities && modalities.Any(m => m != "text"))
        {
            throw new ChatRequestException("'modalities' may only be [\"text\"]: HermesX answers in text only", "modalities");
        }
        var format = ResponseFormat(body.ResponseFormat);
        if (body.TopLogprobs is < 0 or > 20)
        {
            throw new ChatRequestException("'top_logprobs' must be between 0 and 20", "top_logprobs");
        }
        var logprobs = body.Logprobs ?? false;
        if (body.TopLogprobs is not null && !logprobs)
        {
            throw new ChatRequestException("'top_logprobs' needs 'logprobs': true", "top_logprobs");
        }
        if (body.ReasoningEffort is { } effort && !ReasoningEfforts.Contains(effort))
        {
            throw new ChatRequestException($"'reasoning_effort' must be one of {string.Join(", ", ReasoningEfforts)}", "reasoning_effort");
        }
        return new TurnOptions
        {
            Stop = Stop(body.Stop),
            TopP = Range(body.TopP, "top_p", 0, 1),
            Seed = body.Seed,
            PresencePenalty = Range(body.PresencePenalty, "presence_penalty", -2, 2),
            FrequencyPenalty = Range(body.FrequencyPenalty, "frequency_penalty", -2, 2),
            ResponseFormat = format.Kind,
            JsonSchemaName = format.Name,
            JsonSchemaDescription = format.Description,
            JsonSchema = format.Schema,
            JsonSchemaStrict = format.Strict,
            ParallelToolCalls = body.ParallelToolCalls,
            ReasoningEffort = body.ReasoningEffort,
            LogitBias = LogitBias(body.LogitBias),
            Logprobs = logprobs,
            TopLogprobs = body.TopLogprobs,
            EndUser = EndUserField.Read(body.User, "user"),
            Metadata = Metadata(body.Metadata),
            Store = body.Store,
        };
    }

    private static List<string>? Stop(ChatStop? stop)
    {
        if (stop is null)
        {
            return null;
        }
        if (stop.Sequences.Any(s => s is null))
        {
            throw new ChatRequestException("'stop' must be a string or an array of strings", "stop");
        }
        if (stop.Sequences.Count > 4 || stop.Sequences.Any(s => s!.Length == 0))
        {
            throw new ChatRequestException("'stop' takes up to 4 non-empty sequences", "stop");
        }
        return stop.Sequences.Count > 0 ? [.. stop.Sequences.Select(s => s!)] : null;
    }

    private sealed record Format(string? Kind, string? Name = null, string? Description = null, string? Schema = null, bool? Strict = null);

    private static Format ResponseFormat(ChatResponseFormat? f)
    {
        switch (f?.Type)
        {
            case null when f is null:
            case "text":
                return new Format(null);
            case "json_object":
                return new Format("json_object");
            case "json_schema" when f.JsonSchema is { } js:
                if (js.Name is not { } name || !WireNames.IsValidToolName(name))
                {
                    throw new ChatRequestException("'response_format.json_schema.name' must be 1-64 letters, digits, '_' or '-'", "response_format.json_schema.name");
                }
                return new Format("json_schema", name, js.Description, WireBody.Object(js.Schema, "response_format.json_schema.schema",
                    "'response_format.json_schema.schema' must be a JSON Schema object").GetRawText(), js.Strict);
            default:
                throw new ChatRequestException("'response_format' must be {\"type\":\"text\"}, {\"type\":\"json_object\"} or {\"type\":\"json_schema\",\"json_schema\":{...}}", "response_format");
        }
    }

    private static Dictionary<int, int>? LogitBias(IReadOnlyDictionary<string, int>? bias)
    {
        var map = new Dictionary<int, int>();
        foreach (var (key, value) in bias ?? new Dictionary<string, int>())
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var token) || value is < -100 or > 100)
            {
                throw new ChatRequestException("'logit_bias' maps token ids to integers between -100 and 100", "logit_bias");
            }
            map[token] = value;
        }
        return map.Count > 0 ? map : null;
    }

    private static Dictionary<string, string>? Metadata(IReadOnlyDictionary<string, string?>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }
        if (metadata.Any(p => p.Value is null || p.Key.Length > 64 || p.Value.Length > 512))
        {
            throw new ChatRequestException("'metadata' must be an object of strings (keys up to 64, values up to 512 characters)", "metadata");
        }
        return metadata.Count switch
        {
            > 16 => throw new ChatRequestException("'metadata' takes up to 16 pairs", "metadata"),
            0 => null,
            _ => metadata.ToDictionary(p => p.Key, p => p.Value!),
        };
    }

    private static double? Range(double? value, string name, double min, double max) =>
        value is { } d && !(d >= min && d <= max) ? throw new ChatRequestException($"'{name}' must be a number between {min} and {max}", name) : value;
}
