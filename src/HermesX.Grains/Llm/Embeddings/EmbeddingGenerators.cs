using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm.Catalog;
using HermesX.Grains.Llm.Resilience;
using HermesX.Grains.Llm.Routing;
using HermesX.Grains.Resilience;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace HermesX.Grains.Llm.Embeddings;

/// <summary>
/// The router of embeddings calls: the chat calls' <see cref="LlmRouter{TClient}"/> over one resilient
/// embedding generator per deployment, kept for the life of the process, and the deployments' health
/// chat calls see. Only the OpenAI provider (and OpenAI-compatible servers) has an embeddings endpoint:
/// Anthropic's API has none, and HermesX speaks no Gemini embeddings call, so models of those
/// providers are left out of an embeddings call's plan.
/// </summary>
internal sealed class EmbeddingGenerators(
    IModelCatalog catalog,
    DeploymentHealth health,
    IOptions<LlmOptions> llmOptions,
    IOptions<LlmResilienceOptions> resilienceOptions,
    LlmApiKeys apiKeys,
    LlmHttpHandler httpHandler,
    ResiliencePipelineRegistry<string> pipelines,
    TimeProvider timeProvider)
{
    private LlmRouter<ResilientEmbeddingGenerator>? _router;

    public LlmRouter<ResilientEmbeddingGenerator> Router => _router ??= new(catalog, health, Build, Unfit);

    /// <summary>Why <paramref name="model"/> cannot serve embeddings; null when it can.</summary>
    public static string? Unfit(ModelInfo model) => model.Provider == LlmProviders.OpenAI
        ? null
        : $"its provider ({model.Provider}) has no embeddings endpoint HermesX can call";

    /// <summary>A deployment's generator with its upstream model name; its pipeline, and so its circuit breaker, is the one its chat calls share.</summary>
    private ResilientEmbeddingGenerator Build(ModelInfo model, ModelDeployment deployment, bool retries)
    {
        var upstream = CatalogDeployments.Upstream(model, deployment);
        var raw = new OpenAiEmbeddingGenerator(httpHandler.CreateClient(), EndpointUrls.For(upstream.Provider, upstream.BaseUrl),
            apiKeys.For(upstream, llmOptions.Value), upstream.Id);
        var pipeline = pipelines.GetOrAddPipeline(HermesResilience.ForDeployment(deployment, retries), builder =>
        {
            builder.TimeProvider = timeProvider;
            LlmResiliencePipelines.Configure(builder, resilienceOptions.Value, retries);
        });
        return new ResilientEmbeddingGenerator(raw, upstream, pipeline);
    }
}
