using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using HermesX.Grains.Agent;
using HermesX.Grains.Llm.Providers;
using HermesX.Grains.Llm.Resilience;
using HermesX.Grains.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly.Registry;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm;

/// <summary>
/// Builds one resilient client per provider and model and keeps it for the life of the process, so the
/// circuit breaker sees every request to that model. A client is rebuilt only when the catalog changes
/// the model's definition (endpoint, key variable, limits).
/// </summary>
internal sealed class LlmClientFactory(
    IModelCatalog catalog,
    IOptions<LlmOptions> llmOptions,
    IOptions<LlmResilienceOptions> resilienceOptions,
    LlmApiKeys apiKeys,
    LlmHttpHandler httpHandler,
    ResiliencePipelineRegistry<string> pipelines,
    TimeProvider timeProvider,
    HermesOptions? hermes = null) : ILlmClientFactory
{
    private readonly ConcurrentDictionary<string, LlmClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _createLock = new();

    public LlmClient GetClient(string? modelId = null) =>
        TryGetClient(modelId, out var client) ? client : throw new LlmModelNotFoundException(modelId ?? "");

    public bool TryGetClient(string? modelId, [NotNullWhen(true)] out LlmClient? client)
    {
        ModelInfo? model;
        if (string.IsNullOrWhiteSpace(modelId))
        {
            model = catalog.Default;
        }
        else if (!catalog.TryGet(modelId, out model))
        {
            client = null;
            return false;
        }

        var key = $"{model.Provider}/{model.Id}";
        if (_clients.TryGetValue(key, out client) && client.Model == model)
        {
            return true;
        }

        // Built under a lock so concurrent first requests share one client and one breaker.
        lock (_createLock)
        {
            if (!_clients.TryGetValue(key, out client) || client.Model != model)
            {
                client = new LlmClient(model, Build(model));
                _clients[key] = client;
            }
        }

        return true;
    }

    private IChatClient Build(ModelInfo model)
    {
        var apiKey = apiKeys.For(model, llmOptions.Value);
        var raw = ProviderChatClients.Create(model, apiKey, httpHandler.CreateClient(), llmOptions.Value.MaxOutputTokens, timeProvider);
        // The GenAI spans and metrics leave the process only over OTLP: without it nothing would read them.
        var traced = hermes?.OtlpEndpoint is null ? raw : new ChatClientBuilder(raw).UseOpenTelemetry(sourceName: LlmTelemetry.SourceName).Build();
        var pipeline = pipelines.GetOrAddPipeline(HermesResilience.ForModel(model), builder =>
        {
            builder.TimeProvider = timeProvider;
            LlmResiliencePipelines.Configure(builder, resilienceOptions.Value);
        });
        return new ResilientChatClient(traced, model, pipeline);
    }
}
