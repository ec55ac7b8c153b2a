using HermesX.FakeLlm;
using HermesX.Grains.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Llm.Tests;

/// <summary>A service provider with HermesX's LLM services, configured like the real process: through settings.</summary>
internal sealed class LlmTestHost : IDisposable
{
    public const string ApiKey = "test-key";
    public const string Model = "test-model";

    private LlmTestHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public ILlmClientFactory Factory => Services.GetRequiredService<ILlmClientFactory>();

    public IModelCatalog Catalog => Services.GetRequiredService<IModelCatalog>();

    /// <summary>Settings that point the default model at the fake, with near-zero backoff so retries are quick.</summary>
    public static Dictionary<string, string?> SettingsFor(FakeLlmServer server, string provider) => new()
    {
        ["HERMES_PROVIDER"] = provider,
        ["HERMES_MODEL"] = Model,
        ["HERMES_BASE_URL"] = server.BaseUrl,
        ["HERMES_API_KEY_LLM"] = ApiKey,
        ["Llm:Resilience:BaseDelay"] = "00:00:00.001",
        ["Llm:Resilience:MaxDelay"] = "00:00:00.005",
    };

    public static LlmTestHost Create(IDictionary<string, string?> settings, TimeProvider? timeProvider = null, HermesOptions? hermes = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }
        if (hermes is not null)
        {
            services.AddSingleton(hermes);
        }

        services.AddHermesLlm(configuration);
        return new LlmTestHost(services.BuildServiceProvider());
    }

    public void Dispose() => Services.Dispose();
}
