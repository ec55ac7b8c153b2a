using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.Gemini;

/// <summary>Tools, tool choice and generation settings of a Gemini request.</summary>
internal static partial class GeminiRequestBuilder
{
    private static void AddTools(JsonObject request, ChatOptions? options)
    {
        var functions = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (functions.Count == 0 || options?.ToolMode is NoneChatToolMode)
        {
            return;
        }

        var declarations = new JsonArray();
        foreach (var function in functions)
        {
            declarations.Add(new JsonObject
            {
                ["name"] = function.Name,
                ["description"] = function.Description,
                // JSON Schema as MEAI produces it; the older "parameters" field takes only an OpenAPI subset.
                ["parametersJsonSchema"] = JsonNode.Parse(function.JsonSchema.GetRawText()),
            });
        }

        request["tools"] = new JsonArray(new JsonObject { ["functionDeclarations"] = declarations });
        var config = options!.ToolMode switch
        {
            RequiredChatToolMode { RequiredFunctionName: { } name } =>
                new JsonObject { ["mode"] = "ANY", ["allowedFunctionNames"] = new JsonArray(name) },
            RequiredChatToolMode => new JsonObject { ["mode"] = "ANY" },
            _ => new JsonObject { ["mode"] = "AUTO" },
        };
        request["toolConfig"] = new JsonObject { ["functionCallingConfig"] = config };
    }

    private static void AddGenerationConfig(JsonObject request, ChatOptions? options)
    {
        if (options is null)
        {
            return;
        }

        var config = new JsonObject();
        Number(config, "temperature", options.Temperature);
        Number(config, "topP", options.TopP);
        Number(config, "topK", options.TopK);
        Number(config, "maxOutputTokens", options.MaxOutputTokens);
        Number(config, "seed", options.Seed);
        Number(config, "presencePenalty", options.PresencePenalty);
        Number(config, "frequencyPenalty", options.FrequencyPenalty);

        if (options.Reasoning?.Effort is { } effort)
        {
            config["thinkingConfig"] = new JsonObject { ["thinkingBudget"] = ThinkingBudget(effort) };
        }

        if (options.StopSequences is { Count: > 0 } stops)
        {
            config["stopSequences"] = new JsonArray([.. stops.Select(s => JsonValue.Create(s))]);
        }

        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            config["responseMimeType"] = "application/json";
            if (json.Schema is { } schema)
            {
                config["responseJsonSchema"] = JsonNode.Parse(schema.GetRawText());
            }
        }

        if (config.Count > 0)
        {
            request["generationConfig"] = config;
        }
    }

    /// <summary>Sets a generationConfig number only when the caller gave one: Gemini's defaults stand for the rest.</summary>
    private static void Number<T>(JsonObject config, string name, T? value) where T : struct
    {
        if (value is { } v)
        {
            config[name] = JsonValue.Create(v);
        }
    }

    /// <summary>Gemini 2.5 sizes thinking by a token budget: 0 turns it off, and 24576 is Flash's largest.</summary>
    private static int ThinkingBudget(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.None => 0,
        ReasoningEffort.Low => 1024,
        ReasoningEffort.Medium => 8192,
        _ => 24576,
    };
}
