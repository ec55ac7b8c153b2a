using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using HermesX.Grains.Abstractions.Configuration;
using HermesX.Grains.Abstractions.Llm;
using HermesX.Grains.Configuration;

namespace HermesX.Grains.Llm;

/// <summary>
/// The default model and catalog location, bound from HERMES_* environment variables with the
/// LLM_* aliases as fallbacks (the Helm chart of the original deployment sets only the aliases).
/// </summary>
public sealed class LlmOptions
{
    /// <summary>HERMES_PROVIDER as written; validation names it when no provider matches.</summary>
    [ConfigurationKeyName("HERMES_PROVIDER")]
    public string? ProviderSetting { get; set; }

    public string Provider => LlmProviders.Normalize(ProviderSetting ?? LlmProviders.OpenAI) ?? LlmProviders.OpenAI;

    [ConfigurationKeyName("HERMES_MODEL")]
    public string? ModelSetting { get; set; }

    [ConfigurationKeyName("LLM_MODEL")]
    public string? ModelAlias { get; set; }

    public string? Model => ModelSetting ?? ModelAlias;

    [ConfigurationKeyName("HERMES_BASE_URL")]
    public string? BaseUrlSetting { get; set; }

    [ConfigurationKeyName("LLM_API_URL")]
    public string? BaseUrlAlias { get; set; }

    public string? BaseUrl => BaseUrlSetting ?? BaseUrlAlias;

    [ConfigurationKeyName("HERMES_API_KEY_LLM")]
    public string? ApiKeySetting { get; set; }

    [ConfigurationKeyName("LLM_API_KEY")]
    public string? ApiKeyAlias { get; set; }

    public string? ApiKey => ApiKeySetting ?? ApiKeyAlias;

    /// <summary>Path of the model catalog file (HERMES_MODEL_CATALOG).</summary>
    [ConfigurationKeyName("HERMES_MODEL_CATALOG")]
    public string? CatalogPath { get; set; }

    /// <summary>Output cap sent when neither the request nor the catalog gives one (HERMES_MAX_TOKENS).</summary>
    [ConfigurationKeyName("HERMES_MAX_TOKENS"), Range(1, 1_000_000)]
    public int MaxOutputTokens { get; set; } = HermesOptions.DefaultMaxTokens;

    public string DefaultModelId => Model ?? LlmProviders.DefaultModelFor(Provider);

    internal static void Bind(LlmOptions options, IConfiguration configuration) =>
        EnvironmentBinder.Bind<LlmOptions>(configuration, options);
}
