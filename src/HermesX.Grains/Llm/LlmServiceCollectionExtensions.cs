using HermesX.Grains.Llm.Catalog;
using HermesX.Grains.Llm.Embeddings;
using HermesX.Grains.Llm.Resilience;
using HermesX.Grains.Llm.Routing;
using HermesX.Grains.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Registers the model catalog (<see cref="IModelCatalog"/>) and the client factory
    /// (<see cref="ILlmClientFactory"/>), configured from HERMES_PROVIDER, HERMES_MODEL, HERMES_BASE_URL,
    /// HERMES_API_KEY_LLM (aliases LLM_API_URL, LLM_API_KEY, LLM_MODEL), HERMES_MODEL_CATALOG,
    /// HERMES_MAX_TOKENS and the <c>Llm:Resilience</c> section.
    /// </summary>
    public static IServiceCollection AddHermesLlm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmOptions>()
            .Configure(options => LlmOptions.Bind(options, configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.AddOptions<LlmResilienceOptions>()
            .Bind(configuration.GetSection(LlmResilienceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHermesResilience();
        services.TryAddSingleton<LlmHttpHandler>();
        services.TryAddSingleton(new LlmApiKeys(configuration));
        services.TryAddSingleton<IModelCatalog, ModelCatalog>();
        // One view of the deployments' health per process: a deployment cooled down by a chat call is passed over by embeddings too.
        services.TryAddSingleton<DeploymentHealth>();
        services.TryAddSingleton<ILlmClientFactory, LlmClientFactory>();
        services.TryAddSingleton<EmbeddingGenerators>();
        services.AddHostedService<ModelCatalogStartup>();
        return services;
    }
}
