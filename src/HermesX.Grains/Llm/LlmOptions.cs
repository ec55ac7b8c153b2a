using System.Globalization;
using Microsoft.Extensions.Configuration;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm;

/// <summary>
/// The default model and catalog location, read from HERMES_* environment variables with the
/// LLM_* aliases as fallbacks (the Helm chart of the original deployment sets only the aliases).
/// </summary>
public sealed class LlmOptions
{
    public string Provider { get; set; } = LlmProviders.OpenAI;

    /// <summary>As configured, before normalisation; kept so validation can name the bad value.</summary>
    public string? ProviderSetting { get; set; }

    public string? Model { get; set; }

    public string? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Path of the model catalog file (HERMES_MODEL_CATALOG).</summary>
    public string? CatalogPath { get; set; }

    /// <summary>Output cap sent when neither the request nor the catalog gives one (HERMES_MAX_TOKENS).</summary>
    public int MaxOutputTokens { get; set; } = 4096;

    public string? MaxOutputTokensSetting { get; set; }

    public string DefaultModelId => Model ?? LlmProviders.DefaultModelFor(Provider);

    internal static void Bind(LlmOptions options, IConfiguration configuration)
    {
        options.ProviderSetting = Value(configuration, "HERMES_PROVIDER");
        options.Provider = LlmProviders.Normalize(options.ProviderSetting ?? LlmProviders.OpenAI) ?? LlmProviders.OpenAI;
        options.Model = Value(configuration, "HERMES_MODEL") ?? Value(configuration, "LLM_MODEL");
        options.BaseUrl = Value(configuration, "HERMES_BASE_URL") ?? Value(configuration, "LLM_API_URL");
        options.ApiKey = Value(configuration, "HERMES_API_KEY_LLM") ?? Value(configuration, "LLM_API_KEY");
        options.CatalogPath = Value(configuration, "HERMES_MODEL_CATALOG");
        options.MaxOutputTokensSetting = Value(configuration, "HERMES_MAX_TOKENS");
        if (options.MaxOutputTokensSetting is { } max
            && int.TryParse(max, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            options.MaxOutputTokens = parsed;
        }
    }

    /// <summary>Blank counts as unset: deployment templates often render empty strings.</summary>
    private static string? Value(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
