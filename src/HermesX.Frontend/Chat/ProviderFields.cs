using HermesX.Frontend.Wire;
using HermesX.Grains.Abstractions.Sessions;
using HermesX.Frontend.Errors;
using Microsoft.AspNetCore.Http;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Frontend.Chat;

/// <summary>How a provider takes a Chat Completions field.</summary>
public enum FieldSupport
{
    /// <summary>Sent as it is.</summary>
    Forwarded,

    /// <summary>Sent as the provider's equivalent.</summary>
    Translated,

    /// <summary>Refused with 400 when the request asks for it.</summary>
    Refused,
}

/// <summary>One request field and what each provider does with it; <see cref="Asked"/> is false for a value that asks for nothing (a zero penalty).</summary>
public sealed record ProviderField(string Field, Func<TurnOptions, bool> Asked, FieldSupport OpenAI, FieldSupport Anthropic, FieldSupport Gemini)
{
    public FieldSupport For(string provider) => provider switch
    {
        LlmProviders.Anthropic => Anthropic,
        LlmProviders.Gemini => Gemini,
        _ => OpenAI,
    };
}

/// <summary>One kind of user content part and what each provider does with it.</summary>
public sealed record ProviderPart(string Part, Func<ContentPart, bool> Is, FieldSupport OpenAI, FieldSupport Anthropic, FieldSupport Gemini)
{
    public FieldSupport For(string provider) => provider switch
    {
        LlmProviders.Anthropic => Anthropic,
        LlmProviders.Gemini => Gemini,
        _ => OpenAI,
    };
}

/// <summary>
/// The field × provider table (docs/api.md shows the same): checked in the frontend before the turn
/// reaches its session, so a refused field costs no model call and writes nothing.
/// </summary>
public static class ProviderFields
{
    private const FieldSupport F = FieldSupport.Forwarded;
    private const FieldSupport T = FieldSupport.Translated;
    private const FieldSupport R = FieldSupport.Refused;

    public static readonly IReadOnlyList<ProviderField> Table =
    [
        new("stop", o => o.Stop is not null, F, T, T),
        new("top_p", o => o.TopP is not null, F, F, T),
        new("seed", o => o.Seed is not null, F, R, T),
        new("presence_penalty", o => o.PresencePenalty is not (null or 0), F, R, T),
        new("frequency_penalty", o => o.FrequencyPenalty is not (null or 0), F, R, T),
        new("response_format", o => o.ResponseFormat == "json_object", F, R, T),
        new("response_format.json_schema", o => o.ResponseFormat == "json_schema", F, T, T),
        new("parallel_tool_calls", o => o.ParallelToolCalls is false, F, T, R),
        new("reasoning_effort", o => o.ReasoningEffort is not null, F, T, T),
        new("logit_bias", o => o.LogitBias is not null, F, R, R),
        new("logprobs", o => o.Logprobs, F, R, R),
        new("user", o => o.EndUser is not null, F, T, R),
        new("metadata", o => o.Metadata is not null, F, R, R),
        new("store", o => o.Store is true, F, R, R),
    ];

    public static readonly IReadOnlyList<ProviderPart> Parts =
    [
        new("image_url (http URL)", p => p.Type == ContentPartTypes.Image && p.Url is not null, F, T, R),
        new("image_url (data URL)", p => p.Type == ContentPartTypes.Image && p.Data is not null, F, T, T),
        new("input_audio", p => p.Type == ContentPartTypes.Audio, F, R, T),
        new("file (PDF)", p => p.Type == ContentPartTypes.File && p.MediaType == "application/pdf", F, T, T),
        new("file (other types)", p => p.Type == ContentPartTypes.File && p.MediaType != "application/pdf", R, R, T),
    ];

    /// <summary>Throws for the first content part of the request the model's provider cannot take.</summary>
    public static void CheckParts(ModelInfo model, IReadOnlyList<SessionMessage> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var parts = messages[i].Parts ?? [];
            for (var j = 0; j < parts.Count; j++)
            {
                if (Parts.FirstOrDefault(k => k.Is(parts[j])) is { } kind && kind.For(model.Provider) == FieldSupport.Refused)
                {
                    throw new ChatRequestException(
                        $"messages[{i}].content[{j}]: {kind.Part} parts are not supported by the {model.Provider} provider of model '{model.Id}'",
                        $"messages[{i}].content[{j}]");
                }
            }
        }
    }

    /// <summary>
    /// The catalog model a turn asks for, or the 400 answer: an unknown model, or a field or content
    /// part (when <paramref name="messages"/> are given) that the model's provider cannot honour.
    /// </summary>
    public static ApiErrorResult? Refusal(IModelCatalog models, string model, TurnOptions options, bool stream,
        IReadOnlyList<SessionMessage>? messages, out ModelInfo info)
    {
        if (!models.TryGet(model, out info!))
        {
            return ApiError.Create(400, $"The model '{model}' does not exist; GET /v1/models lists the catalog", "model_not_found", "model");
        }
        try
        {
            Check(info, options, stream);
            if (messages is not null)
            {
                CheckParts(info, messages);
            }
            return null;
        }
        catch (ChatRequestException e)
        {
            return ApiError.BadRequest(e.Message, e.Param);
        }
    }

    /// <summary>Throws for the first field the request asks for that the model's provider cannot honour.</summary>
    public static void Check(ModelInfo model, TurnOptions options, bool stream)
    {
        foreach (var field in Table)
        {
            if (field.Asked(options) && field.For(model.Provider) == FieldSupport.Refused)
            {
                var param = field.Field.Split('.')[0];
                throw new ChatRequestException(
                    $"'{field.Field}' is not supported by the {model.Provider} provider of model '{model.Id}'", param);
            }
        }
        if (options.Logprobs && stream)
        {
            throw new ChatRequestException("'logprobs' is returned on non-streamed completions only: send it without 'stream'", "logprobs");
        }
    }
}
