using HermesX.Grains.Abstractions.Llm;

namespace HermesX.Grains.Llm.Catalog;

/// <summary>The <c>deployments:</c> list of a catalog entry: the upstreams that serve one model id.</summary>
internal static class CatalogDeployments
{
    /// <summary>The deployments of an entry; empty when it names none (the entry's own keys describe its one upstream).</summary>
    /// <exception cref="FormatException">A deployment is invalid; the message says which and why.</exception>
    public static IReadOnlyList<ModelDeployment> Parse(
        List<CatalogDeployment>? entries, ModelCatalogFile.CatalogEntry entry, string entryProvider, string where, LlmOptions defaults)
    {
        if (entries is null)
        {
            return [];
        }

        // Where the endpoint and key live must be unambiguous: on each deployment, never also on the entry.
        if (entry.BaseUrl is not null || entry.ApiKeyEnv is not null)
        {
            throw new FormatException($"{where}: base_url and api_key_env belong on each deployment when deployments are given");
        }

        if (entries.Count == 0)
        {
            throw new FormatException($"{where}: deployments must list at least one deployment");
        }

        var deployments = new List<ModelDeployment>(entries.Count);
        foreach (var (item, index) in entries.Select((d, i) => (d, i)))
        {
            var at = $"{where}.deployments[{index}]";
            var deployment = ToDeployment(item, entry.Id!.Trim(), entryProvider, at, defaults);
            if (deployments.Count > 0 && deployment.Provider != deployments[0].Provider)
            {
                // Requests are shaped for one provider per model; other providers are reached through fallbacks.
                throw new FormatException($"{at}: provider must match the entry's other deployments (use fallbacks to reach another provider)");
            }

            // Two keys on one endpoint are two deployments: the id stays unique so answers and metrics tell them apart.
            deployments.Add(deployments.Any(d => d.Id == deployment.Id) ? deployment with { Id = $"{deployment.Id}#{index + 1}" } : deployment);
        }

        return deployments;
    }

    /// <summary>Models of the default provider share its endpoint unless they name their own.</summary>
    public static string? DefaultBaseUrl(string provider, LlmOptions defaults) =>
        provider == defaults.Provider ? defaults.BaseUrl : null;

    /// <summary>Models of the default provider share its key; others read their provider's usual variable.</summary>
    public static string? DefaultKeyVariable(string provider, LlmOptions defaults) =>
        provider == defaults.Provider ? null : LlmProviders.ApiKeyVariableFor(provider);

    /// <summary>The one deployment of an entry that lists none: the model's own endpoint, key and id.</summary>
    public static ModelDeployment Own(ModelInfo model) => new()
    {
        Id = IdOf(model.Provider, model.BaseUrl, model.Id),
        Provider = model.Provider,
        BaseUrl = model.BaseUrl,
        ApiKeyVariable = model.ApiKeyVariable,
        Model = model.Id,
    };

    /// <summary>
    /// The model as <paramref name="deployment"/>'s upstream knows it — its endpoint, key and model name,
    /// the catalog entry's limits and prices otherwise: what a provider client is built from.
    /// </summary>
    public static ModelInfo Upstream(ModelInfo model, ModelDeployment deployment) => model with
    {
        Id = deployment.Model,
        Provider = deployment.Provider,
        BaseUrl = deployment.BaseUrl,
        ApiKeyVariable = deployment.ApiKeyVariable,
    };

    /// <summary>The id of a deployment: its endpoint's host:port and the upstream model name.</summary>
    public static string IdOf(string provider, string? baseUrl, string model)
    {
        var endpoint = EndpointUrls.For(provider, baseUrl);
        return $"{endpoint.Host}:{endpoint.Port}/{model}";
    }

    private static ModelDeployment ToDeployment(CatalogDeployment item, string modelId, string entryProvider, string at, LlmOptions defaults)
    {
        var provider = item.Provider is null
            ? entryProvider
            : LlmProviders.Normalize(item.Provider)
              ?? throw new FormatException($"{at}: provider must be one of {string.Join(", ", LlmProviders.All)}");
        if (item.BaseUrl is { } url && !EndpointUrls.IsHttpUrl(url))
        {
            throw new FormatException($"{at}: base_url must be an absolute http(s) URL");
        }

        if (item.Weight is <= 0 || item.Rpm is <= 0 || item.Tpm is <= 0)
        {
            throw new FormatException($"{at}: weight, rpm and tpm must be > 0");
        }

        if (item.Model is { } named && string.IsNullOrWhiteSpace(named))
        {
            throw new FormatException($"{at}: model must not be empty");
        }

        var baseUrl = item.BaseUrl ?? DefaultBaseUrl(provider, defaults);
        var model = item.Model?.Trim() ?? modelId;
        return new ModelDeployment
        {
            Id = IdOf(provider, baseUrl, model),
            Provider = provider,
            BaseUrl = baseUrl,
            ApiKeyVariable = item.ApiKeyEnv ?? DefaultKeyVariable(provider, defaults),
            Model = model,
            Weight = item.Weight ?? 1,
            Rpm = item.Rpm,
            Tpm = item.Tpm,
        };
    }
}

/// <summary>One item of an entry's <c>deployments:</c> list as written in the file.</summary>
internal sealed class CatalogDeployment
{
    public string? Provider { get; set; }

    public string? BaseUrl { get; set; }

    public string? ApiKeyEnv { get; set; }

    public string? Model { get; set; }

    public int? Weight { get; set; }

    public int? Rpm { get; set; }

    public int? Tpm { get; set; }
}
