using Anthropic;
using HermesX.Grains.Llm.Gemini;
using Microsoft.Extensions.AI;
using HermesX.Grains.Llm.OpenAi;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Providers;

/// <summary>Creates the raw SDK-backed chat client for one model. Resilience is added around it by the factory.</summary>
internal static class ProviderChatClients
{
    /// <summary>
    /// Bounds a single SDK network operation. The per-attempt limit that matters is the resilience pipeline's;
    /// this is generous so long streamed answers are never cut by the SDK.
    /// </summary>
    private static readonly TimeSpan SdkTimeout = TimeSpan.FromMinutes(10);

    public static IChatClient Create(ModelInfo model, string? apiKey, HttpClient http, int defaultMaxOutputTokens, TimeProvider time)
    {
        var endpoint = EndpointUrls.For(model.Provider, model.BaseUrl);
        return model.Provider switch
        {
            LlmProviders.Anthropic => CreateAnthropic(model, apiKey, http, endpoint, defaultMaxOutputTokens),
            LlmProviders.Gemini => new GeminiChatClient(http, endpoint, apiKey, model.Id, time),
            _ => CreateOpenAI(model, apiKey, http, endpoint),
        };
    }

    /// <summary>Local OpenAI-compatible servers often need no key: none is sent then.</summary>
    private static IChatClient CreateOpenAI(ModelInfo model, string? apiKey, HttpClient http, Uri endpoint) =>
        new OpenAiChatClient(http, endpoint, apiKey, model.Id);

    private static IChatClient CreateAnthropic(
        ModelInfo model, string? apiKey, HttpClient http, Uri endpoint, int defaultMaxOutputTokens)
    {
        var client = new AnthropicClient
        {
            ApiKey = string.IsNullOrEmpty(apiKey) ? "unused" : apiKey,
            BaseUrl = endpoint.ToString().TrimEnd('/'),
            HttpClient = http,
            MaxRetries = 0,
            Timeout = SdkTimeout,
        };
        // The Messages API requires max_tokens on every request.
        return client.AsIChatClient(model.Id, model.MaxOutputTokens ?? defaultMaxOutputTokens);
    }
}
