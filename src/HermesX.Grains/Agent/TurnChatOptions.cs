using System.Text.Json;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Grains.Llm;
using Microsoft.Extensions.AI;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm.OpenAi;

namespace HermesX.Grains.Agent;

/// <summary>
/// Puts a turn's <see cref="TurnOptions"/> on the <see cref="ChatOptions"/> every provider client reads.
/// What MEAI has no property for travels in the provider SDK's own options
/// (<see cref="ChatOptions.RawRepresentationFactory"/>), which the adapters start from.
/// </summary>
public static class TurnChatOptions
{
    public static void Apply(ChatOptions chat, TurnOptions? o, string provider)
    {
        if (o is null)
        {
            if (provider == LlmProviders.Anthropic)
            {
                chat.RawRepresentationFactory = _ => AnthropicOptions(null, chat);
            }
            return;
        }
        chat.StopSequences = o.Stop is { } stop ? [.. stop] : null;
        chat.TopP = (float?)o.TopP;
        chat.Seed = o.Seed;
        chat.PresencePenalty = (float?)o.PresencePenalty;
        chat.FrequencyPenalty = (float?)o.FrequencyPenalty;
        chat.AllowMultipleToolCalls = o.ParallelToolCalls;
        chat.ResponseFormat = o.ResponseFormat switch
        {
            "json_object" => ChatResponseFormat.Json,
            "json_schema" => ChatResponseFormat.ForJsonSchema(JsonDocument.Parse(o.JsonSchema!).RootElement.Clone(), o.JsonSchemaName, o.JsonSchemaDescription),
            _ => null,
        };
        switch (provider)
        {
            case LlmProviders.OpenAI:
                chat.RawRepresentationFactory = _ => OpenAiOptions(o);
                break;
            case LlmProviders.Anthropic:
                chat.Reasoning = Reasoning(o.ReasoningEffort);
                chat.RawRepresentationFactory = _ => AnthropicOptions(o.EndUser, chat);
                break;
            default:
                chat.Reasoning = Reasoning(o.ReasoningEffort);
                break;
        }
    }

    /// <summary>OpenAI takes every field as the caller wrote it, reasoning effort included ("minimal" has no MEAI level), and "strict" on a schema.</summary>
    private static OpenAiRequestExtras OpenAiOptions(TurnOptions o) => new()
    {
        EndUser = o.EndUser,
        Store = o.Store,
        Logprobs = o.Logprobs,
        TopLogprobs = o.Logprobs ? o.TopLogprobs : null,
        LogitBias = o.LogitBias,
        Metadata = o.Metadata,
        ReasoningEffort = o.ReasoningEffort,
        JsonSchemaStrict = o.ResponseFormat == "json_schema" ? o.JsonSchemaStrict : null,
    };

    /// <summary>
    /// The Anthropic SDK's adapter reads no temperature or top_p (its typed parameters lack them), so
    /// they go in the raw body it starts from, with the end user; it fills in messages, model and the rest.
    /// </summary>
    private static Anthropic.Models.Messages.MessageCreateParams AnthropicOptions(string? user, ChatOptions chat)
    {
        var body = new Dictionary<string, JsonElement>
        {
            ["model"] = JsonSerializer.SerializeToElement(chat.ModelId),
            ["max_tokens"] = JsonSerializer.SerializeToElement(chat.MaxOutputTokens ?? 1024),
            ["messages"] = JsonSerializer.SerializeToElement(Array.Empty<object>()),
        };
        if (chat.Temperature is { } temperature)
        {
            body["temperature"] = JsonSerializer.SerializeToElement(temperature);
        }
        if (chat.TopP is { } topP)
        {
            body["top_p"] = JsonSerializer.SerializeToElement(topP);
        }
        if (user is not null)
        {
            body["metadata"] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["user_id"] = user });
        }
        return Anthropic.Models.Messages.MessageCreateParams.FromRawUnchecked(
            new Dictionary<string, JsonElement>(), new Dictionary<string, JsonElement>(), body);
    }

    private static ReasoningOptions? Reasoning(string? effort) => effort switch
    {
        null => null,
        "none" => new ReasoningOptions { Effort = ReasoningEffort.None },
        "minimal" or "low" => new ReasoningOptions { Effort = ReasoningEffort.Low },
        "medium" => new ReasoningOptions { Effort = ReasoningEffort.Medium },
        "high" => new ReasoningOptions { Effort = ReasoningEffort.High },
        _ => new ReasoningOptions { Effort = ReasoningEffort.ExtraHigh },
    };
}
