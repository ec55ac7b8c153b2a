namespace HermesX.Grains.Abstractions.Llm;

/// <summary>A model HermesX can call: where it lives and what it costs.</summary>
public sealed record ModelInfo
{
    public required string Id { get; init; }

    /// <summary>One of <see cref="LlmProviders.All"/>.</summary>
    public required string Provider { get; init; }

    /// <summary>Endpoint override; null means the provider's public endpoint.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Configuration key (environment variable) holding the API key; null means HERMES_API_KEY_LLM.</summary>
    public string? ApiKeyVariable { get; init; }

    public int? ContextLength { get; init; }

    public int? MaxOutputTokens { get; init; }

    /// <summary>Price in USD per million input (prompt) tokens.</summary>
    public decimal InputPricePerMillion { get; init; }

    /// <summary>Price in USD per million output (completion) tokens.</summary>
    public decimal OutputPricePerMillion { get; init; }

    /// <summary>The upstreams that serve this model; empty means one, described by the model's own keys.</summary>
    public IReadOnlyList<ModelDeployment> Deployments { get; init; } = [];

    /// <summary>Model ids tried in order when every deployment of this one failed, or when a prompt outgrows its context.</summary>
    public IReadOnlyList<string> Fallbacks { get; init; } = [];

    /// <summary>How long a failed deployment is passed over before it is tried again.</summary>
    public TimeSpan Cooldown { get; init; } = DefaultCooldown;

    /// <summary>The cooldown of an entry that names none.</summary>
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromSeconds(30);

    /// <summary>True for the model named by HERMES_MODEL, which is served whatever the catalog says.</summary>
    public bool IsDefault { get; init; }

    /// <summary>Cost in USD of one call with the given token counts.</summary>
    public decimal CostOf(long inputTokens, long outputTokens) =>
        (inputTokens * InputPricePerMillion + outputTokens * OutputPricePerMillion) / 1_000_000m;
}
