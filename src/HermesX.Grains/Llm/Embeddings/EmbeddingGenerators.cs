using System.Collections.Concurrent;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Llm.Catalog;
using HermesX.Grains.Llm.Resilience;
using HermesX.Grains.Resilience;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace HermesX.Grains.Llm.Embeddings;

/// <summary>
/// One resilient embedding generator per catalog model, kept for the life of the process and rebuilt
/// only when the catalog changes the model's definition, as the chat clients are. Only the OpenAI
/// provider (and OpenAI-compatible servers) has an embeddings endpoint: Anthropic's API has none,
/// and HermesX speaks no Gemini embeddings call.
/// </summary>
internal sealed class EmbeddingGenerators(
    IOptions<LlmOptions> llmOptions,
    IOptions<LlmResilienceOptions> resilienceOptions,
    LlmApiKeys apiKeys,
    LlmHttpHandler httpHandler,
    ResiliencePipelineRegistry<string> pipelines,
    TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, ResilientEmbeddingGenerator> _generators = new(StringComparer.OrdinalIgnoreCase);

    public static bool Serves(ModelInfo model) => model.Provider == LlmProviders.OpenAI;

    /// <summary>The generator of <paramref name="model"/>, which must be one <see cref="Serves"/> accepts.</summary>
    public ResilientEmbeddingGenerator For(ModelInfo model)
    {
        if (!Serves(model))
        {
            throw new ArgumentException($"the {model.Provider} provider serves no embeddings", nameof(model));
        }
        // A generator holds no connection of its own: two racing first calls may both build one, and either serves.
        return _generators.AddOrUpdate(model.Id, _ => Build(model), (_, known) => known.Model == model ? known : Build(model));
    }

    private ResilientEmbeddingGenerator Build(ModelInfo model)
    {
        // The model's first deployment (the one its own keys describe when it lists none), with its
        // upstream model name; its pipeline, and so its circuit breaker, is the one its chat calls share.
        var deployment = model.Deployments.Count > 0 ? model.Deployments[0] : CatalogDeployments.Own(model);
        var upstream = CatalogDeployments.Upstream(model, deployment);
        var raw = new OpenAiEmbeddingGenerator(httpHandler.CreateClient(), EndpointUrls.For(upstream.Provider, upstream.BaseUrl),
            apiKeys.For(upstream, llmOptions.Value), upstream.Id);
        var pipeline = pipelines.GetOrAddPipeline(HermesResilience.ForDeployment(deployment, retries: true), builder =>
        {
            builder.TimeProvider = timeProvider;
            LlmResiliencePipelines.Configure(builder, resilienceOptions.Value);
        });
        return new ResilientEmbeddingGenerator(raw, model, deployment.Id, pipeline);
    }
}
