using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Catalog;

/// <summary>
/// The catalog file format (YAML; JSON works too, being valid YAML). See models.sample.yaml.
/// Unknown keys are errors, so a misspelt price never silently becomes zero.
/// </summary>
internal static class ModelCatalogFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Parses and validates a whole file; any error rejects the file so the last good catalog stays.</summary>
    /// <exception cref="FormatException">The file is not a valid catalog; the message says where.</exception>
    public static IReadOnlyList<ModelInfo> Parse(string yaml, LlmOptions defaults)
    {
        CatalogDocument? document;
        try
        {
            document = Deserializer.Deserialize<CatalogDocument?>(yaml);
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var models = new List<ModelInfo>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (entry, index) in (document?.Models ?? []).Select((m, i) => (m, i)))
        {
            var where = $"models[{index}]";
            if (string.IsNullOrWhiteSpace(entry.Id))
            {
                throw new FormatException($"{where}: id is required");
            }

            if (!seen.Add(entry.Id))
            {
                throw new FormatException($"{where}: duplicate id '{entry.Id}'");
            }

            models.Add(ToModel(entry, where, defaults));
        }

        CheckFallbacks(models, defaults);
        return models;
    }

    private static ModelInfo ToModel(CatalogEntry entry, string where, LlmOptions defaults)
    {
        var provider = entry.Provider is null
            ? defaults.Provider
            : LlmProviders.Normalize(entry.Provider)
              ?? throw new FormatException($"{where}: provider must be one of {string.Join(", ", LlmProviders.All)}");
        if (entry.BaseUrl is { } url && !EndpointUrls.IsHttpUrl(url))
        {
            throw new FormatException($"{where}: base_url must be an absolute http(s) URL");
        }

        if (entry.InputPricePerMillion < 0 || entry.OutputPricePerMillion < 0
            || entry.ContextLength <= 0 || entry.MaxOutputTokens <= 0)
        {
            throw new FormatException($"{where}: prices must be >= 0 and token limits > 0");
        }

        if (entry.CooldownSeconds < 0)
        {
            throw new FormatException($"{where}: cooldown_seconds must be >= 0");
        }

        var deployments = CatalogDeployments.Parse(entry.Deployments, entry, provider, where, defaults);
        var model = new ModelInfo
        {
            Id = entry.Id!.Trim(),
            Provider = deployments.Count > 0 ? deployments[0].Provider : provider,
            BaseUrl = entry.BaseUrl ?? CatalogDeployments.DefaultBaseUrl(provider, defaults),
            ApiKeyVariable = entry.ApiKeyEnv ?? CatalogDeployments.DefaultKeyVariable(provider, defaults),
            ContextLength = entry.ContextLength,
            MaxOutputTokens = entry.MaxOutputTokens,
            InputPricePerMillion = entry.InputPricePerMillion,
            OutputPricePerMillion = entry.OutputPricePerMillion,
            Deployments = deployments,
            Fallbacks = [.. (entry.Fallbacks ?? []).Select(f => f?.Trim() ?? "")],
            Cooldown = entry.CooldownSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : ModelInfo.DefaultCooldown,
        };
        return deployments.Count > 0 ? model with { BaseUrl = deployments[0].BaseUrl, ApiKeyVariable = deployments[0].ApiKeyVariable } : model;
    }

    /// <summary>A fallback names another model of the file or the default model, once, and never the entry itself.</summary>
    private static void CheckFallbacks(List<ModelInfo> models, LlmOptions defaults)
    {
        var ids = models.Select(m => m.Id).Append(defaults.DefaultModelId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (model, index) in models.Select((m, i) => (m, i)))
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { model.Id };
            foreach (var fallback in model.Fallbacks)
            {
                if (!ids.Contains(fallback))
                {
                    throw new FormatException($"models[{index}].fallbacks: '{fallback}' is not a model of the catalog");
                }
                if (!seen.Add(fallback))
                {
                    throw new FormatException($"models[{index}].fallbacks: '{fallback}' is the entry itself or listed twice");
                }
            }
        }
    }

    private sealed class CatalogDocument
    {
        public List<CatalogEntry>? Models { get; set; }
    }

    internal sealed class CatalogEntry
    {
        public string? Id { get; set; }

        public string? Provider { get; set; }

        public string? BaseUrl { get; set; }

        public string? ApiKeyEnv { get; set; }

        public int? ContextLength { get; set; }

        public int? MaxOutputTokens { get; set; }

        public decimal InputPricePerMillion { get; set; }

        public decimal OutputPricePerMillion { get; set; }

        public List<CatalogDeployment>? Deployments { get; set; }

        public List<string?>? Fallbacks { get; set; }

        public double? CooldownSeconds { get; set; }
    }
}
