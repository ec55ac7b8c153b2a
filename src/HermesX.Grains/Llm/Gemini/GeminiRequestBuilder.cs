using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace HermesX.Grains.Llm.Gemini;

/// <summary>Builds a Gemini <c>GenerateContentRequest</c> from chat messages and options.</summary>
internal static partial class GeminiRequestBuilder
{
    public static JsonObject Build(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var request = new JsonObject();
        var system = new List<string>();
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            system.Add(instructions);
        }

        var contents = new JsonArray();
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system.Add(message.Text);
                continue;
            }

            var role = message.Role == ChatRole.Assistant ? "model" : "user";
            var parts = new JsonArray();
            foreach (var content in message.Contents)
            {
                if (ToPart(content, callNames) is { } part)
                {
                    parts.Add(part);
                }
            }

            if (parts.Count == 0)
            {
                continue;
            }

            // Gemini wants turns to alternate, so consecutive messages of one role share a turn.
            if (contents.Count > 0 && contents[^1] is JsonObject previous && (string?)previous["role"] == role)
            {
                var previousParts = previous["parts"]!.AsArray();
                foreach (var part in parts.ToList())
                {
                    parts.Remove(part);
                    previousParts.Add(part);
                }
            }
            else
            {
                contents.Add(new JsonObject { ["role"] = role, ["parts"] = parts });
            }
        }

        if (system.Count > 0)
        {
            request["systemInstruction"] = new JsonObject
            {
                ["parts"] = new JsonArray(new JsonObject { ["text"] = string.Join("\n\n", system) }),
            };
        }

        request["contents"] = contents;
        AddTools(request, options);
        AddGenerationConfig(request, options);
        return request;
    }

    private static JsonObject? ToPart(AIContent content, Dictionary<string, string> callNames)
    {
        switch (content)
        {
            case TextContent { Text.Length: > 0 } text:
                return new JsonObject { ["text"] = text.Text };
            case DataContent data:
                return new JsonObject
                {
                    ["inlineData"] = new JsonObject { ["mimeType"] = data.MediaType, ["data"] = data.Base64Data.ToString() },
                };
            case UriContent uri:
                return new JsonObject
                {
                    ["fileData"] = new JsonObject { ["mimeType"] = uri.MediaType, ["fileUri"] = uri.Uri.ToString() },
                };
            case FunctionCallContent call:
                callNames[call.CallId] = call.Name;
                return new JsonObject
                {
                    ["functionCall"] = new JsonObject
                    {
                        ["name"] = call.Name,
                        ["args"] = JsonSerializer.SerializeToNode(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions),
                    },
                };
            case FunctionResultContent result:
                return new JsonObject
                {
                    ["functionResponse"] = new JsonObject
                    {
                        // Gemini matches a response to its call by name; the call id is ours alone.
                        ["name"] = callNames.GetValueOrDefault(result.CallId, result.CallId),
                        ["response"] = ResponseObject(result),
                    },
                };
            default:
                return null;
        }
    }

    /// <summary>Gemini requires the response to be an object: other results are wrapped as {"result": ...}.</summary>
    private static JsonObject ResponseObject(FunctionResultContent result)
    {
        if (result.Exception is { } error)
        {
            return new JsonObject { ["error"] = error.Message };
        }

        var node = result.Result switch
        {
            null => null,
            JsonNode json => json.DeepClone(),
            _ => JsonSerializer.SerializeToNode(result.Result, AIJsonUtilities.DefaultOptions),
        };
        return node as JsonObject ?? new JsonObject { ["result"] = node };
    }
}
