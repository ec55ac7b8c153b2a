using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using HermesX.Grains.Agent;
using HermesX.Grains.Llm.Catalog;
using HermesX.Grains.Llm.Providers;
using HermesX.Grains.Llm.Resilience;
using HermesX.Grains.Llm.Routing;
using HermesX.Grains.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly.Registry;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm;

/// <summary>
/// Builds one routing client per catalog model, over one resilient client per deployment kept for the life
/// of the process, so a deployment's circuit breaker sees every request to it. A model's client is rebuilt
/// when the catalog changes its definition; the deployments' clients, cooldowns and caps carry over.
/// </summary>
internal sealed class LlmClientFactory(
    IModelCatalog catalog,
    IOptions<LlmOptions> llmOptions,
    IOptions<LlmResilienceOptions> resilienceOptions,
    LlmApiKeys apiKeys,
    LlmHttpHandler httpHandler,
    ResiliencePipelineRegistry<string> pipelines,
    TimeProvider timeProvider,
    DeploymentHealth health,
    HermesOptions? hermes = null) : ILlmClientFactory
{
    private readonly ConcurrentDictionary<string, LlmClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _createLock = new();
    private LlmRouter<IChatClient>? _router;

    private LlmRouter<IChatClient> Router => _router ??= new LlmRouter<IChatClient>(catalog, health, BuildDeployment);

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
                client = new LlmClient(model, new RoutedChatClient(model, Router));
                _clients[key] = client;
            }
        }

        return true;
    }

    /// <summary>The resilient client of one deployment; <paramref name="retries"/> is false when the call has another deployment to move on to.</summary>
    private IChatClient BuildDeployment(ModelInfo model, ModelDeployment deployment, bool retries)
    {
        // The provider clients read the upstream's endpoint, key and model name from the model they are given.
        var upstream = CatalogDeployments.Upstream(model, deployment);
        var apiKey = apiKeys.For(upstream, llmOptions.Value);
        var raw = ProviderChatClients.Create(upstream, apiKey, httpHandler.CreateClient(), llmOptions.Value.MaxOutputTokens, timeProvider);
        // The GenAI spans and metrics leave the process only over OTLP: without it nothing would read them.
        var traced = hermes?.OtlpEndpoint is null ? raw : new ChatClientBuilder(raw).UseOpenTelemetry(sourceName: LlmTelemetry.SourceName).Build();
        var pipeline = pipelines.GetOrAddPipeline(HermesResilience.ForDeployment(deployment, retries), builder =>
        {
            builder.TimeProvider = timeProvider;
            LlmResiliencePipelines.Configure(builder, resilienceOptions.Value, retries);
        });
        return new ResilientChatClient(traced, upstream, pipeline);
    }
}
