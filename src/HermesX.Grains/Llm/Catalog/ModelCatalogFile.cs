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

        // Models of the default provider share its endpoint and key unless they name their own.
        var sameAsDefault = provider == defaults.Provider;
        return new ModelInfo
        {
            Id = entry.Id!.Trim(),
            Provider = provider,
            BaseUrl = entry.BaseUrl ?? (sameAsDefault ? defaults.BaseUrl : null),
            ApiKeyVariable = entry.ApiKeyEnv ?? (sameAsDefault ? null : LlmProviders.ApiKeyVariableFor(provider)),
            ContextLength = entry.ContextLength,
            MaxOutputTokens = entry.MaxOutputTokens,
            InputPricePerMillion = entry.InputPricePerMillion,
            OutputPricePerMillion = entry.OutputPricePerMillion,
        };
    }

    private sealed class CatalogDocument
    {
        public List<CatalogEntry>? Models { get; set; }
    }

    private sealed class CatalogEntry
    {
        public string? Id { get; set; }

        public string? Provider { get; set; }

        public string? BaseUrl { get; set; }

        public string? ApiKeyEnv { get; set; }

        public int? ContextLength { get; set; }

        public int? MaxOutputTokens { get; set; }

        public decimal InputPricePerMillion { get; set; }

        public decimal OutputPricePerMillion { get; set; }
    }
}
